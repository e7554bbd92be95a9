#[test]
fn dump() {
    let text = std::fs::read_to_string("tests/fixtures/diff/kinds/new.journey.yaml").unwrap();
    let file = journeymap::source::SourceFile::new("x", None, text);
    let c = journeymap::validate::check_file(&file, &Default::default(), &Default::default());
    let scene = journeymap::layout::layout(c.map.as_ref().unwrap(), &Default::default()).unwrap();
    std::fs::write("/tmp/scene.json", scene.to_json()).unwrap();
}
