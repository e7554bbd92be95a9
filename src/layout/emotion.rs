//! The emotion curve: each step's score on -2..+2 around a neutral baseline, one line per
//! persona when personas feel differently, smoothed with a monotone cubic (so the curve never
//! overshoots a score), broken where a step has no emotion, with the lowest point marked.

use super::blocks::{Font, circle, dashed, group, keyed, line, num, path, rect, text_block};
use super::journey::{COL_W, GUTTER, Journey, MARGIN};
use super::scene::{Anchor, Item, Key, Paint, Rect};
use super::theme::Palette;
use super::words::Word;
use crate::model::facts::{Feeling, feeling};
use crate::model::{Emotion, Persona};

/// The y of score +2; the other scores follow every [`LEVEL`] pixels.
const CHART_TOP: f64 = 26.0;
const LEVEL: f64 = 26.0;
const MARKER_R: f64 = 9.5;

/// One step's place on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    Value(i8),
    /// The persona takes the step but no emotion is recorded: the line breaks.
    Gap,
    /// The persona does not take the step: the line passes over it.
    Skip,
}

/// One line of the curve.
pub struct Series<'a> {
    pub label: String,
    pub persona: Option<&'a Persona>,
    pub color: Paint,
    pub points: Vec<Point>,
}

/// Every line of the curve.
pub struct Emotions<'a> {
    pub lines: Vec<Series<'a>>,
}

impl Emotions<'_> {
    pub fn has_points(&self) -> bool {
        self.lines
            .iter()
            .any(|l| l.points.iter().any(|p| matches!(p, Point::Value(_))))
    }

    /// The lowest score and the columns where some line reaches it.
    pub fn lowest(&self) -> Option<(i8, Vec<usize>)> {
        let min = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter())
            .filter_map(|p| match p {
                Point::Value(v) => Some(*v),
                _ => None,
            })
            .min()?;
        let n = self.lines.first().map_or(0, |l| l.points.len());
        let cols = (0..n)
            .filter(|&c| self.lines.iter().any(|l| l.points[c] == Point::Value(min)))
            .collect();
        Some((min, cols))
    }
}

/// Where one line is lowest: the first column at its minimum, and in how many columns it is
/// there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LowPoint {
    pub col: usize,
    pub score: i8,
    pub times: usize,
}

impl Emotions<'_> {
    /// Each line's lowest point, once per marker (two lines lowest at the same score in the
    /// same column share one mark): one "Lowest" per persona, not one per tie.
    pub fn low_points(&self) -> Vec<LowPoint> {
        let mut out: Vec<LowPoint> = Vec::new();
        for line in &self.lines {
            let values = line.points.iter().enumerate().filter_map(|(c, p)| match p {
                Point::Value(v) => Some((c, *v)),
                _ => None,
            });
            let Some(min) = values.clone().map(|(_, v)| v).min() else {
                continue;
            };
            let mut at = values.filter(|(_, v)| *v == min).map(|(c, _)| c);
            let Some(col) = at.next() else { continue };
            let low = LowPoint {
                col,
                score: min,
                times: 1 + at.count(),
            };
            match out.iter_mut().find(|l| l.col == col && l.score == min) {
                Some(shared) => shared.times = shared.times.max(low.times),
                None => out.push(low),
            }
        }
        out
    }
}

/// A score as shown: `+2`, `0`, `−1` (with a real minus sign).
pub fn score_label(score: i8) -> String {
    match score {
        s if s > 0 => format!("+{s}"),
        0 => "0".to_string(),
        s => format!("\u{2212}{}", -i16::from(s)),
    }
}

/// Fill and stroke of a marker for `score` when there is one line.
pub fn score_colors(p: &Palette, score: i8) -> (&'static str, &'static str) {
    let dark = p.background != super::theme::LIGHT.background;
    match (score, dark) {
        (2, false) => ("#d7f0dc", "#1b7a34"),
        (1, false) => ("#e8f5e9", "#43a047"),
        (0, false) => ("#f0f2f4", "#6e7781"),
        (-1, false) => ("#fde9dc", "#d0611a"),
        (_, false) => ("#fbdcdc", "#b71c1c"),
        (2, true) => ("#12351f", "#56d364"),
        (1, true) => ("#10291a", "#3fb950"),
        (0, true) => ("#1c2128", "#8b949e"),
        (-1, true) => ("#33200f", "#f0883e"),
        // The same red as the lowest moment and a high severity (`severity_high`): one light
        // colour, one dark colour, so the HTML page's dark stylesheet can map them.
        (_, true) => ("#3a1616", "#ff8a80"),
    }
}

