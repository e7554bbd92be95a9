//! Spreadsheets as people use them: `export xlsx` writes the steps sheet of `export csv` as an
//! Excel workbook a person can edit at once (a frozen header and step columns, widths that
//! fit, wrapped text, a drop-down for emotion and prompts naming the channels and personas),
//! and `import xlsx` reads it back, or an OpenDocument sheet (.ods), through the CSV importer,
//! so that both read cells the same way.
//!
//! Workbooks are written by rust_xlsxwriter and read by calamine (decision 0007). Every cell
//! is written as text except a single emotion score, which is a number so that a sheet can
//! sum or chart it; a spreadsheet that turns text into numbers, times or dates when it saves
//! is read back by the CSV importer's lenient cells (`1.0`, `6:45 AM`).

use std::sync::Arc;

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    Workbook, XlsxError,
};

use super::csv::{self, COLUMNS, Column};
use crate::model::{Emotion, JourneyMap};
use crate::source::SourceFile;

/// The name of the steps sheet.
const SHEET: &str = "Steps";

/// Columns that hold ids and names: frozen with the header, so they stay in view.
const FROZEN_COLUMNS: u16 = 4;

/// The widest a column is made, in characters; longer text wraps.
const MAX_WIDTH: usize = 48;

/// The workbook of `map`: one row per step, the columns of `export csv`.
pub fn export(map: &JourneyMap) -> Result<Vec<u8>, String> {
    write(map).map_err(|e| format!("cannot write the workbook: {e}"))
}

fn write(map: &JourneyMap) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the same map gives the same bytes.
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&map.title)
            .set_creation_datetime(&epoch),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color("#E8EDF3")
        .set_align(FormatAlign::Top);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    let mut widths: Vec<usize> = COLUMNS
        .iter()
        .map(|name| name.chars().count() + 2)
        .collect();
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }
    let mut row = 1u32;
    for stage in &map.stages {
        for step in &stage.steps {
            for (col, column) in Column::ALL.into_iter().enumerate() {
                let cell = csv::cell(stage, step, column);
                let longest = cell.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                widths[col] = widths[col].max(longest + 1);
                match (column, &step.emotion) {
                    (Column::Emotion, Some(Emotion::Score(score))) => {
                        sheet.write_number_with_format(
                            row,
                            col as u16,
                            f64::from(score.get()),
                            &text,
                        )?;
                    }
                    _ if cell.is_empty() => {}
                    _ => {
                        sheet.write_string_with_format(row, col as u16, &cell, &text)?;
                    }
                }
            }
            row += 1;
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (*width).min(MAX_WIDTH) as f64)?;
    }
    sheet.set_freeze_panes(1, FROZEN_COLUMNS)?;
    // Room for rows a person adds below the map's.
    let last_row = row.max(2) + 200;
    let emotion_col = column_index(Column::Emotion);
    let per_persona = map
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .any(|step| matches!(step.emotion, Some(Emotion::PerPersona(_))));
    let emotion = if per_persona {
        // Cells such as `busy-parent: -1, student: 1` cannot be checked by a list.
        DataValidation::new().allow_any_value()
    } else {
        DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(-2, 2))
            .set_error_title("Emotion")?
            .set_error_message("A whole number from -2 (very negative) to 2 (very positive).")?
    }
    .set_input_title("Emotion")?
    .set_input_message(if per_persona {
        "-2 to 2, or per persona: busy-parent: -1, student: 1"
    } else {
        "-2 (very negative) to 2 (very positive)"
    })?;
    sheet.add_data_validation(1, emotion_col, last_row, emotion_col, &emotion)?;
    let channels: Vec<String> = crate::model::BUILTIN_CHANNELS
        .iter()
        .map(|(id, _, _)| id.to_string())
        .chain(map.channels.iter().map(|c| c.id.to_string()))
        .collect();
    prompt(
        sheet,
        Column::Touchpoints,
        last_row,
        "Touchpoints",
        &format!("Channel ids, separated by commas: {}", channels.join(", ")),
    )?;
    if !map.personas.is_empty() {
        let ids: Vec<&str> = map.personas.iter().map(|p| p.id.as_str()).collect();
        prompt(
            sheet,
            Column::Personas,
            last_row,
            "Personas",
            &format!("Persona ids, separated by commas: {}", ids.join(", ")),
        )?;
    }
    prompt(
        sheet,
        Column::PainPoints,
        last_row,
        "Pain points",
        "One per line: text | severity: low, medium, high or critical",
    )?;
    workbook.save_to_buffer()
}

