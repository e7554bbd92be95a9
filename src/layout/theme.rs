//! Colours of the light and dark themes, and of channels, personas and stages.
//!
//! Every text colour is chosen to reach at least 4.5:1 contrast against the fill it sits on
//! (WCAG AA for normal text); the tests in this module check the pairs that carry text.

use serde::Serialize;

use std::collections::BTreeMap;

use crate::model::JourneyMap;

/// The colour scheme of a diagram.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// Dark text on white, for print and daylight.
    #[default]
    Light,
    /// Light text on a near-black canvas.
    Dark,
}

/// The colours of one theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub background: &'static str,
    pub band: &'static str,
    pub gutter: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub border: &'static str,
    pub grid: &'static str,
    pub surface: &'static str,
    pub thought: (&'static str, &'static str),
    pub pain: (&'static str, &'static str),
    pub opportunity: (&'static str, &'static str),
    pub opportunity_text: &'static str,
    pub frontstage: (&'static str, &'static str),
    pub backstage: (&'static str, &'static str),
    pub support: (&'static str, &'static str),
    pub metric: (&'static str, &'static str),
    pub evidence: (&'static str, &'static str),
    pub owner: (&'static str, &'static str),
    pub severity_high: &'static str,
    pub severity_medium: &'static str,
    pub severity_low: &'static str,
    pub severity_none: &'static str,
    pub emotion_positive: &'static str,
    pub emotion_negative: &'static str,
    pub baseline: &'static str,
    pub lowest: &'static str,
    pub value_bar: &'static str,
    /// A metric's value and bar when it meets its target (the metric says which way is
    /// better), and when it misses it.
    pub on_target: &'static str,
    pub off_target: &'static str,
    pub target_mark: &'static str,
    pub blueprint_line: &'static str,
    pub personas: [&'static str; 6],
    pub stages: [&'static str; 8],
    /// How much of a channel's colour tints its chip.
    pub chip_tint: f64,
    /// The built-in and fallback channel colours as this theme draws them.
    pub channels: &'static [&'static str; 20],
}

pub const LIGHT: Palette = Palette {
    // One step off the cards' white (`surface`): the dark theme draws the canvas and the
    // cards apart, so each needs a light colour of its own for the HTML page's dark
    // stylesheet to map one to one.
    background: "#fefefe",
    band: "#f6f8fa",
    gutter: "#eef1f4",
    text: "#1f2328",
    muted: "#57606a",
    border: "#d0d7de",
    grid: "#e4e8ec",
    surface: "#ffffff",
    thought: ("#fff8e1", "#e2c26b"),
    pain: ("#fdeceb", "#e8a59f"),
    opportunity: ("#e9f6ec", "#86c796"),
    opportunity_text: "#1b5e20",
    frontstage: ("#e5f1fc", "#8fbfe8"),
    backstage: ("#efeaf8", "#b6a3dc"),
    support: ("#eef1f3", "#b3bec6"),
    metric: ("#ffffff", "#c9d1d9"),
    evidence: ("#fafbfc", "#d8dee4"),
    owner: ("#eef1ff", "#a9b4f5"),
    severity_high: "#b71c1c",
    severity_medium: "#a84300",
    severity_low: "#6d5a00",
    severity_none: "#57606a",
    emotion_positive: "#eef8f0",
    emotion_negative: "#fcf0ef",
    baseline: "#8c959f",
    lowest: "#b71c1c",
    value_bar: "#1565c0",
    on_target: "#1a7f37",
    off_target: "#cf222e",
    target_mark: "#1f2328",
    blueprint_line: "#37474f",
    personas: [
        "#1565c0", "#c2185b", "#00796b", "#6a1b9a", "#e65100", "#5d4037",
    ],
    stages: [
        "#1565c0", "#00796b", "#6a1b9a", "#c2185b", "#e65100", "#2e7d32", "#5d4037", "#0277bd",
    ],
    chip_tint: 0.14,
    channels: &LIGHT_CHANNEL_COLORS,
};

