//! JM204 review-overdue.

use super::Context;
use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::scalars::days_in_month;
use crate::validate::schema::INVALID_VALUE;

/// ## What it does
/// Warns when a map's review is overdue: `review.last` plus the `review.every` cadence
/// (monthly, quarterly, half-yearly, yearly) lies before today. `check --today YYYY-MM-DD`
/// fixes "today" so that CI runs are reproducible. A `review.last` that is not a real
/// calendar day (such as `2026-02-30`) is an error.
///
/// ## Why
/// A journey map describes a service that keeps changing; an unreviewed map slowly turns into
/// fiction that teams still act on.
///
/// ## Example
/// ```yaml
/// review:
///   last: 2025-01-15
///   every: quarterly        # due 2025-04-15: overdue
/// ```
pub static RULE: RuleInfo = RuleInfo::rule("JM204", "review-overdue", Severity::Warning);

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(review) = &cx.map.review else {
        return;
    };
    let Some((year, month, day)) = review.last.ymd() else {
        out.push(
            cx.at(
                &INVALID_VALUE,
                "/review/last",
                format!("`{}` is not a calendar date", review.last),
            )
            .with_label("no such day")
            .with_help("write a real date as `YYYY-MM-DD`"),
        );
        return;
    };
    let Some(every) = review.every else {
        return;
    };
    let due = add_months((year, month, day), every.months());
    let today = cx.options.today.unwrap_or_else(today_utc);
    if today > due {
        out.push(
            cx.at(
                &RULE,
                "/review/last",
                format!(
                    "the {} review was due on {:04}-{:02}-{:02}",
                    cadence_word(every.months()),
                    due.0,
                    due.1,
                    due.2
                ),
            )
            .with_label("last reviewed here")
            .with_help("review the map with its stakeholders, then update `review.last`"),
        );
    }
}

fn cadence_word(months: u32) -> &'static str {
    match months {
        1 => "monthly",
        3 => "quarterly",
        6 => "half-yearly",
        _ => "yearly",
    }
}

/// Adds whole months, clamping the day to the target month's length (Jan 31 + 1 = Feb 28).
pub fn add_months((year, month, day): (i32, u32, u32), months: u32) -> (i32, u32, u32) {
    let zero_based = month - 1 + months;
    let year = year + (zero_based / 12) as i32;
    let month = zero_based % 12 + 1;
    (year, month, day.min(days_in_month(year, month)))
}

/// Today's date in UTC, from the system clock (civil-from-days, Howard Hinnant's algorithm).
pub fn today_utc() -> (i32, u32, u32) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 of a calendar date (days-from-civil, the inverse of
/// [`civil_from_days`]).
pub fn days_from_civil((year, month, day): (i32, u32, u32)) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months((2026, 1, 31), 1), (2026, 2, 28));
        assert_eq!(add_months((2026, 11, 15), 3), (2027, 2, 15));
        assert_eq!(add_months((2024, 2, 29), 12), (2025, 2, 28));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
        for days in [-800_000, -1, 0, 59, 11_016, 20_415, 2_000_000] {
            assert_eq!(days_from_civil(civil_from_days(days)), days);
        }
    }
}
