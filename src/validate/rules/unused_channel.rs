//! JM206 unused-channel.

use super::Context;
use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};

/// ## What it does
/// Warns about a channel declared under `channels` that no touchpoint uses.
///
/// ## Why
/// It clutters the legend and usually means a touchpoint names the channel differently.
///
/// ## Example
/// ```yaml
/// channels:
///   - id: loyalty-kiosk     # no touchpoint has `channel: loyalty-kiosk`
///     name: Loyalty kiosk
/// ```
pub static RULE: RuleInfo = RuleInfo::rule("JM206", "unused-channel", Severity::Warning);

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let map = cx.map;
    for (i, channel) in map.channels.iter().enumerate() {
        let used = map
            .steps()
            .any(|(_, _, step)| step.touchpoints.iter().any(|t| t.channel() == &channel.id));
        if !used {
            out.push(
                cx.at(
                    &RULE,
                    &format!("/channels/{i}/id"),
                    format!("no touchpoint uses the channel `{}`", channel.id),
                )
                .with_label("unused channel")
                .with_help("use it in a step's `touchpoints`, or remove it"),
            );
        }
    }
}
