//! GitHub-flavoured Markdown escaping, shared by `export markdown` and the pull-request diff
//! so that map text reads the same, and does the same nothing, in both.

/// Escapes one line of map text for inline Markdown (and the HTML GitHub allows in it): the
/// characters that would format, link or start HTML are written so that they show as typed,
/// `@` so that `@octocat` in a map never notifies anyone, and control characters so that they
/// show (`\t`, `\u{0007}`) rather than act.
pub fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 8);
    for c in line.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' | '{' | '}' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("&#64;"),
            '\t' => out.push_str("\\\\t"),
            c if c.is_control() => out.push_str(&format!("\\\\u\\{{{:04x}\\}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn formatting_html_and_mentions_show_as_typed() {
        assert_eq!(
            super::escape_inline("a *b* <i> @octocat [x](y) | 5$ & `c`"),
            "a \\*b\\* &lt;i&gt; &#64;octocat \\[x\\](y) \\| 5\\$ &amp; \\`c\\`"
        );
        assert_eq!(
            super::escape_inline("bell\u{7}\tx"),
            "bell\\\\u\\{0007\\}\\\\tx"
        );
    }
}