pub const DARK: Palette = Palette {
    background: "#0d1117",
    band: "#131922",
    gutter: "#161d27",
    text: "#e6edf3",
    muted: "#a3adb8",
    border: "#3a4350",
    grid: "#232b36",
    surface: "#161b22",
    thought: ("#2a2513", "#7a6626"),
    pain: ("#2e1617", "#7d3431"),
    opportunity: ("#10271a", "#2f7347"),
    opportunity_text: "#7ee2a0",
    frontstage: ("#0f2740", "#2f6fb8"),
    backstage: ("#211a3a", "#6c54b8"),
    support: ("#1b2129", "#4d5866"),
    metric: ("#161b22", "#3a4350"),
    evidence: ("#12171e", "#2f3742"),
    owner: ("#1a1f3a", "#4c59b8"),
    severity_high: "#ff8a80",
    severity_medium: "#ffb26b",
    severity_low: "#e8c65a",
    severity_none: "#a3adb8",
    emotion_positive: "#0f2117",
    emotion_negative: "#261415",
    baseline: "#6e7781",
    lowest: "#ff8a80",
    value_bar: "#58a6ff",
    on_target: "#3fb950",
    off_target: "#ff7b72",
    target_mark: "#e6edf3",
    blueprint_line: "#9aa7b4",
    personas: [
        "#58a6ff", "#f778ba", "#3fc1b0", "#bc8cff", "#ffa657", "#d2a679",
    ],
    stages: [
        "#58a6ff", "#3fc1b0", "#bc8cff", "#f778ba", "#ffa657", "#7ee2a0", "#d2a679", "#79c0ff",
    ],
    chip_tint: 0.22,
    channels: &DARK_CHANNEL_COLORS,
};

impl ThemeName {
    /// Every theme.
    pub const ALL: [ThemeName; 2] = [ThemeName::Light, ThemeName::Dark];

    pub fn palette(self) -> &'static Palette {
        match self {
            ThemeName::Light => &LIGHT,
            ThemeName::Dark => &DARK,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ThemeName::Light => "light",
            ThemeName::Dark => "dark",
        }
    }
}

/// How each channel of a map looks and what the legend calls it, worked out once for the
/// whole map: the colour and name the map declares, else the built-in channel's, else a
/// colour from [`FALLBACK_CHANNEL_COLORS`] that no other channel of the map has (handed out
/// in order of first use). The diagram and the page's channel list both read it, so they
/// cannot disagree.
#[derive(Debug, Clone, Default)]
pub struct ChannelLooks {
    looks: BTreeMap<String, (&'static str, String)>,
}

impl ChannelLooks {
    pub fn of(map: &JourneyMap) -> ChannelLooks {
        // Every channel, in order of first use, then the declared ones no step uses.
        let mut order: Vec<&str> = Vec::new();
        let used = map.steps().flat_map(|(_, _, step)| &step.touchpoints);
        for channel in used
            .map(|tp| tp.channel().as_str())
            .chain(map.channels.iter().map(|c| c.id.as_str()))
        {
            if !order.contains(&channel) {
                order.push(channel);
            }
        }
        let declared_color = |id: &str| {
            map.channel(id)
                .and_then(|d| d.color.as_ref())
                .and_then(|c| parse_hex(c.as_str()))
        };
        let mut taken: Vec<String> = map
            .channels
            .iter()
            .filter_map(|d| declared_color(d.id.as_str()))
            .map(hex)
            .collect();
        taken.extend(
            order
                .iter()
                .filter_map(|c| builtin_channel(c))
                .map(|b| b.0.to_string()),
        );
        let mut free = FALLBACK_CHANNEL_COLORS
            .iter()
            .filter(|c| !taken.iter().any(|t| t == *c));
        let mut looks = BTreeMap::new();
        for id in order {
            let builtin = builtin_channel(id);
            let name = match (map.channel(id), builtin) {
                (Some(d), _) => d.name.clone(),
                (None, Some(b)) => b.1.to_string(),
                (None, None) => id.to_string(),
            };
            let color = match (declared_color(id), builtin) {
                (Some(rgb), _) => intern(hex(rgb)),
                (None, Some((color, _))) => color,
                // Once every fallback colour is taken, one picked from the id, so it is stable.
                (None, None) => free.next().copied().unwrap_or_else(|| {
                    let sum: usize = id.bytes().map(usize::from).sum();
                    FALLBACK_CHANNEL_COLORS[sum % FALLBACK_CHANNEL_COLORS.len()]
                }),
            };
            looks.insert(id.to_string(), (color, name));
        }
        ChannelLooks { looks }
    }

