//! The layout's invariants: no two text boxes overlap, no text leaves its cell or the canvas,
//! and every wrapped line fits its box. Checked on every example in every view, theme and
//! persona, and on generated stress maps: very long names and unbroken words, 60 steps in one
//! stage, CJK, emoji, right-to-left text.

mod common;
mod render_support;

use render_support::parse;

use journeymap::layout::{self, Lane, RenderOptions, ThemeName, View};
use journeymap::model::JourneyMap;

fn assert_sound(name: &str, map: &JourneyMap, options: &RenderOptions) {
    let scene = layout::layout(map, options).unwrap();
    let problems = layout::layout_problems(&scene);
    assert!(
        problems.is_empty(),
        "{name} {options:?}:\n{}",
        problems[..problems.len().min(20)].join("\n")
    );
    // Every lane band sits below the previous one.
    let mut bottom = 0.0;
    for band in &scene.bands {
        assert!(band.y + 0.01 >= bottom, "{name}: band {} overlaps", band.id);
        bottom = band.y + band.height;
    }
    assert!(bottom <= scene.height);
}

fn every_option(map: &JourneyMap) -> Vec<RenderOptions> {
    let mut all = Vec::new();
    for theme in [ThemeName::Light, ThemeName::Dark] {
        for view in [View::Journey, View::Empathy] {
            all.push(RenderOptions {
                view,
                theme,
                ..RenderOptions::default()
            });
            for persona in &map.personas {
                all.push(RenderOptions {
                    view,
                    theme,
                    persona: Some(persona.id.to_string()),
                    ..RenderOptions::default()
                });
            }
        }
    }
    all.push(RenderOptions {
        lanes: Some(vec![Lane::Emotion, Lane::Steps, Lane::Metrics]),
        ..RenderOptions::default()
    });
    all
}

#[test]
fn examples_never_overlap_or_overflow() {
    // Only the maps: rendered diagrams beside them (README's main job writes one) are not
    // inputs (regression: readme_order_render_then_test).
    for (name, map) in common::example_maps() {
        for options in every_option(&map) {
            if options.persona.as_ref().is_some_and(|p| {
                options.view == View::Journey
                    && !map.steps().any(|(_, _, s)| s.is_taken_by(p.as_str()))
            }) {
                continue;
            }
            assert_sound(&name, &map, &options);
        }
    }
}

/// Every example and stress map, in every language the diagrams have words in (the words
/// differ in length: German's lane hints are long, Japanese is wide), in both views.
#[test]
fn every_language_lays_out_soundly() {
    use journeymap::layout::words::Language;
    let mut maps: Vec<(String, JourneyMap)> = common::example_maps();
    for (name, text) in render_support::stress_maps() {
        maps.push((name.to_string(), parse(name, &text)));
    }
    for (name, map) in &maps {
        for language in Language::ALL {
            for view in [View::Journey, View::Empathy] {
                let options = RenderOptions {
                    view,
                    language: Some(language),
                    ..RenderOptions::default()
                };
                assert_sound(&format!("{name} in {}", language.tag()), map, &options);
            }
        }
    }
}

#[test]
fn stress_maps_never_overlap_or_overflow() {
    for (name, text) in render_support::stress_maps() {
        let map = parse(name, &text);
        for options in every_option(&map) {
            assert_sound(name, &map, &options);
        }
    }
}

#[test]
fn sixty_steps_make_sixty_columns_under_one_stage() {
    let maps = render_support::stress_maps();
    let (_, text) = maps.iter().find(|(n, _)| *n == "sixty-steps").unwrap();
    let map = parse("sixty", text);
    let scene = layout::layout(&map, &RenderOptions::default()).unwrap();
    let steps = scene
        .bands
        .iter()
        .find(|b| b.lane == Some(Lane::Steps))
        .unwrap();
    assert_eq!(
        steps
            .items
            .iter()
            .filter(|i| matches!(i, layout::scene::Item::Group(_)))
            .count(),
        60
    );
    assert!(scene.width > 60.0 * 200.0);
}

#[test]
fn long_words_are_broken_inside_their_cells() {
    let maps = render_support::stress_maps();
    let (_, text) = maps.iter().find(|(n, _)| *n == "long-names").unwrap();
    let map = parse("long", text);
    let scene = layout::layout(&map, &RenderOptions::default()).unwrap();
    let lines: Vec<&str> = scene
        .texts()
        .iter()
        .flat_map(|t| t.lines.iter())
        .map(|l| l.text.as_str())
        .collect();
    assert!(lines.iter().any(|l| l.starts_with("Supercalifragilistic")));
    // No line carries the whole 80-character word.
    assert!(
        lines
            .iter()
            .all(|l| l.chars().count() < 80 || l.contains(' '))
    );
}

