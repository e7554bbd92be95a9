//! `export xlsx` and `import xlsx`: the workbook round trip, and workbooks as people save
//! them (times and numbers as spreadsheet values, text that looks like a formula).

mod common;

use journeymap::interchange::csv::COLUMNS;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::journeymap(args).current_dir(dir).output().unwrap()
}

/// Every example through a workbook and back is the same file, byte for byte, and the
/// workbook's bytes are the same on every run.
#[test]
fn every_example_round_trips_through_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for example in std::fs::read_dir(common::root().join("examples")).unwrap() {
        let example = example.unwrap().path();
        if !example.to_string_lossy().ends_with(".journey.yaml") {
            continue;
        }
        std::fs::copy(&example, dir.path().join(example.file_name().unwrap())).unwrap();
    }
    for example in std::fs::read_dir(dir.path()).unwrap() {
        let name = example.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".journey.yaml") {
            continue;
        }
        for out in ["a.xlsx", "b.xlsx"] {
            assert!(
                run(dir.path(), &["export", "xlsx", &name, "-o", out])
                    .status
                    .success()
            );
        }
        let a = std::fs::read(dir.path().join("a.xlsx")).unwrap();
        assert_eq!(
            a,
            std::fs::read(dir.path().join("b.xlsx")).unwrap(),
            "{name}"
        );
        let args = [
            "import",
            "xlsx",
            "a.xlsx",
            "--base",
            &name,
            "-o",
            "back.yaml.out",
        ];
        let out = run(dir.path(), &args);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let back = std::fs::read_to_string(dir.path().join("back.yaml.out")).unwrap();
        assert_eq!(
            back,
            std::fs::read_to_string(dir.path().join(&name)).unwrap(),
            "{name}"
        );
    }
}

/// A sheet typed into a spreadsheet: the time a real time value, the emotion a number
/// (`1.0`), a step name that looks like a formula, and an extra empty row.
#[test]
fn a_workbook_as_a_spreadsheet_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    let column = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap() as u16;
    sheet.write_string(1, column("stage_id"), "pay").unwrap();
    sheet.write_string(1, column("stage_name"), "Pay").unwrap();
    sheet.write_string(1, column("step_id"), "total").unwrap();
    sheet
        .write_string(1, column("step_name"), "=SUM(1,2) is the total")
        .unwrap();
    let time = ExcelDateTime::from_hms(6, 45, 0).unwrap();
    sheet
        .write_datetime_with_format(
            1,
            column("time"),
            &time,
            &Format::new().set_num_format("h:mm AM/PM"),
        )
        .unwrap();
    sheet.write_number(1, column("emotion"), 1.0).unwrap();
    sheet.write_string(2, column("stage_id"), "").unwrap();
    workbook.save(dir.path().join("typed.xlsx")).unwrap();
    let out = run(
        dir.path(),
        &["import", "xlsx", "typed.xlsx", "--id", "typed"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = String::from_utf8(out.stdout).unwrap();
    assert!(
        yaml.contains("name: =SUM(1,2) is the total\n")
            || yaml.contains("name: \"=SUM(1,2) is the total\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("time: \"06:45\"\n"), "{yaml}");
    assert!(yaml.contains("emotion: 1\n"), "{yaml}");
}

/// A file that is not a workbook is bad input: exit 1, a clear error, nothing written.
#[test]
fn a_file_that_is_not_a_workbook_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fake.xlsx"), "stage_id,stage_name\n").unwrap();
    let out = run(
        dir.path(),
        &["import", "xlsx", "fake.xlsx", "-o", "x.journey.yaml"],
    );
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("fake.xlsx: not a spreadsheet journeymap can read"),
        "{said}"
    );
    assert!(!dir.path().join("x.journey.yaml").exists());
}