    /// The colour and display name of channel `id` (one the map uses or declares; any other
    /// gets the look a built-in or unknown channel has).
    pub fn get(&self, id: &str) -> (&'static str, String) {
        self.looks
            .get(id)
            .cloned()
            .unwrap_or_else(|| match builtin_channel(id) {
                Some((color, name)) => (color, name.to_string()),
                None => (FALLBACK_CHANNEL_COLORS[0], id.to_string()),
            })
    }
}

use crate::model::BUILTIN_CHANNELS;

/// Colours for declared channels that name none, handed out in the order channels are first
/// used, each to one channel of a map (see [`BUILTIN_CHANNELS`] for how they were chosen).
pub const FALLBACK_CHANNEL_COLORS: [&str; 6] = [
    "#a984b3", "#fd536a", "#1599de", "#9c5f0a", "#b47763", "#c440aa",
];

/// The colour and display name of a built-in channel.
pub fn builtin_channel(id: &str) -> Option<(&'static str, &'static str)> {
    BUILTIN_CHANNELS
        .iter()
        .find(|(b, _, _)| *b == id)
        .map(|(_, color, name)| (*color, *name))
}

/// A computed colour as a `&'static str`, so that scenes hold colours without an allocation
/// each. The set of distinct colours a process makes is small (theme colours mixed with a
/// handful of channel colours), so each is leaked once and reused.
pub fn intern(color: String) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static SET: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut set = SET.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(existing) = set.get(color.as_str()) {
        return existing;
    }
    let leaked: &'static str = Box::leak(color.into_boxed_str());
    set.insert(leaked);
    leaked
}

/// The fill of a chip tinted by `color`, and a dot colour that stays visible on it, cached
/// because every touchpoint chip asks for the same few.
pub fn chip_colors(color: &'static str, p: &Palette) -> (&'static str, &'static str) {
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    type Cache = BTreeMap<(&'static str, &'static str), (&'static str, &'static str)>;
    thread_local! {
        static CACHE: RefCell<Cache> = const { RefCell::new(BTreeMap::new()) };
    }
    CACHE.with(|cache| {
        *cache
            .borrow_mut()
            .entry((color, p.surface))
            .or_insert_with(|| {
                let fill = mix(color, p.surface, p.chip_tint);
                (fill, visible_on(color, fill, p.text))
            })
    })
}

/// The built-in channels' colours and then [`FALLBACK_CHANNEL_COLORS`] as the light theme
/// draws them, in that order: nudged from the base colours (by at most 5.6 in CIEDE2000) so
/// that each dot reads at 3:1 on its chip as it is, and any two dots are at least 16 apart.
/// Found by a search that first made every colour readable with the least change, then
/// moved colours a little at a time while the closest pair stayed under 16, and then undid
/// as much of the change as it could while it stayed there. The first is one step off the
/// palette's blue (`#1565c0`, personas and stages), which the dark theme draws differently:
/// each light colour has one dark colour, so one diagram serves both schemes in HTML.
const LIGHT_CHANNEL_COLORS: [&str; 20] = [
    "#1564bf", "#7b1fa2", "#00838f", "#2c7c32", "#df6300", "#ad1457", "#747fef", "#795548",
    "#736e09", "#6d9501", "#149a7a", "#a40413", "#6b5c8d", "#ad8300", "#a07eaa", "#f04b62",
    "#1890d1", "#9a5c05", "#b47764", "#c440aa",
];

/// The same for the dark theme (lighter, by at most 14.4 in CIEDE2000 from the base colour).
const DARK_CHANNEL_COLORS: [&str; 20] = [
    "#2c76d4", "#9f4fd7", "#00838f", "#31873a", "#ef6c00", "#d22f6c", "#8b89ff", "#906f6a",
    "#837818", "#74a102", "#06a483", "#d13c31", "#7c719d", "#c69202", "#ba92bd", "#ff5f71",
    "#06a0e4", "#a66816", "#cd8c75", "#e650bc",
];

/// A channel's colour as this theme draws it: a built-in or fallback colour becomes its
/// themed variant (which keeps every two channels' dots apart in that theme); a colour the map
/// declares is drawn as it is, its dot darkened or lightened where it must be to read.
pub fn channel_color(color: &'static str, p: &Palette) -> &'static str {
    BUILTIN_CHANNELS
        .iter()
        .map(|(_, c, _)| *c)
        .chain(FALLBACK_CHANNEL_COLORS)
        .position(|c| c == color)
        .map_or(color, |i| p.channels[i])
}

pub use crate::model::scalars::{hex, parse_hex};

/// `amount` of `color` over `base` (both `#rrggbb`).
pub fn mix(color: &str, base: &str, amount: f64) -> &'static str {
    let (Some(c), Some(b)) = (parse_hex(color), parse_hex(base)) else {
        return intern(base.to_string());
    };
    let blend = |x: u8, y: u8| {
        (f64::from(x) * amount + f64::from(y) * (1.0 - amount))
            .round()
            .clamp(0.0, 255.0) as u8
    };
    intern(hex((blend(c.0, b.0), blend(c.1, b.1), blend(c.2, b.2))))
}

