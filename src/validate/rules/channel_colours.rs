//! JM208 channel-colours-alike.

use super::Context;
use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::BUILTIN_CHANNELS;
use crate::model::scalars::{hex, parse_hex};

/// ## What it does
/// Warns when a channel's declared `color` is hard to tell from the colour of another channel
/// the map's touchpoints use: less than 15 apart in CIEDE2000, the measure of how different
/// two colours look. Built-in channels and channels without a `color` get colours journeymap
/// keeps at least 15 apart; a declared colour is the map's own choice.
///
/// ## Why
/// Touchpoint chips and the legend tell channels apart by colour alone; two channels in nearly
/// the same colour read as one.
///
/// ## Example
/// ```yaml
/// channels:
///   - id: kiosk
///     name: Check-in kiosk
///     color: "#2e7e33"       # the built-in `phone` is #2e7d32
/// ```
pub static RULE: RuleInfo = RuleInfo::rule("JM208", "channel-colours-alike", Severity::Warning);

/// Red, green and blue.
type Rgb = (u8, u8, u8);

/// How far apart, in CIEDE2000, two channels' colours must be to read as different.
const APART: f32 = 15.0;

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let map = cx.map;
    // The channels the touchpoints use, in order of first use, with the colour each has when
    // it is known without the layout: a declared colour (and where it is declared), or a
    // built-in channel's own.
    let mut used: Vec<(&str, Rgb, Option<usize>)> = Vec::new();
    for (_, _, step) in map.steps() {
        for touchpoint in &step.touchpoints {
            let id = touchpoint.channel().as_str();
            if used.iter().any(|(u, _, _)| *u == id) {
                continue;
            }
            let declared = map.channels.iter().position(|c| c.id.as_str() == id);
            let color = match declared.and_then(|i| map.channels[i].color.as_ref()) {
                Some(color) => parse_hex(color.as_str()),
                // Declared without a colour: the layout gives it one it keeps apart.
                None if declared.is_some() => None,
                None => BUILTIN_CHANNELS
                    .iter()
                    .find(|(b, _, _)| *b == id)
                    .and_then(|(_, color, _)| parse_hex(color)),
            };
            if let Some(color) = color {
                let declared_color = declared.filter(|i| map.channels[*i].color.is_some());
                used.push((id, color, declared_color));
            }
        }
    }
    for (i, (id, color, declared)) in used.iter().enumerate() {
        let Some(at) = declared else {
            continue;
        };
        for (j, (other, other_color, other_declared)) in used.iter().enumerate() {
            // Each pair once: against built-ins, and against declared colours used earlier.
            if i == j || (other_declared.is_some() && j > i) {
                continue;
            }
            let rgb = |(r, g, b): Rgb| [r, g, b];
            let apart = delta_e::DE2000::from_rgb(&rgb(*color), &rgb(*other_color));
            if apart < APART {
                out.push(
                    cx.at(
                        &RULE,
                        &format!("/channels/{at}/color"),
                        format!(
                            "`{id}`'s colour is hard to tell from `{other}`'s ({}): {apart:.1} \
                             apart in CIEDE2000, where {APART:.0} or more reads as different",
                            hex(*other_color)
                        ),
                    )
                    .with_label("too close to another channel's colour")
                    .with_help(format!(
                        "choose a colour further from `{other}`'s, or leave out `color` and \
                         journeymap picks one it keeps apart"
                    )),
                );
                break;
            }
        }
    }
}
