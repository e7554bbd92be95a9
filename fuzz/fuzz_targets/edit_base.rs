//! `import … --base`: the base file edited into the imported map. For any base text that
//! checks, editing it into its own map changes nothing (or is declined), and editing it into
//! a changed map (a step renamed, its emotion changed, a step added, the last removed) gives
//! text that reads back as exactly that map, or is declined; never a panic.
#![no_main]

use journeymap::interchange::patch::edit_base;
use journeymap::model::{Emotion, Score};
use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(file) = common::decode("base.journey.yaml", data) else {
        return;
    };
    let checked = common::check(&file);
    if checked.has_errors() {
        return;
    }
    let Some(base) = checked.map else {
        return;
    };
    if let Some(same) = edit_base(&file.text, &base, &base) {
        assert_eq!(same.text, file.text, "an unchanged map must leave the base as it was");
    }
    let mut changed = base.clone();
    let Some(stage) = changed.stages.first_mut() else {
        return;
    };
    if let Some(step) = stage.steps.first_mut() {
        step.name = format!("{} (renamed)", step.name);
        step.emotion = Some(Emotion::Score(Score::new(-2).unwrap()));
    }
    if let Some(copy) = stage.steps.first().cloned() {
        let mut added = copy;
        added.id = journeymap::model::Id(format!("{}-added", added.id));
        stage.steps.push(added);
    }
    if let Some(last) = changed.stages.last_mut()
        && last.steps.len() > 2
    {
        last.steps.remove(1);
    }
    // edit_base reads its result back and declines unless it is exactly `changed`.
    if let Some(edited) = edit_base(&file.text, &base, &changed) {
        assert!(edited.comments_kept <= edited.comments_in_base);
    }
});