/// WCAG relative luminance.
pub fn luminance(color: &str) -> f64 {
    let Some((r, g, b)) = parse_hex(color) else {
        return 0.0;
    };
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG contrast ratio between two colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// A colour for lines and dots on `background` that stays visible: the colour itself when it
/// contrasts enough, otherwise blended towards the theme's text colour.
pub fn visible_on(color: &str, background: &str, text: &str) -> &'static str {
    let mut current = intern(hex(parse_hex(color).unwrap_or((128, 128, 128))));
    let mut amount = 0.0;
    while contrast(current, background) < 3.0 && amount < 1.0 {
        amount += 0.1;
        current = mix(text, color, amount);
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every built-in channel has a look, and nothing else has one.
    #[test]
    fn every_builtin_channel_has_a_look_and_no_other() {
        for (id, _, _) in BUILTIN_CHANNELS {
            assert!(builtin_channel(id).is_some(), "{id} has no colour");
        }
        assert!(builtin_channel("kiosk").is_none());
    }

    fn map(json: serde_json::Value) -> JourneyMap {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_declared_channel_wins_over_the_builtin_look() {
        let map = map(serde_json::json!({
            "journeymap": 1, "id": "m", "title": "M",
            "channels": [
                {"id": "web", "name": "Website", "color": "#123"},
                {"id": "kiosk", "name": "Kiosk"}
            ],
            "stages": [{"id": "s", "name": "S", "steps": [{"id": "a", "name": "A"}]}]
        }));
        let looks = ChannelLooks::of(&map);
        assert_eq!(looks.get("web"), ("#112233", "Website".into()));
        assert_eq!(
            looks.get("kiosk"),
            (FALLBACK_CHANNEL_COLORS[0], "Kiosk".into())
        );
        assert_eq!(looks.get("email"), ("#00838f", "Email".into()));
    }

    /// Channels without a colour of their own get different fallback colours, in order of
    /// first use, skipping a colour another channel of the map declares.
    #[test]
    fn colourless_channels_each_get_their_own_colour() {
        let map = map(serde_json::json!({
            "journeymap": 1, "id": "m", "title": "M",
            "channels": [
                {"id": "kiosk", "name": "Kiosk"},
                {"id": "fax", "name": "Fax"},
                {"id": "pager", "name": "Pager", "color": FALLBACK_CHANNEL_COLORS[1]}
            ],
            "stages": [{"id": "s", "name": "S", "steps": [
                {"id": "a", "name": "A", "touchpoints": ["fax", "web", "kiosk", "pager"]}
            ]}]
        }));
        let looks = ChannelLooks::of(&map);
        assert_eq!(looks.get("fax").0, FALLBACK_CHANNEL_COLORS[0]);
        assert_eq!(looks.get("kiosk").0, FALLBACK_CHANNEL_COLORS[2]);
        assert_eq!(looks.get("pager").0, FALLBACK_CHANNEL_COLORS[1]);
    }

    /// In each theme, the dots drawn for any two channels a map can get without declaring a
    /// colour are at least 15 apart in CIEDE2000 (by the `delta_e` crate), and every dot
    /// reads at 3:1 on its chip as it is (nothing darkens or lightens it again).
    #[test]
    fn drawn_channel_dots_stay_apart_in_every_theme() {
        let rgb = |c: &str| {
            let (r, g, b) = parse_hex(c).unwrap();
            [r, g, b]
        };
        for (name, p) in [("light", &LIGHT), ("dark", &DARK)] {
            let dots: Vec<(&str, &str)> = BUILTIN_CHANNELS
                .iter()
                .map(|(_, c, _)| *c)
                .chain(FALLBACK_CHANNEL_COLORS)
                .map(|c| {
                    let drawn = channel_color(c, p);
                    (c, chip_colors(drawn, p).1)
                })
                .collect();
            for (base, dot) in &dots {
                let drawn = channel_color(base, p);
                let (fill, _) = chip_colors(drawn, p);
                assert_eq!(*dot, drawn, "{name}: {base}'s dot was adjusted again");
                assert!(
                    contrast(dot, fill) >= 3.0,
                    "{name}: {base}: {dot} on {fill}"
                );
                let moved = delta_e::DE2000::from_rgb(&rgb(base), &rgb(dot));
                assert!(
                    moved < 15.0,
                    "{name}: {base} became {dot} ({moved:.1} away)"
                );
            }
            let mut closest = f32::MAX;
            for (i, (a, da)) in dots.iter().enumerate() {
                for (b, db) in &dots[i + 1..] {
                    let d = delta_e::DE2000::from_rgb(&rgb(da), &rgb(db));
                    closest = closest.min(d);
                    assert!(
                        d >= 15.0,
                        "{name}: {a} ({da}) and {b} ({db}) are {d:.1} apart"
                    );
                }
            }
            assert!(closest >= 15.9, "{name}: closest pair {closest:.1}");
        }
    }

    /// CIEDE2000 between every two base colours a map's channels can get without declaring
    /// one.
    #[test]
    fn channel_colours_stay_apart() {
        let rgb = |c: &str| {
            let (r, g, b) = parse_hex(c).unwrap();
            [r, g, b]
        };
        let colors: Vec<&str> = BUILTIN_CHANNELS
            .iter()
            .map(|(_, c, _)| *c)
            .chain(FALLBACK_CHANNEL_COLORS)
            .collect();
        let mut closest = f32::MAX;
        for (i, a) in colors.iter().enumerate() {
            for b in &colors[i + 1..] {
                let d = delta_e::DE2000::from_rgb(&rgb(a), &rgb(b));
                closest = closest.min(d);
                assert!(d >= 15.0, "{a} and {b} are {d:.1} apart");
            }
        }
        assert!(closest > 16.0, "closest pair {closest:.1}");
    }

    fn assert_readable(fg: &str, bg: &str) {
        let ratio = contrast(fg, bg);
        assert!(ratio >= 4.5, "{fg} on {bg}: {ratio:.2}");
    }

    #[test]
    fn text_colours_are_readable() {
        for p in [&LIGHT, &DARK] {
            for bg in [
                p.background,
                p.band,
                p.gutter,
                p.surface,
                p.thought.0,
                p.pain.0,
                p.opportunity.0,
                p.frontstage.0,
                p.backstage.0,
                p.support.0,
                p.metric.0,
                p.evidence.0,
                p.owner.0,
                p.emotion_positive,
                p.emotion_negative,
            ] {
                assert_readable(p.text, bg);
                assert_readable(p.muted, bg);
            }
            assert_readable(p.on_target, p.metric.0);
            assert_readable(p.off_target, p.metric.0);
            for sev in [
                p.severity_high,
                p.severity_medium,
                p.severity_low,
                p.severity_none,
            ] {
                assert_readable(sev, p.pain.0);
                assert_readable(sev, p.background);
            }
            assert_readable(p.opportunity_text, p.opportunity.0);
            assert_readable(p.lowest, p.emotion_negative);
            for c in p.personas.iter().chain(p.stages.iter()) {
                assert!(contrast(c, p.background) >= 3.0, "{c}");
            }
        }
    }

    #[test]
    fn chips_stay_readable_for_every_channel() {
        for p in [&LIGHT, &DARK] {
            for (_, color, _) in BUILTIN_CHANNELS {
                let chip = mix(color, p.surface, p.chip_tint);
                assert_readable(p.text, chip);
            }
            for custom in ["#ffee00", "#000000", "#ffffff", "#7b2cbf"] {
                let chip = mix(custom, p.surface, p.chip_tint);
                assert_readable(p.text, chip);
            }
        }
    }

    #[test]
    fn colours_parse_and_mix() {
        assert_eq!(parse_hex("#abc"), Some((0xaa, 0xbb, 0xcc)));
        assert_eq!(parse_hex("#7b2cbf"), Some((0x7b, 0x2c, 0xbf)));
        assert_eq!(parse_hex("red"), None);
        assert_eq!(mix("#000000", "#ffffff", 0.5), "#808080");
        assert!(contrast(visible_on("#ffffff", "#ffffff", "#000000"), "#ffffff") >= 3.0);
    }
}
