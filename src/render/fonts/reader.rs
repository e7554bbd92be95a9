// Shared by the PNG and PDF readers (`super::for_png`, `super::for_pdf`), each of which names
// its own `usvg` before including this file: see `super` for why there are two.

use std::sync::{Arc, Mutex};

use super::ExtraFonts;
use crate::layout::font;

/// The bundled faces first, then `extra`, then the machine's fonts: the fallback prefers
/// earlier faces. Built once for each set of extra fonts a process asks for (a render of many
/// maps asks for one), since reading the machine's fonts takes a while.
pub(crate) fn database(extra: &ExtraFonts) -> Result<Arc<usvg::fontdb::Database>, String> {
    type Built = Vec<(ExtraFonts, Arc<usvg::fontdb::Database>)>;
    static BUILT: Mutex<Built> = Mutex::new(Vec::new());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, db)) = built.iter().find(|(fonts, _)| fonts == extra) {
        return Ok(db.clone());
    }
    let mut db = usvg::fontdb::Database::new();
    for face in [font::REGULAR, font::BOLD] {
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face)));
    }
    for file in &extra.files {
        db.load_font_file(file)
            .map_err(|e| format!("cannot read the font {}: {e}", file.display()))?;
    }
    for dir in &extra.dirs {
        if !dir.is_dir() {
            return Err(format!("{} is not a folder of fonts", dir.display()));
        }
        db.load_fonts_dir(dir);
    }
    db.load_system_fonts();
    for set in [
        usvg::fontdb::Database::set_sans_serif_family,
        usvg::fontdb::Database::set_serif_family,
        usvg::fontdb::Database::set_monospace_family,
        usvg::fontdb::Database::set_cursive_family,
        usvg::fontdb::Database::set_fantasy_family,
    ] {
        set(&mut db, "Liberation Sans");
    }
    // Each font file mapped once for the database's life. Otherwise every read of a face's
    // data (each fallback's character-map lookup, each shaping of a text run) opens and maps
    // its file again; a PNG drawn in tiles reads them once per tile, and the mapping and
    // unmapping took most of the time of drawing a map whose text no font covers.
    let ids: Vec<usvg::fontdb::ID> = db.faces().map(|face| face.id).collect();
    for id in ids {
        // SAFETY: the same mapping fontdb makes on every read of a face otherwise (the
        // `memmap` feature): a font file changed on disk while journeymap runs may be seen
        // changed. Nothing is written through the mapping.
        let _ = unsafe { db.make_shared_face_data(id) };
    }
    let db = Arc::new(db);
    built.push((extra.clone(), db.clone()));
    Ok(db)
}
/// Reads an SVG document made by [`super::svg`] into the tree resvg draws and krilla-svg
/// writes to PDF, with its text shaped in the bundled font first, then `extra`, then the
/// machine's fonts; and the characters no font could draw.
pub fn read_svg(svg: &str, extra: &ExtraFonts) -> Result<(usvg::Tree, Vec<char>), String> {
    let fontdb = database(extra)?;
    let options = usvg::Options {
        font_family: "Liberation Sans".to_string(),
        fontdb: fontdb.clone(),
        font_resolver: usvg::FontResolver {
            select_font: usvg::FontResolver::default_font_selector(),
            select_fallback: Box::new(fallback),
        },
        ..usvg::Options::default()
    };
    let svg = one_face_per_script(svg, &fontdb);
    let tree =
        usvg::Tree::from_str(&svg, &options).map_err(|e| format!("cannot read the SVG: {e}"))?;
    let missing = missing_glyphs(tree.root(), &fontdb);
    Ok((tree, missing))
}