/// A prompt shown when a cell of `column` is selected (any value is accepted).
fn prompt(
    sheet: &mut rust_xlsxwriter::Worksheet,
    column: Column,
    last_row: u32,
    title: &str,
    message: &str,
) -> Result<(), XlsxError> {
    let validation = DataValidation::new()
        .allow_any_value()
        .set_input_title(title)?
        .set_input_message(clip(message))?;
    let col = column_index(column);
    sheet.add_data_validation(1, col, last_row, col, &validation)?;
    Ok(())
}

/// An input message as long as Excel allows (255 characters).
fn clip(text: &str) -> String {
    if text.chars().count() <= 255 {
        return text.to_string();
    }
    let mut clipped: String = text.chars().take(254).collect();
    clipped.push('…');
    clipped
}

fn column_index(column: Column) -> u16 {
    Column::ALL.iter().position(|c| *c == column).unwrap_or(0) as u16
}

/// The first sheet of a workbook (.xlsx, .xlsm, .xls, .ods) as CSV text for the CSV importer,
/// named after the file and sheet so that findings say where they are (row 12, column D).
pub fn to_csv(name: &str, bytes: Vec<u8>) -> Result<Arc<SourceFile>, String> {
    use calamine::{Data, Reader, open_workbook_auto_from_rs};
    refuse_zip_bombs(name, &bytes)?;
    refuse_far_cells(name, &bytes)?;
    refuse_far_ods_cells(name, &bytes)?;
    let mut workbook = open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("{name}: not a spreadsheet journeymap can read ({e})"))?;
    let sheets = workbook.sheet_names();
    let first = sheets.iter().position(|s| s == SHEET).unwrap_or(0);
    let sheet_name = sheets
        .get(first)
        .cloned()
        .ok_or_else(|| format!("{name}: the workbook has no sheet"))?;
    let range = workbook
        .worksheet_range_at(first)
        .ok_or_else(|| format!("{name}: the workbook has no sheet"))?
        .map_err(|e| format!("{name}: cannot read the sheet `{sheet_name}` ({e})"))?;
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Cells from the sheet's first column and row (calamine's range starts at the first used
    // cell; a sheet whose header starts further in is read as it looks).
    let (top, left) = range.start().unwrap_or((0, 0));
    let width = range.end().map_or(0, |(_, right)| right + 1);
    for _ in 0..top {
        writer
            .write_record(std::iter::repeat_n("", width as usize))
            .map_err(|e| e.to_string())?;
    }
    for row in range.rows() {
        let mut record: Vec<String> = vec![String::new(); left as usize];
        for data in row {
            let text = match data {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Int(i) => i.to_string(),
                Data::Float(f) => number(*f),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(dt) => date_time(dt),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => {
                    return Err(format!(
                        "{name}: the sheet `{sheet_name}` holds a formula error ({e}); fix the cell and save again"
                    ));
                }
            };
            // The CSV importer takes off the apostrophe that guards a formula-like cell; a
            // workbook's cells are text already, so each is guarded to come through as is.
            record.push(csv::guard_formula(text));
        }
        writer.write_record(&record).map_err(|e| e.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    if bytes.len() > MAX_SHEET_BYTES {
        return Err(format!(
            "{name}: the sheet `{sheet_name}` holds more than {} MiB of text, far beyond any journey map's",
            MAX_SHEET_BYTES >> 20
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    Ok(SourceFile::new(
        format!("{name} (sheet {sheet_name}, as CSV)"),
        None,
        text,
    ))
}

/// The most text a sheet may hold once read (as CSV), as for a CSV file.
const MAX_SHEET_BYTES: usize = 8 << 20;

/// The most a workbook may expand to: its parts' declared sizes, summed. A real sheet of
/// thousands of steps is a few MiB; a zip bomb declares gigabytes.
const MAX_EXPANDED_BYTES: u64 = 128 << 20;

/// Refuses a zipped workbook (.xlsx, .ods) whose parts declare that they expand past
/// [`MAX_EXPANDED_BYTES`], before anything is decompressed. (A part that lies about its size
/// is not caught here; the sheet's text is bounded again once read, [`MAX_SHEET_BYTES`].)
fn refuse_zip_bombs(name: &str, bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("{name}: not a spreadsheet journeymap can read ({e})"))?;
    // The central directory's sizes (also there when a part keeps them in a data
    // descriptor); reading a raw entry decompresses nothing.
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let size = archive
            .by_index_raw(index)
            .map_err(|e| format!("{name}: not a spreadsheet journeymap can read ({e})"))?
            .size();
        total = total.saturating_add(size);
    }
    if total > MAX_EXPANDED_BYTES {
        return Err(format!(
            "{name}: the workbook expands to more than {} MiB, far beyond any journey map's sheet",
            MAX_EXPANDED_BYTES >> 20
        ));
    }
    Ok(())
}

/// The largest sheet read: far beyond a journey map's (21 columns, a row per step), and small
/// enough that the reader's grid of cells stays near 100 MB.
const MAX_READ_ROWS: u32 = 50_000;
const MAX_READ_COLUMNS: u32 = 64;

/// Refuses an .xlsx whose sheets name a cell beyond [`MAX_READ_ROWS`] × [`MAX_READ_COLUMNS`]
/// (`r="XFD1048576"`, or column letters that overflow a number), before calamine reads it:
/// calamine makes one grid from the first to the last cell named, so one far cell would
/// take gigabytes, and a reference it cannot count overflows (found by the fuzz target
/// import_xlsx). Looks at every `r="…"` and `ref="…"` attribute of the worksheets.
fn refuse_far_cells(name: &str, bytes: &[u8]) -> Result<(), String> {
    use std::io::Read;
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    for index in 0..archive.len() {
        let Ok(mut part) = archive.by_index(index) else {
            continue;
        };
        let part_name = part.name().to_string();
        if !(part_name.starts_with("xl/worksheets/") && part_name.ends_with(".xml")) {
            continue;
        }
        let mut xml = Vec::new();
        // Bounded again here, whatever size the part declared.
        let _ = (&mut part).take(MAX_EXPANDED_BYTES).read_to_end(&mut xml);
        for attribute in [&b" r=\""[..], &b" ref=\""[..]] {
            let mut rest = &xml[..];
            while let Some(at) = find(rest, attribute) {
                rest = &rest[at + attribute.len()..];
                let end = rest.iter().position(|&b| b == b'"').unwrap_or(rest.len());
                for reference in rest[..end].split(|&b| b == b':') {
                    if !within_bounds(reference) {
                        return Err(format!(
                            "{name}: a sheet names the cell `{}`, beyond {MAX_READ_COLUMNS} columns \
                             and {MAX_READ_ROWS} rows; a journey map's sheet is far smaller",
                            String::from_utf8_lossy(&reference[..reference.len().min(40)])
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Refuses an OpenDocument sheet (.ods) that puts a cell with content beyond
/// [`MAX_READ_ROWS`] × [`MAX_READ_COLUMNS`], before calamine reads it. ODS compresses runs:
/// `table:number-rows-repeated` and `table:number-columns-repeated` repeat a row or a cell,
/// and calamine writes every repeat out, so a 20 KB file asking for a million rows of
/// 16,000 cells took 2.2 GB and 17 s before the sheet's text bound stopped it. Empty runs
/// (the trailing rows and columns LibreOffice writes to the sheet's edge) are left alone:
/// only a cell with a value or text counts.
fn refuse_far_ods_cells(name: &str, bytes: &[u8]) -> Result<(), String> {
    use quick_xml::events::{BytesStart, Event};
    use std::io::Read;
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(mut part) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = Vec::new();
    let _ = (&mut part).take(MAX_EXPANDED_BYTES).read_to_end(&mut xml);
    /// A `number-…-repeated` attribute's count (1 without one; an unreadable count is taken
    /// as far too many).
    fn repeats(element: &BytesStart, attribute: &[u8]) -> u64 {
        element
            .attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == attribute)
            .map_or(1, |a| {
                std::str::from_utf8(&a.value)
                    .ok()
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(u64::MAX)
            })
    }
    let far = || {
        format!(
            "{name}: a sheet repeats a cell with content beyond {MAX_READ_COLUMNS} columns \
             or {MAX_READ_ROWS} rows; a journey map's sheet is far smaller"
        )
    };
    let mut reader = quick_xml::Reader::from_reader(&xml[..]);
    let mut buffer = Vec::new();
    // Where the current row starts and how often it repeats; where the next cell starts.
    let (mut row, mut row_repeats, mut column) = (0u64, 1u64, 0u64);
    loop {
        let event = match reader.read_event_into(&mut buffer) {
            Ok(Event::Eof) => break,
            // Malformed XML is calamine's to report.
            Err(_) => return Ok(()),
            Ok(event) => event,
        };
        match &event {
            Event::Start(element) | Event::Empty(element) => {
                let has_children = matches!(event, Event::Start(_));
                match element.local_name().as_ref() {
                    b"table" => row = 0,
                    b"table-row" => {
                        row_repeats = repeats(element, b"number-rows-repeated");
                        column = 0;
                        if !has_children {
                            row = row.saturating_add(row_repeats);
                        }
                    }
                    b"table-cell" | b"covered-table-cell" => {
                        let cell_repeats = repeats(element, b"number-columns-repeated");
                        let has_value = element
                            .attributes()
                            .flatten()
                            .any(|a| a.key.local_name().as_ref() == b"value-type");
                        column = column.saturating_add(cell_repeats);
                        if (has_children || has_value)
                            && (column > u64::from(MAX_READ_COLUMNS)
                                || row.saturating_add(row_repeats) > u64::from(MAX_READ_ROWS))
                        {
                            return Err(far());
                        }
                    }
                    _ => {}
                }
            }
            Event::End(element) if element.local_name().as_ref() == b"table-row" => {
                row = row.saturating_add(row_repeats);
            }
            _ => {}
        }
        buffer.clear();
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether a cell reference (`B12`, `$B$12`, a row `12`, a column `B`) is within the bounds.
fn within_bounds(reference: &[u8]) -> bool {
    let reference: Vec<u8> = reference.iter().copied().filter(|&b| b != b'$').collect();
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let (column, row) = reference.split_at(letters);
    if letters > 3 || row.len() > 7 || !row.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let column = column.iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row: u32 = std::str::from_utf8(row)
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    column <= MAX_READ_COLUMNS && row <= MAX_READ_ROWS
}

/// A number cell as text: whole numbers without `.0` (`1.0` is `1`).
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// A date or time cell as the CSV importer reads it: a time of day as `HH:MM` (or
/// `HH:MM:SS` when it has seconds), a date as `YYYY-MM-DD`, both when it has both.
fn date_time(value: &calamine::ExcelDateTime) -> String {
    let (year, month, day, hour, minute, second, _) = value.to_ymd_hms_milli();
    let time = if second == 0 {
        format!("{hour:02}:{minute:02}")
    } else {
        format!("{hour:02}:{minute:02}:{second:02}")
    };
    if value.as_f64() < 1.0 {
        time
    } else if hour == 0 && minute == 0 && second == 0 {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02} {time}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime as Read, ExcelDateTimeType};

    #[test]
    fn numbers_read_as_they_were_typed() {
        assert_eq!(number(1.0), "1");
        assert_eq!(number(-2.0), "-2");
        assert_eq!(number(0.5), "0.5");
    }

    /// Times, dates and both, as a spreadsheet stores them (days since 1899-12-30).
    #[test]
    fn dates_and_times_read_as_text_the_csv_importer_knows() {
        let at = |value| date_time(&Read::new(value, ExcelDateTimeType::DateTime, false));
        assert_eq!(at(0.28125), "06:45");
        assert_eq!(at(0.28125 + 30.0 / 86_400.0), "06:45:30");
        assert_eq!(at(46_023.0), "2026-01-01");
        assert_eq!(at(46_023.5), "2026-01-01 12:00");
    }

    /// A workbook whose sheet expands to 200 MiB of zeros (a zip bomb, 200 KB on disk) is
    /// refused before it is read.
    #[test]
    fn zip_bomb_is_refused() {
        use std::io::Write;
        let mut zipped = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zipped
            .start_file("xl/worksheets/sheet1.xml", options)
            .unwrap();
        let zeros = vec![b'0'; 1 << 20];
        for _ in 0..200 {
            zipped.write_all(&zeros).unwrap();
        }
        let bytes = zipped.finish().unwrap().into_inner();
        let err = to_csv("bomb.xlsx", bytes).unwrap_err();
        assert!(err.contains("expands to more than 128 MiB"), "{err}");
    }

    #[test]
    fn cell_references_are_bounded() {
        for ok in ["A1", "$U$23", "BL50000", "12", "B", ""] {
            assert!(within_bounds(ok.as_bytes()), "{ok}");
        }
        for far in [
            "BM1",
            "A50001",
            "XFD1048576",
            "AAAAAAAAAAAAAAAAAAAA1",
            "A12345678",
            "A1x",
        ] {
            assert!(!within_bounds(far.as_bytes()), "{far}");
        }
    }

    /// Regression (import_xlsx-calamine-column-overflow, found by fuzzing): a worksheet
    /// naming a far cell is refused before calamine reads it (one far cell made calamine
    /// allocate a grid of billions of cells, and long column letters overflowed its count).
    #[test]
    fn import_xlsx_far_cell_is_refused() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "stage_id").unwrap();
        sheet.write_string(1_048_575, 16_383, "far").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let err = to_csv("far.xlsx", bytes).unwrap_err();
        assert!(err.contains("a sheet names the cell `"), "{err}");
        let crash = include_bytes!("../../fuzz/regressions/import_xlsx-calamine-column-overflow");
        assert!(to_csv("crash.xlsx", crash.to_vec()).is_err());
    }

    /// An OpenDocument sheet (the parts calamine needs) whose `content.xml` is `rows`.
    fn ods(rows: &str) -> Vec<u8> {
        use std::io::Write;
        let mut zipped = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let parts = [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet".to_string()),
            (
                "META-INF/manifest.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_string(),
            ),
            (
                "content.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Steps">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
                ),
            ),
        ];
        for (part, text) in parts {
            zipped.start_file(part, stored).unwrap();
            zipped.write_all(text.as_bytes()).unwrap();
        }
        zipped.finish().unwrap().into_inner()
    }

    /// Regression (import_xlsx-ods-repeated-cells): a 2 KB .ods that repeats a cell with text
    /// 16,000 times across and a million times down made calamine take 2.2 GB; it is refused
    /// before it is read, while the empty runs LibreOffice writes to a sheet's edge are not.
    #[test]
    fn import_xlsx_ods_repeated_cells_are_refused() {
        let cell =
            r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;
        let header = format!("<table:table-row>{cell}</table:table-row>");
        let wide = r#"<table:table-row><table:table-cell table:number-columns-repeated="16000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#.to_string();
        let tall = format!(
            r#"<table:table-row table:number-rows-repeated="1000000">{cell}</table:table-row>"#
        );
        let far_down = format!(
            r#"<table:table-row table:number-rows-repeated="50000"><table:table-cell/></table:table-row><table:table-row>{cell}</table:table-row>"#
        );
        for rows in [wide, tall, far_down] {
            let err = to_csv("bomb.ods", ods(&format!("{header}{rows}"))).unwrap_err();
            assert!(err.contains("repeats a cell with content beyond"), "{err}");
        }
        // The sheet's edge as LibreOffice writes it: empty runs to 1,024 columns and
        // 1,048,576 rows, and a value-less styled run.
        let edge = format!(
            r#"<table:table-row>{cell}<table:table-cell table:style-name="ce1" table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#
        );
        let csv = to_csv("edge.ods", ods(&edge)).unwrap();
        assert_eq!(csv.text, "x\n");
    }

    /// A sheet within the row and column bounds whose text is still more than a CSV file may
    /// hold (49,999 rows of 200 characters, 10 MB) is refused once read.
    #[test]
    fn sheet_text_is_bounded() {
        let long = "x".repeat(200);
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="49999"><table:table-cell office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row>"#
        );
        let err = to_csv("long.ods", ods(&rows)).unwrap_err();
        assert!(err.contains("holds more than 8 MiB of text"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_refused() {
        let err = to_csv("x.xlsx", b"stage_id,stage_name\n".to_vec()).unwrap_err();
        assert!(err.starts_with("x.xlsx: not a spreadsheet"), "{err}");
    }
}