/// The lines to draw for the journey's columns.
pub fn series<'a>(j: &Journey<'a>) -> Emotions<'a> {
    let p = j.p;
    if let Some(persona) = j.persona {
        let points = j
            .cols
            .iter()
            // Only the steps the persona takes are columns.
            .map(|c| match feeling(c.step, persona.id.as_str()) {
                Feeling::Score(s) => Point::Value(s),
                Feeling::Absent | Feeling::Unknown => Point::Gap,
            })
            .collect();
        // The persona keeps the colour it has in every other view: its place in the map.
        let index = j
            .map
            .personas
            .iter()
            .position(|x| x.id == persona.id)
            .unwrap_or(0);
        return Emotions {
            lines: vec![Series {
                label: persona.name.clone(),
                persona: Some(persona),
                color: p.personas[index % p.personas.len()],
                points,
            }],
        };
    }
    let differs = j.cols.iter().any(|c| match &c.step.emotion {
        Some(Emotion::PerPersona(m)) => {
            let mut values = m.values().map(|s| s.get());
            let first = values.next();
            values.any(|v| Some(v) != first)
        }
        _ => false,
    });
    if differs {
        let lines = j
            .map
            .personas
            .iter()
            .enumerate()
            .map(|(i, persona)| Series {
                label: persona.name.clone(),
                persona: Some(persona),
                color: p.personas[i % p.personas.len()],
                points: j
                    .cols
                    .iter()
                    .map(|c| match feeling(c.step, persona.id.as_str()) {
                        Feeling::Absent => Point::Skip,
                        Feeling::Unknown => Point::Gap,
                        Feeling::Score(s) => Point::Value(s),
                    })
                    .collect(),
            })
            .filter(|s| s.points.iter().any(|p| matches!(p, Point::Value(_))))
            .collect();
        return Emotions { lines };
    }
    let points = j
        .cols
        .iter()
        .map(|c| match &c.step.emotion {
            Some(Emotion::Score(s)) => Point::Value(s.get()),
            Some(Emotion::PerPersona(m)) => m
                .values()
                .next()
                .map_or(Point::Gap, |s| Point::Value(s.get())),
            None => Point::Gap,
        })
        .collect();
    Emotions {
        lines: vec![Series {
            label: j.words.get(Word::Emotion).to_string(),
            persona: None,
            color: p.personas[0],
            points,
        }],
    }
}

/// The y of `score` in the emotion lane, from the top of its band.
pub(super) fn score_y(score: i8) -> f64 {
    CHART_TOP + f64::from(2 - score) * LEVEL
}

