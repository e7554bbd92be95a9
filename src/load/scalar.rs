//! Resolution of plain scalars by the YAML 1.2 core schema: `yes`, `no`, `on` and `off` are
//! text, dates are text, and only the core schema's forms become null, booleans or numbers.

use std::borrow::Cow;

/// A resolved scalar, before the loader stores it in the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Text, borrowed from the parser's event: most text is kept as a span of the source,
    /// so a copy is made only when the tree needs one.
    Str(Cow<'a, str>),
}

/// Resolves a plain (unquoted) scalar.
pub fn resolve_plain(text: &str) -> Scalar<'_> {
    // Most plain scalars are names and ids: a first character that starts no null, boolean
    // or number makes them text without trying each form.
    let may_be_other = text.as_bytes().first().is_none_or(|&b| {
        b.is_ascii_digit()
            || matches!(
                b,
                b'-' | b'+' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F'
            )
    });
    if !may_be_other {
        return Scalar::Str(Cow::Borrowed(text));
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        _ => {}
    }
    if let Some(int) = parse_int(text) {
        return int;
    }
    if let Some(float) = parse_float(text) {
        return Scalar::Float(float);
    }
    Scalar::Str(Cow::Borrowed(text))
}

/// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`. Integers too large for i64 become floats,
/// as JSON readers would take them.
fn parse_int(text: &str) -> Option<Scalar<'static>> {
    if let Some(oct) = text.strip_prefix("0o") {
        return digits_of(oct, 8).map(|v| int_value(v, false));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return digits_of(hex, 16).map(|v| int_value(v, false));
    }
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match digits.parse::<u128>() {
        Ok(v) => int_value(v, negative),
        Err(_) => Scalar::Float(text.parse::<f64>().ok()?),
    })
}

fn digits_of(text: &str, radix: u32) -> Option<u128> {
    if text.is_empty() {
        return None;
    }
    u128::from_str_radix(text, radix).ok()
}

fn int_value(magnitude: u128, negative: bool) -> Scalar<'static> {
    let signed = if negative {
        i128::try_from(magnitude).map(|m| -m)
    } else {
        i128::try_from(magnitude)
    };
    match signed.ok().and_then(|v| i64::try_from(v).ok()) {
        Some(v) => Scalar::Int(v),
        None => Scalar::Float(if negative {
            -(magnitude as f64)
        } else {
            magnitude as f64
        }),
    }
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` and the infinities and NaN.
fn parse_float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if text.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => return Some(f64::NAN),
        _ => {}
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match fraction {
        Some(f) => all_digits(whole) && all_digits(f) && (!whole.is_empty() || !f.is_empty()),
        None => !whole.is_empty() && all_digits(whole),
    } && !(whole.is_empty() && fraction == Some(""));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    if mantissa_ok && exponent_ok && (fraction.is_some() || exponent.is_some()) {
        text.parse::<f64>().ok()
    } else {
        None
    }
}

/// The largest integer every number in the model (an `f64`) holds exactly: 2^53.
const EXACT_INTEGERS: u64 = 1 << 53;

/// Whether the resolved number `scalar` is exactly what `text` spells: a map's numbers are
/// kept as `f64`, so `12345678901234567890123` (more digits than it holds), `1e-400` (below
/// its smallest) or `9007199254740993` (an odd integer past 2^53) would change silently.
/// Trailing zeros and the form (`1.50`, `15e-1`) do not count: only the value.
pub fn is_exact(text: &str, scalar: &Scalar<'_>) -> bool {
    match *scalar {
        // Exact when the float it becomes is the same integer (every one up to 2^53, and
        // those past it that a float spells, such as 123456789012345680).
        Scalar::Int(i) => i.unsigned_abs() <= EXACT_INTEGERS || (i as f64) as i128 == i128::from(i),
        Scalar::Float(f) if f.is_finite() => {
            let written = if text.starts_with("0x") || text.starts_with("0o") {
                // Hexadecimal and octal integers too large for i64.
                return false;
            } else {
                decimal_value(text)
            };
            written.is_some() && written == decimal_value(&format!("{f:e}"))
        }
        _ => true,
    }
}

/// A decimal number's value as (negative, significant digits, power of ten), with no leading
/// or trailing zeros in the digits; zero is `(false, "", 0)`. `None` for an exponent too
/// large to matter (the value is then 0 or infinite anyway).
fn decimal_value(text: &str) -> Option<(bool, String, i64)> {
    let negative = text.starts_with('-');
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], &unsigned[i + 1..]),
        None => (unsigned, "0"),
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    if exponent.trim_start_matches('-').len() > 9 {
        return None;
    }
    let mut power: i64 = exponent.parse().ok()?;
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    power -= fraction.len() as i64;
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    let trimmed = digits.trim_end_matches('0');
    power += (digits.len() - trimmed.len()) as i64;
    if trimmed.is_empty() {
        return Some((false, String::new(), 0));
    }
    Some((negative, trimmed.to_string(), power))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_2_core_schema() {
        assert_eq!(resolve_plain("no"), Scalar::Str("no".into()));
        assert_eq!(resolve_plain("on"), Scalar::Str("on".into()));
        assert_eq!(resolve_plain("yes"), Scalar::Str("yes".into()));
        assert_eq!(
            resolve_plain("2026-10-01"),
            Scalar::Str("2026-10-01".into())
        );
        assert_eq!(resolve_plain("~"), Scalar::Null);
        assert_eq!(resolve_plain("TRUE"), Scalar::Bool(true));
        assert_eq!(resolve_plain("-2"), Scalar::Int(-2));
        assert_eq!(resolve_plain("+1"), Scalar::Int(1));
        assert_eq!(resolve_plain("0x1F"), Scalar::Int(31));
        assert_eq!(resolve_plain("0o17"), Scalar::Int(15));
        assert_eq!(resolve_plain("012"), Scalar::Int(12));
        assert_eq!(resolve_plain("1.5"), Scalar::Float(1.5));
        assert_eq!(resolve_plain(".5"), Scalar::Float(0.5));
        assert_eq!(resolve_plain("1e3"), Scalar::Float(1000.0));
        assert_eq!(resolve_plain("2.1%"), Scalar::Str("2.1%".into()));
        assert_eq!(resolve_plain("1_000"), Scalar::Str("1_000".into()));
        assert_eq!(resolve_plain("."), Scalar::Str(".".into()));
        assert_eq!(resolve_plain("07:30"), Scalar::Str("07:30".into()));
        assert!(matches!(resolve_plain("-.inf"), Scalar::Float(f) if f == f64::NEG_INFINITY));
        assert!(matches!(
            resolve_plain("99999999999999999999"),
            Scalar::Float(_)
        ));
    }

    #[test]
    fn numbers_that_would_change_are_not_exact() {
        for text in [
            "12345678901234567890123",
            "9007199254740993",
            "1e-400",
            "0x7FFFFFFFFFFFFFFF",
        ] {
            assert!(!is_exact(text, &resolve_plain(text)), "{text}");
        }
        for text in [
            "70",
            "-0.125",
            "1.50",
            "15e-1",
            "1e300",
            "0.1",
            "9007199254740992",
            "0.0",
            "-0",
            "1e-300",
            "0o17",
            "123456789012345680",
        ] {
            assert!(is_exact(text, &resolve_plain(text)), "{text}");
        }
    }
}
