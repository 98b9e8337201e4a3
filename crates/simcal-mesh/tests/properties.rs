//! Property tests: the OFF parser never panics, and the PointNet-proxy
//! descriptor is invariant to translation and uniform scale but not to
//! anisotropic scale.

use std::path::Path;

use proptest::prelude::*;
use simcal_mesh::{Mesh, PointNetProxy, parse_off};

/// Random lines built from OFF-like tokens, so that inputs get past the
/// header often enough to exercise the vertex and face readers.
fn off_like_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("OFF".to_string()),
        Just("COFF".to_string()),
        Just("NOFF".to_string()),
        Just("OFF3".to_string()),
        Just("#".to_string()),
        Just("nan".to_string()),
        Just("-1".to_string()),
        Just("appearance {".to_string()),
        Just("}".to_string()),
        (0u32..6).prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (-10.0f32..10.0).prop_map(|x| x.to_string()),
        "[ -~]{0,6}",
    ];
    let line = prop::collection::vec(token, 0..8).prop_map(|tokens| tokens.join(" "));
    let separator = prop_oneof![Just("\n"), Just("\r\n"), Just("\r"), Just("\t")];
    prop::collection::vec((line, separator), 0..24).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(line, separator)| format!("{line}{separator}"))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn off_parser_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_off(Path::new("fuzz.off"), &bytes);
    }

    #[test]
    fn off_parser_never_panics_on_lines(text in off_like_text()) {
        let result = parse_off(Path::new("fuzz.off"), text.as_bytes());
        if let Err(error) = result {
            prop_assert!(error.to_string().starts_with("fuzz.off"));
        }
    }
}

/// Generates a random triangle soup in [-1, 1]^3.
fn random_mesh() -> impl Strategy<Value = Mesh> {
    prop::collection::vec(prop::array::uniform3(-1.0f32..1.0), 6..40).prop_filter_map(
        "needs a non-degenerate triangle",
        |positions| {
            let triangle_count = positions.len() / 3;
            let triangles = (0..triangle_count as u32)
                .map(|t| [3 * t, 3 * t + 1, 3 * t + 2])
                .collect();
            Mesh::new(positions, triangles).ok()
        },
    )
}

fn transformed(mesh: &Mesh, scale: [f32; 3], offset: [f32; 3]) -> Mesh {
    let positions = mesh
        .positions()
        .iter()
        .map(|p| [0, 1, 2].map(|k| p[k] * scale[k] + offset[k]))
        .collect();
    Mesh::new(positions, mesh.triangles().to_vec()).expect("a scaled mesh stays valid")
}

fn max_difference(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

/// Checks that the first principal axis is well separated from the second,
/// so that the histogram does not depend on rounding.
fn well_conditioned(encoder: &PointNetProxy, mesh: &Mesh) -> bool {
    let eigenvalues = encoder.describe(mesh).eigenvalues;
    eigenvalues[0] - eigenvalues[1] > 0.02
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn descriptor_invariant_to_translation(
        mesh in random_mesh(),
        offset in prop::array::uniform3(-100.0f32..100.0),
    ) {
        let encoder = PointNetProxy::default();
        prop_assume!(well_conditioned(&encoder, &mesh));
        let original = encoder.describe(&mesh).to_vec();
        let moved = encoder.describe(&transformed(&mesh, [1.0; 3], offset)).to_vec();
        // Translation rounds f32 coordinates, which can move a sample whose
        // angle lies on a bin edge into the next bin (1/2048 each).
        prop_assert!(max_difference(&original, &moved) < 2e-3, "{original:?}\n{moved:?}");
    }

    #[test]
    fn descriptor_invariant_to_uniform_scale(mesh in random_mesh(), factor in 0.01f32..100.0) {
        let encoder = PointNetProxy::default();
        prop_assume!(well_conditioned(&encoder, &mesh));
        let original = encoder.describe(&mesh).to_vec();
        let scaled = encoder.describe(&transformed(&mesh, [factor; 3], [0.0; 3])).to_vec();
        prop_assert!(max_difference(&original, &scaled) < 2e-3, "{original:?}\n{scaled:?}");
    }

    #[test]
    fn descriptor_changes_under_anisotropic_scale(mesh in random_mesh(), axis in 0usize..3) {
        let encoder = PointNetProxy::default();
        let mut scale = [1.0f32; 3];
        scale[axis] = 3.0;
        let original = encoder.describe(&mesh).to_vec();
        let stretched = encoder.describe(&transformed(&mesh, scale, [0.0; 3])).to_vec();
        prop_assert!(max_difference(&original, &stretched) > 1e-2, "{original:?}\n{stretched:?}");
    }
}
