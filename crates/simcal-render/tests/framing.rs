//! Framing of real ModelNet objects, which range from unit size to
//! thousands of units: every object must fill a sane share of the frame
//! without being cut off at the edges.

mod common;

use common::{foreground_bounds, foreground_fraction, modelnet_files, small_config};
use simcal_render::Renderer;

const SIZE_PX: u32 = 96;

#[test]
fn real_objects_fill_sane_share_of_frame() {
    let files = modelnet_files();
    assert!(
        files.len() >= 10,
        "expected at least 10 ModelNet samples, found {}",
        files.len()
    );
    let config = small_config(SIZE_PX);
    let background = config.background_rgb;
    let mut renderer = Renderer::new(&config).unwrap();

    for path in &files {
        let loaded = simcal_mesh::load_mesh(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let views = renderer.render_views(&loaded.mesh).unwrap();
        let fractions: Vec<f64> = views
            .iter()
            .map(|view| foreground_fraction(view, background))
            .collect();
        let mean_fraction = fractions.iter().sum::<f64>() / fractions.len() as f64;
        let spans: Vec<u32> = views
            .iter()
            .filter_map(|view| foreground_bounds(view, background))
            .map(|(x0, y0, x1, y1)| (x1 - x0).max(y1 - y0) + 1)
            .collect();
        eprintln!(
            "{}: foreground {fractions:.3?} spans {spans:?}",
            path.display()
        );

        // Area share depends on the shape: a flat delta-wing airplane seen
        // from 20 degrees covers about 4% of the frame, a bathtub 45%. The
        // bounds below limit it; the span check after them tests the scale.
        assert!(
            mean_fraction > 0.025,
            "{}: object covers only {:.1}% of the frame on average",
            path.display(),
            mean_fraction * 100.0
        );
        assert!(
            mean_fraction < 0.8,
            "{}: object covers {:.1}% of the frame on average",
            path.display(),
            mean_fraction * 100.0
        );
        for (index, view) in views.iter().enumerate() {
            let (min_x, min_y, max_x, max_y) = foreground_bounds(view, background)
                .unwrap_or_else(|| panic!("{}: view {index} is empty", path.display()));
            let width = max_x - min_x + 1;
            let height = max_y - min_y + 1;
            // The bounding sphere fills the frame, so the object's longest
            // side spans at least half of it whatever its original scale.
            assert!(
                width.max(height) >= SIZE_PX / 2,
                "{}: view {index} object spans only {width}x{height} of {SIZE_PX}x{SIZE_PX} px",
                path.display()
            );
            // The bounding sphere fits the frame, so the object may touch an
            // edge at most where the sphere does, never on opposite sides.
            let touches_left_and_right = min_x == 0 && max_x == SIZE_PX - 1;
            let touches_top_and_bottom = min_y == 0 && max_y == SIZE_PX - 1;
            assert!(
                !touches_left_and_right,
                "{}: view {index} is cut off on both sides",
                path.display()
            );
            assert!(
                !touches_top_and_bottom,
                "{}: view {index} is cut off at top and bottom",
                path.display()
            );
        }
    }
}
