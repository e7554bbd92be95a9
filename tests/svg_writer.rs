//! The SVG writer against the `svg` crate, over generated maps: every journey and empathy
//! diagram of a generated map (hostile Unicode, markup and YAML-special text included) must
//! be written byte for byte as the crate's element tree writes it (`svg_oracle`). The golden
//! tests check the same on the examples and fixtures.

mod generate;
mod svg_oracle;

use journeymap::layout::{self, RenderOptions, ThemeName, View};
use journeymap::model::JourneyMap;
use journeymap::render::svg::{SvgOptions, to_svg};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("JOURNEYMAP_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn the_svg_writer_writes_what_the_svg_crate_writes(spec in generate::map_spec()) {
        let map: JourneyMap = serde_json::from_value(spec.standalone().to_json()).expect("a generated map");
        for (view, theme) in [(View::Journey, ThemeName::Light), (View::Empathy, ThemeName::Dark)] {
            let options = RenderOptions { view, theme, ..RenderOptions::default() };
            let Ok(scene) = layout::layout(&map, &options) else { continue };
            for svg in [SvgOptions::default(), SvgOptions { id_prefix: "p", xml_declaration: false }] {
                let ours = to_svg(&scene, svg);
                let crate_written = svg_oracle::to_svg_with_crate(&scene, svg);
                prop_assert!(
                    ours == crate_written,
                    "{view:?}: first difference at byte {}",
                    ours.bytes().zip(crate_written.bytes()).take_while(|(a, b)| a == b).count()
                );
            }
        }
    }
}
