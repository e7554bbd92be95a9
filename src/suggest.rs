//! "Did you mean ...?": the known name closest to one that is not known, for every stage
//! that names ids, keys, channels or columns.

/// The candidate closest to `wanted` by edit distance (ties broken alphabetically), with
/// whether it is close enough to be a likely typo.
///
/// Bounded for hostile maps: text past [`NEAREST_CHARS`] characters is not compared (no id or
/// key is that long, so nothing can be close), a candidate whose length alone puts it too far
/// is skipped, and at most [`NEAREST_CANDIDATES`] candidates are weighed.
pub fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<(&'a str, bool)> {
    let wanted_chars = wanted.chars().count();
    let (distance, best) = candidates
        .into_iter()
        .take(NEAREST_CANDIDATES)
        .map(|c| {
            let chars = c.chars().count();
            let gap = wanted_chars.abs_diff(chars);
            let distance = if wanted_chars > NEAREST_CHARS
                || chars > NEAREST_CHARS
                || gap > wanted_chars.max(chars) / 3 + 1
            {
                // Too far for a typo: rank by the length gap alone.
                gap.max(1) + NEAREST_CHARS
            } else {
                strsim::damerau_levenshtein(wanted, c)
            };
            (distance, c)
        })
        .min()?;
    let longest = wanted_chars.max(best.chars().count());
    let close = distance <= (longest / 3).max(1)
        || (longest <= NEAREST_CHARS && (best.starts_with(wanted) || wanted.starts_with(best)));
    Some((best, close))
}

/// Text longer than this is never "close" to an id or key.
const NEAREST_CHARS: usize = 100;

/// The most candidates one suggestion weighs.
const NEAREST_CANDIDATES: usize = 2_000;