/// The emotion lane's content, with y from 0.
pub fn lane(j: &Journey<'_>, emotions: &Emotions<'_>) -> Option<(Vec<Item>, f64)> {
    let p = j.p;
    let any_feeling = j.cols.iter().any(|c| c.step.feeling.is_some());
    if !emotions.has_points() && !any_feeling {
        return None;
    }
    let mut items = Vec::new();
    let left = j.cols[0].x;
    let right = j.cols[j.cols.len() - 1].x + COL_W;
    let top = score_y(2) - LEVEL / 2.0;
    let zero = score_y(0);
    let bottom = score_y(-2) + LEVEL / 2.0;
    items.push(rect(
        Rect::new(left, top, right - left, zero - top),
        0.0,
        p.emotion_positive,
        None,
        0.0,
    ));
    items.push(rect(
        Rect::new(left, zero, right - left, bottom - zero),
        0.0,
        p.emotion_negative,
        None,
        0.0,
    ));
    for score in [2i8, 1, -1, -2] {
        let y = score_y(score);
        items.push(line(left, y, right, y, p.grid, 1.0));
    }
    items.push(dashed(
        line(left, zero, right, zero, p.baseline, 1.5),
        "6 4",
    ));
    // Scale in the gutter.
    let tick_font = Font::regular(10.0);
    for score in [2i8, 1, 0, -1, -2] {
        let y = score_y(score);
        let lh = tick_font.line_height();
        let cell = Rect::new(MARGIN + GUTTER - 44.0, y - lh / 2.0 - 1.0, 38.0, lh + 2.0);
        let label = match score {
            0 => "0".to_string(),
            s => score_label(s),
        };
        if let Some(t) = text_block(
            &label,
            MARGIN + GUTTER - 8.0,
            y - lh / 2.0,
            34.0,
            tick_font,
            p.muted,
            Anchor::End,
            cell,
        ) {
            items.push(Item::Text(t));
        }
    }

    // Lines, offset a little per persona so that shared stretches stay visible.
    let n = emotions.lines.len();
    for (i, series) in emotions.lines.iter().enumerate() {
        let offset = if n > 1 {
            (i as f64 - (n as f64 - 1.0) / 2.0) * 3.0
        } else {
            0.0
        };
        for run in runs(&series.points) {
            if run.len() < 2 {
                continue;
            }
            let pts: Vec<(f64, f64)> = run
                .iter()
                .map(|&(c, s)| (j.cols[c].center(), score_y(s) + offset))
                .collect();
            items.push(path(monotone_path(&pts), series.color, 3.0, None));
        }
    }

    // The scores drawn in each column, to keep the "Lowest" labels off the other markers.
    let taken: Vec<Vec<i8>> = (0..j.cols.len())
        .map(|c| {
            emotions
                .lines
                .iter()
                .filter_map(|l| match l.points[c] {
                    Point::Value(v) => Some(v),
                    _ => None,
                })
                .collect()
        })
        .collect();
    // Markers with their value, one per distinct score in a column.
    let low_points = emotions.low_points();
    let value_font = Font::bold(10.0);
    for (c, col) in j.cols.iter().enumerate() {
        let cx = col.center();
        let mut scores: Vec<(i8, Vec<&Series<'_>>)> = Vec::new();
        for series in &emotions.lines {
            if let Point::Value(v) = series.points[c] {
                match scores.iter_mut().find(|(s, _)| *s == v) {
                    Some((_, who)) => who.push(series),
                    None => scores.push((v, vec![series])),
                }
            }
        }
        scores.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
        for (score, who) in scores {
            let cy = score_y(score);
            let (fill, stroke) = if n > 1 || (who[0].persona.is_some() && j.persona.is_none()) {
                (p.background, who[0].color)
            } else {
                score_colors(p, score)
            };
            let mut marker = Vec::new();
            let low = low_points.iter().find(|l| l.col == c && l.score == score);
            let is_lowest = low.is_some();
            // Red only where the journey actually hurts: a lowest point at 0 or above is
            // marked in the muted colour.
            let low_color = if score < 0 { p.lowest } else { p.muted };
            if is_lowest {
                marker.push(dashed(
                    circle(cx, cy, MARKER_R + 5.0, p.background, Some(low_color), 2.0),
                    "3 2",
                ));
            }
            marker.push(circle(cx, cy, MARKER_R, fill, Some(stroke), 2.5));
            let lh = value_font.line_height();
            let cell = Rect::new(cx - MARKER_R, cy - MARKER_R, 2.0 * MARKER_R, 2.0 * MARKER_R);
            if let Some(t) = text_block(
                &score_label(score),
                cx,
                cy - lh / 2.0,
                2.0 * MARKER_R - 2.0,
                value_font,
                p.text,
                Anchor::Middle,
                cell,
            ) {
                marker.push(Item::Text(t));
            }
            if let Some(low) = low {
                let lowest = j.words.get(Word::Lowest);
                let word = if low.times > 1 {
                    format!("{lowest} \u{d7}{}", low.times)
                } else {
                    lowest.to_string()
                };
                let label_top = low_label_top(cy, lh, &taken[c]);
                let cell = Rect::new(col.x, label_top - 1.0, COL_W, lh + 2.0);
                if let Some(t) = text_block(
                    &word,
                    cx,
                    label_top,
                    COL_W - 8.0,
                    value_font,
                    low_color,
                    Anchor::Middle,
                    cell,
                ) {
                    marker.push(Item::Text(t));
                }
            }
            let names: Vec<&str> = who.iter().map(|s| s.label.as_str()).collect();
            let mut tooltip = format!("{}: {}", col.step.name, score_label(score));
            if who.iter().any(|s| s.persona.is_some()) {
                tooltip.push_str(&format!(" ({})", names.join("; ")));
            }
            if let Some(f) = &col.step.feeling {
                tooltip.push_str(&format!("\nFeeling: {f}"));
            }
            if is_lowest {
                tooltip.push_str("\nThe lowest point of the journey");
            }
            // The persona the point is for, when it is one persona's alone.
            let persona = match who.as_slice() {
                [one] => one.persona.map(|p| p.id.to_string()),
                _ => None,
            };
            let key = Key::EmotionPoint {
                step: col.step.id.to_string(),
                persona,
            };
            items.push(keyed(group("emotion-point", Some(tooltip), marker), key));
        }
    }

    // Feelings under the chart.
    let caption_top = score_y(-2) + MARKER_R + 7.0 + value_font.line_height() + 8.0;
    if !any_feeling {
        return Some((items, caption_top));
    }
    let caption_font = Font::regular(11.0);
    let mut bottom = caption_top;
    for col in &j.cols {
        let Some(feeling) = &col.step.feeling else {
            continue;
        };
        let cell = Rect::new(col.x, caption_top, COL_W, 0.0);
        if let Some(mut t) = text_block(
            feeling,
            col.center(),
            caption_top,
            COL_W - 16.0,
            caption_font,
            p.muted,
            Anchor::Middle,
            cell,
        ) {
            t.cell.h = t.bounds.h;
            bottom = bottom.max(t.bounds.bottom());
            items.push(Item::Text(t));
        }
    }
    Some((items, bottom + 10.0))
}

/// Where the "Lowest" label under (or over) the marker at `cy` goes: below the marker's ring
/// unless that would cross the zero line or touch another marker of the column (`scores`),
/// else above it; below when neither is free or above would leave the lane.
fn low_label_top(cy: f64, lh: f64, scores: &[i8]) -> f64 {
    let ring = MARKER_R + 5.0;
    let free = |top: f64| {
        let bottom = top + lh;
        let zero = score_y(0);
        let crosses_zero = top < zero && zero < bottom;
        let on_marker = scores
            .iter()
            .map(|s| score_y(*s))
            .any(|y| (y - cy).abs() > 0.5 && top < y + ring && y - ring < bottom);
        !crosses_zero && !on_marker
    };
    let below = cy + ring + 2.0;
    let above = cy - ring - 2.0 - lh;
    if free(below) || !free(above) || above < 2.0 {
        below
    } else {
        above
    }
}

/// Runs of consecutive values (skipping steps the persona does not take), split at gaps.
fn runs(points: &[Point]) -> Vec<Vec<(usize, i8)>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for (c, p) in points.iter().enumerate() {
        match p {
            Point::Value(v) => current.push((c, *v)),
            Point::Skip => {}
            Point::Gap => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A smooth path through `pts` (x increasing) as cubic Béziers whose tangents follow the
/// Fritsch–Carlson monotone scheme: flat at local extremes, never overshooting.
pub fn monotone_path(pts: &[(f64, f64)]) -> String {
    let n = pts.len();
    let mut d = format!("M {} {}", num(pts[0].0), num(pts[0].1));
    if n < 2 {
        return d;
    }
    let h: Vec<f64> = pts.windows(2).map(|w| w[1].0 - w[0].0).collect();
    let delta: Vec<f64> = pts
        .windows(2)
        .zip(&h)
        .map(|(w, h)| {
            if *h == 0.0 {
                0.0
            } else {
                (w[1].1 - w[0].1) / h
            }
        })
        .collect();
    let mut m = vec![0.0; n];
    m[0] = delta[0];
    m[n - 1] = delta[n - 2];
    for k in 1..n - 1 {
        if delta[k - 1] * delta[k] <= 0.0 {
            m[k] = 0.0;
        } else {
            let w1 = 2.0 * h[k] + h[k - 1];
            let w2 = h[k] + 2.0 * h[k - 1];
            m[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
        }
    }
    for k in 0..n - 1 {
        let (x0, y0) = pts[k];
        let (x1, y1) = pts[k + 1];
        let third = h[k] / 3.0;
        d.push_str(&format!(
            " C {} {} {} {} {} {}",
            num(x0 + third),
            num(y0 + m[k] * third),
            num(x1 - third),
            num(y1 - m[k + 1] * third),
            num(x1),
            num(y1)
        ));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_use_a_real_minus() {
        assert_eq!(score_label(2), "+2");
        assert_eq!(score_label(0), "0");
        assert_eq!(score_label(-1), "\u{2212}1");
    }

    #[test]
    fn runs_break_at_gaps_and_pass_over_skips() {
        let pts = [
            Point::Value(1),
            Point::Skip,
            Point::Value(0),
            Point::Gap,
            Point::Value(-2),
        ];
        assert_eq!(runs(&pts), vec![vec![(0, 1), (2, 0)], vec![(4, -2)]]);
    }

    #[test]
    fn monotone_curve_does_not_overshoot() {
        let d = monotone_path(&[(0.0, 10.0), (10.0, 0.0), (20.0, 0.0), (30.0, 10.0)]);
        let numbers: Vec<f64> = d.split(' ').filter_map(|t| t.parse().ok()).collect();
        for pair in numbers.chunks(2) {
            assert!((0.0..=10.0).contains(&pair[1]), "{d}");
        }
    }
}