/// `svg` with each line of text that needs two or more fallback faces (a name in Devanagari
/// and Thai, say) split into one `<tspan font-family>` per face. usvg shapes a whole line with
/// each fallback face in turn and merges the glyphs by position, which leaves all but one
/// script as empty boxes; a `<tspan>` naming its face is shaped on its own. A line with one
/// fallback face is left to usvg's fallback, which draws it right. The text lines come from
/// [`super::super::svg`]: `<text ...>` with escaped character data and no child elements.
pub(crate) fn one_face_per_script<'a>(
    svg: &'a str,
    db: &usvg::fontdb::Database,
) -> std::borrow::Cow<'a, str> {
    let bundled = font::metrics();
    let lacking = |c: char| !c.is_whitespace() && !is_invisible(c) && bundled.advances(c).is_none();
    if !svg.chars().any(lacking) {
        return std::borrow::Cow::Borrowed(svg);
    }
    let mut out = String::with_capacity(svg.len() + 256);
    let mut rest = svg;
    while let Some(open) = rest.find("<text") {
        let Some(content) = rest[open..].find('>').map(|end| open + end + 1) else {
            break;
        };
        let Some(close) = rest[content..].find('<').map(|end| content + end) else {
            break;
        };
        out.push_str(&rest[..content]);
        let line = &rest[content..close];
        // Runs of characters the bundled font lacks, each with the face that has them all;
        // the bundled characters between two runs of one face join the run.
        let mut runs: Vec<(usize, usize, usvg::fontdb::ID)> = Vec::new();
        for (at, c) in line.char_indices().filter(|&(_, c)| lacking(c)) {
            let end = at + c.len_utf8();
            match runs.last_mut() {
                Some(run) if has_char(db, run.2, c) => run.1 = end,
                _ => {
                    if let Some(face) = face_for(c, db) {
                        runs.push((at, end, face));
                    }
                }
            }
        }
        let families: Vec<&str> = runs
            .iter()
            .filter_map(|run| db.face(run.2)?.families.first().map(|(name, _)| name.as_str()))
            .collect();
        let nameable = families.len() == runs.len()
            && families.iter().all(|name| {
                !name.is_empty() && !name.contains(['\'', '"', '<', '>', '&', ',', '\\'])
            });
        if runs.len() >= 2 && nameable && families.windows(2).any(|w| w[0] != w[1]) {
            let mut from = 0;
            for ((start, end, _), family) in runs.iter().zip(&families) {
                out.push_str(&line[from..*start]);
                out.push_str("<tspan font-family=\"'");
                out.push_str(family);
                out.push_str("'\">");
                out.push_str(&line[*start..*end]);
                out.push_str("</tspan>");
                from = *end;
            }
            out.push_str(&line[from..]);
        } else {
            out.push_str(line);
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The face a run starting with `c` is set in: a sans-serif face before a serif one, then the
/// earliest loaded (as [`fallback`] chooses, without a weight to match: the run's `<tspan>`
/// names a family, and usvg picks its weight from the line's).
fn face_for(c: char, db: &usvg::fontdb::Database) -> Option<usvg::fontdb::ID> {
    db.faces()
        .enumerate()
        .skip(2)
        .filter(|(_, face)| has_char(db, face.id, c))
        .min_by_key(|(order, face)| (is_serif(face), *order))
        .map(|(_, face)| face.id)
}

/// Whether a face's family names a serif design (the diagrams are set in a sans-serif).
fn is_serif(face: &usvg::fontdb::FaceInfo) -> bool {
    face.families.iter().any(|(name, _)| {
        let name = name.to_ascii_lowercase();
        ["serif", "mincho", "ming", "song"]
            .iter()
            .any(|w| name.contains(w) && !name.contains("sans"))
    })
}
/// The face to draw `c` with when the font chosen for its text (`exclude[0]`, then the
/// others tried) lacks it: a sans-serif face before a serif one (the diagrams are set in
/// Liberation Sans), then the weight and style closest to the text's, then the earliest
/// loaded (the user's `--font` before the machine's). usvg's own fallback takes the first
/// face in database order with the character, which is often a serif one.
fn fallback(
    c: char,
    exclude: &[usvg::fontdb::ID],
    db: &mut Arc<usvg::fontdb::Database>,
) -> Option<usvg::fontdb::ID> {
    // The answer depends only on the database, the character and the faces excluded, and
    // finding it reads the character map of every face: a diagram drawn in tiles asks again
    // for each tile, so answers are kept for the process.
    type Key = (usize, char, Vec<usvg::fontdb::ID>);
    static FOUND: Mutex<Option<foldhash::HashMap<Key, Option<usvg::fontdb::ID>>>> =
        Mutex::new(None);
    let key: Key = (Arc::as_ptr(db) as usize, c, exclude.to_vec());
    if let Some(found) = FOUND
        .lock()
        .ok()
        .and_then(|cache| cache.as_ref()?.get(&key).copied())
    {
        return found;
    }
    let found = find_fallback(c, exclude, db);
    if let Ok(mut cache) = FOUND.lock() {
        cache.get_or_insert_with(Default::default).insert(key, found);
    }
    found
}

/// The face [`fallback`] picks, found by looking at every face.
fn find_fallback(
    c: char,
    exclude: &[usvg::fontdb::ID],
    db: &usvg::fontdb::Database,
) -> Option<usvg::fontdb::ID> {
    let base = db.face(*exclude.first()?)?;
    let (weight, style) = (base.weight.0, base.style);
    db.faces()
        .enumerate()
        .filter(|(_, face)| !exclude.contains(&face.id) && has_char(db, face.id, c))
        .min_by_key(|(order, face)| {
            (
                is_serif(face),
                face.weight.0.abs_diff(weight),
                face.style != style,
                *order,
            )
        })
        .map(|(_, face)| face.id)
}

/// Whether the face `id` maps `c` (font files are memory-mapped, so this reads no file).
fn has_char(db: &usvg::fontdb::Database, id: usvg::fontdb::ID, c: char) -> bool {
    use skrifa::MetadataProvider;
    db.with_face_data(id, |data, index| {
        skrifa::FontRef::from_index(data, index).is_ok_and(|font| font.charmap().map(c).is_some())
    })
    .unwrap_or(false)
}

/// The characters of the text under `root` (as usvg read it from the SVG) that no face of
/// `db` maps, in order of first appearance.
fn missing_glyphs(root: &usvg::Group, db: &usvg::fontdb::Database) -> Vec<char> {
    fn collect(group: &usvg::Group, out: &mut Vec<char>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => collect(g, out),
                usvg::Node::Text(text) => {
                    for chunk in text.chunks() {
                        for c in chunk.text().chars() {
                            if !c.is_whitespace() && !is_invisible(c) && !out.contains(&c) {
                                out.push(c);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut wanted = Vec::new();
    collect(root, &mut wanted);
    let bundled = font::metrics();
    wanted.retain(|c| bundled.advances(*c).is_none());
    // Whether some face has a character, kept for the process as [`fallback`]'s answers are.
    static MISSING: Mutex<Option<foldhash::HashMap<(usize, char), bool>>> = Mutex::new(None);
    let db_key = db as *const usvg::fontdb::Database as usize;
    let Ok(mut cache) = MISSING.lock() else {
        return wanted;
    };
    let cache = cache.get_or_insert_with(Default::default);
    wanted.retain(|&c| {
        *cache
            .entry((db_key, c))
            .or_insert_with(|| !db.faces().any(|face| has_char(db, face.id, c)))
    });
    wanted
}

/// Characters that take no glyph of their own: joiners, variation selectors, direction marks.
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFE00..=0xFE0F
            | 0xE0000..=0xE007F)
}