#[test]
fn generated_maps_stay_sound() {
    let map = parse("generated", &render_support::generated_map(120));
    assert_sound("generated-120", &map, &RenderOptions::default());
    assert_sound(
        "generated-120-first",
        &map,
        &RenderOptions {
            persona: Some("first".into()),
            ..RenderOptions::default()
        },
    );
}

/// The Scene says where each element of the map was drawn: every stage, step, list entry,
/// metric and scored step of every example has exactly one place, inside its band, and the
/// emotion lane says where its scores are (the diff picture finds everything by these).
#[test]
fn every_element_of_the_examples_has_one_place() {
    use journeymap::layout::scene::Key;
    use std::collections::BTreeMap;
    for (name, map) in common::example_maps() {
        let scene = layout::layout(&map, &RenderOptions::default()).unwrap();
        let places = scene.places();
        let mut count: BTreeMap<&Key, usize> = BTreeMap::new();
        for place in &places {
            *count.entry(place.key).or_default() += 1;
            let band = &scene.bands[place.band];
            assert!(
                place.rect.y + 0.01 >= band.y && place.rect.bottom() <= band.y + band.height + 0.01,
                "{name}: {:?} at {:?} is outside its band {}",
                place.key,
                place.rect,
                band.id
            );
        }
        let repeated: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
        assert!(repeated.is_empty(), "{name}: drawn twice: {repeated:?}");
        let has = |key: Key| assert!(count.contains_key(&key), "{name}: no place for {key:?}");
        for stage in &map.stages {
            has(Key::Stage {
                stage: stage.id.to_string(),
            });
            for metric in &stage.metrics {
                has(Key::Metric {
                    stage: stage.id.to_string(),
                    step: None,
                    name: metric.name.clone(),
                });
            }
            for step in &stage.steps {
                let id = step.id.to_string();
                has(Key::Step { step: id.clone() });
                let entry = |lane: Lane, index: usize| Key::Entry {
                    step: id.clone(),
                    lane,
                    index,
                };
                for (lane, len) in [
                    (Lane::Touchpoints, step.touchpoints.len()),
                    (Lane::Thoughts, step.thoughts.len()),
                    (Lane::PainPoints, step.pain_points.len()),
                    (Lane::Opportunities, step.opportunities.len()),
                    (Lane::Frontstage, step.frontstage.len()),
                    (Lane::Backstage, step.backstage.len()),
                    (Lane::Support, step.support.len()),
                    (Lane::Evidence, step.evidence.len()),
                    (Lane::Owners, step.owners.len()),
                ] {
                    for index in 0..len {
                        has(entry(lane, index));
                    }
                }
                for metric in &step.metrics {
                    has(Key::Metric {
                        stage: stage.id.to_string(),
                        step: Some(id.clone()),
                        name: metric.name.clone(),
                    });
                }
                if step.emotion.is_some() {
                    assert!(
                        places.iter().any(|p| matches!(p.key,
                            Key::EmotionPoint { step, .. } if *step == id)),
                        "{name}: no emotion point for {id}"
                    );
                }
            }
        }
        let emotion = scene.bands.iter().find(|b| b.lane == Some(Lane::Emotion));
        if let Some(band) = emotion {
            let scale = band
                .scale
                .expect("the emotion lane says where its scores are");
            // A step scored by everyone sits on its score.
            for place in &places {
                if let Key::EmotionPoint {
                    step,
                    persona: None,
                } = place.key
                {
                    let scored = map.steps().find(|(_, _, s)| s.id.as_str() == step.as_str());
                    if let Some((_, _, s)) = scored {
                        if let Some(journeymap::model::Emotion::Score(score)) = &s.emotion {
                            let y = scale.y(band.y, f64::from(score.get()));
                            let centre = place.rect.y + place.rect.h / 2.0;
                            assert!(
                                (y - centre).abs() < 0.02,
                                "{name}: {step} at {centre}, score at {y}"
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The lines of interaction, visibility and internal interaction appear in every service
/// blueprint, and in a map of any kind that draws two or more of the staff lanes; a map with
/// one staff lane only gets none. A day in the life says "What they do", not "the customer".
#[test]
fn blueprint_lines_wherever_two_staff_lanes_are_drawn() {
    let map = |kind: &str, staff: &str| -> journeymap::model::JourneyMap {
        let text = format!(
            "journeymap: 1\nid: m\ntitle: M\nkind: {kind}\nstages:\n  - id: s\n    name: S\n    \
             steps:\n      - id: a\n        name: A\n{staff}"
        );
        let file = journeymap::source::SourceFile::new("m.journey.yaml", None, text);
        let checked = journeymap::validate::check_file(
            &file,
            &journeymap::validate::Options::default(),
            &journeymap::validate::Config::default(),
        );
        assert!(!checked.has_errors(), "{kind}");
        checked.map.unwrap()
    };
    let lines = |map: &journeymap::model::JourneyMap| -> Vec<String> {
        layout::layout(map, &RenderOptions::default())
            .unwrap()
            .bands
            .iter()
            .filter(|b| b.kind == journeymap::layout::scene::BandKind::BlueprintLine)
            .map(|b| b.id.clone())
            .collect()
    };
    let two = "        frontstage: [Greets]\n        support: [Record]\n";
    let one = "        backstage: [Files it]\n";
    for kind in ["journey", "day-in-the-life", "service-blueprint"] {
        assert_eq!(
            lines(&map(kind, two)),
            ["line-of-interaction", "line-of-internal-interaction"],
            "{kind}"
        );
    }
    assert!(lines(&map("journey", one)).is_empty());
    assert_eq!(
        lines(&map("service-blueprint", one)),
        ["line-of-visibility"]
    );
    let scene = layout::layout(&map("day-in-the-life", one), &RenderOptions::default()).unwrap();
    let steps = scene
        .bands
        .iter()
        .find(|b| b.lane == Some(Lane::Steps))
        .unwrap();
    let words: Vec<&str> = steps
        .items
        .iter()
        .filter_map(|i| match i {
            journeymap::layout::scene::Item::Text(t) => Some(t.lines[0].text.as_str()),
            _ => None,
        })
        .collect();
    assert!(words.contains(&"What they do"), "{words:?}");
}

/// A text of an emotion point: what it says, its colour and its box.
type Label = (String, &'static str, journeymap::layout::scene::Rect);

/// The emotion lane's "Lowest" marks: at most one per line (ties say "×n"), red only on a
/// negative score, and each label clear of the zero line and of the other markers in its
/// column. On every example and stress map, in every view, theme and persona; and on a map
/// whose steps all feel +1 (regression: every step was labelled "Lowest" in red).
#[test]
fn one_lowest_mark_per_line_clear_of_the_zero_line_and_markers() {
    use journeymap::layout::scene::Item;
    let all_plus_one = parse(
        "all-plus-one",
        "journeymap: 1\nid: m\ntitle: M\nstages:\n  - id: s\n    name: S\n    steps:\n\
         \x20     - {id: a, name: A, emotion: 1}\n      - {id: b, name: B, emotion: 1}\n\
         \x20     - {id: c, name: C, emotion: 1}\n",
    );
    let mut maps = common::example_maps();
    maps.extend(
        render_support::stress_maps()
            .into_iter()
            .map(|(name, text)| (name.to_string(), parse(name, &text))),
    );
    maps.push(("all-plus-one".to_string(), all_plus_one));
    let mut checked = 0;
    for (name, map) in &maps {
        for options in every_option(map) {
            if options.view != View::Journey {
                continue;
            }
            let Ok(scene) = layout::layout(map, &options) else {
                continue;
            };
            let Some(band) = scene.bands.iter().find(|b| b.lane == Some(Lane::Emotion)) else {
                continue;
            };
            let scale = band.scale.expect("the emotion band has a scale");
            let zero = scale.y(band.y, 0.0);
            let red = options.theme.palette().lowest;
            // (centre x, centre y, value shown, the point's other labels)
            let points: Vec<(f64, f64, String, Vec<Label>)> = band
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Group(g) if g.class == "emotion-point" => Some(g),
                    _ => None,
                })
                .map(|g| {
                    let circle = g
                        .items
                        .iter()
                        .filter_map(|i| match i {
                            Item::Circle(c) => Some(c),
                            _ => None,
                        })
                        .next_back()
                        .unwrap();
                    let texts: Vec<Label> = g
                        .items
                        .iter()
                        .filter_map(|i| match i {
                            Item::Text(t) => Some((t.lines[0].text.clone(), t.color, t.bounds)),
                            _ => None,
                        })
                        .collect();
                    (
                        circle.cx,
                        circle.cy,
                        texts[0].0.clone(),
                        texts[1..].to_vec(),
                    )
                })
                .collect();
            let labels: Vec<_> = points
                .iter()
                .flat_map(|(cx, cy, value, labels)| {
                    labels.iter().map(move |l| (*cx, *cy, value, l))
                })
                .collect();
            // One line per persona at most, or one shared line.
            let lines = map.personas.len().max(1);
            assert!(
                labels.len() <= lines,
                "{name} {options:?}: {} Lowest labels for {lines} lines",
                labels.len()
            );
            for (cx, cy, value, (text, color, bounds)) in &labels {
                assert!(text.starts_with("Lowest"), "{name}: {text}");
                let negative = value.starts_with('\u{2212}');
                assert!(
                    negative || *color != red,
                    "{name} {options:?}: a red Lowest on {value}"
                );
                assert!(
                    !(bounds.y < zero && zero < bounds.y + bounds.h),
                    "{name} {options:?}: the Lowest label under {value} crosses the zero line"
                );
                for (ox, oy, other, _) in &points {
                    if (ox - cx).abs() > 0.5 || (oy - cy).abs() < 0.5 {
                        continue;
                    }
                    let r = 9.5;
                    assert!(
                        !(bounds.y < oy + r && oy - r < bounds.y + bounds.h),
                        "{name} {options:?}: the Lowest label under {value} touches the {other} marker"
                    );
                }
                checked += 1;
            }
            if name == "all-plus-one" {
                assert_eq!(labels.len(), 1, "{labels:?}");
                assert_eq!(labels[0].3.0, "Lowest \u{d7}3");
            }
        }
    }
    assert!(checked > 20, "only {checked} labels checked");
}

/// A persona keeps its colour under `--persona`: the line drawn for the second persona alone
/// has the second persona colour, as in the full diagram and on the page's persona cards.
#[test]
fn a_persona_keeps_its_colour_under_persona() {
    use journeymap::layout::scene::Item;
    for (name, map) in common::example_maps() {
        for (index, persona) in map.personas.iter().enumerate() {
            let options = RenderOptions {
                persona: Some(persona.id.to_string()),
                ..RenderOptions::default()
            };
            let Ok(scene) = layout::layout(&map, &options) else {
                continue;
            };
            let Some(band) = scene.bands.iter().find(|b| b.lane == Some(Lane::Emotion)) else {
                continue;
            };
            let palette = options.theme.palette();
            let expected = palette.personas[index % palette.personas.len()];
            for item in &band.items {
                if let Item::Path(path) = item {
                    assert_eq!(path.stroke, expected, "{name}: {}", persona.id);
                }
            }
        }
    }
}

/// The time lane spaces steps equally, so it says how long each interval is and marks a break
/// where one is more than twice the shortest (regression: 07:00 → 08:30 looked as long as
/// 08:30 → 14:00). Overnight intervals wrap past midnight.
#[test]
fn the_time_lane_says_how_long_each_interval_is() {
    use journeymap::layout::scene::Item;
    let map = parse(
        "times",
        "journeymap: 1\nid: m\ntitle: M\nkind: day-in-the-life\nstages:\n  - id: s\n    name: S\n\
         \x20   steps:\n\
         \x20     - {id: a, name: A, time: \"07:00\"}\n\
         \x20     - {id: b, name: B, time: \"07:30\"}\n\
         \x20     - {id: c, name: C, time: \"08:30\"}\n\
         \x20     - {id: d, name: D, time: \"14:00\"}\n\
         \x20     - {id: e, name: E, time: \"23:30\"}\n\
         \x20     - {id: f, name: F, time: \"00:15\"}\n",
    );
    let scene = layout::layout(&map, &RenderOptions::default()).unwrap();
    let band = scene
        .bands
        .iter()
        .find(|b| b.lane == Some(Lane::Time))
        .unwrap();
    let texts: Vec<&str> = band
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.lines[0].text.as_str()),
            _ => None,
        })
        .collect();
    for expected in ["30 min", "1 h", "5 h 30 min", "9 h 30 min", "45 min"] {
        assert!(texts.contains(&expected), "{expected} in {texts:?}");
    }
    let breaks: Vec<&str> = band
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Group(g) if g.class == "time-break" => g.tooltip.as_deref(),
            _ => None,
        })
        .collect();
    assert_eq!(breaks.len(), 2, "{breaks:?}");
    assert!(breaks[0].starts_with("5 h 30 min"), "{breaks:?}");
    assert_sound("times", &map, &RenderOptions::default());
}
