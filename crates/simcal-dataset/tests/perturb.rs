//! Perturbation chains: text and YAML forms, parameter checks, geometry and
//! determinism.

mod common;

use common::{combined_hash, first_open_edge};
use proptest::prelude::*;
use simcal_dataset::{
    Axis, BuiltinClass, CropSide, PerturbError, Perturbation, PerturbationChain, generate_builtin,
    twin_seed,
};
use simcal_mesh::Mesh;

fn chain(text: &str) -> PerturbationChain {
    text.parse()
        .unwrap_or_else(|error| panic!("{text}: {error}"))
}

fn edge_lengths(mesh: &Mesh) -> Vec<f64> {
    let p = mesh.positions();
    mesh.triangles()
        .iter()
        .flat_map(|&[a, b, c]| [(a, b), (b, c), (c, a)])
        .map(|(i, j)| {
            let (p, q) = (p[i as usize], p[j as usize]);
            (0..3)
                .map(|k| (f64::from(p[k]) - f64::from(q[k])).powi(2))
                .sum::<f64>()
                .sqrt()
        })
        .collect()
}

fn max_abs_coordinate(mesh: &Mesh) -> f64 {
    mesh.positions()
        .iter()
        .flatten()
        .map(|c| f64::from(c.abs()))
        .fold(0.0, f64::max)
}

fn lamp() -> Mesh {
    generate_builtin(0, BuiltinClass::Lamp, 0).unwrap()
}

#[test]
fn chain_text_round_trip() {
    for text in [
        "rotate(y,25)",
        "rotate(y,25)|decimate(0.5)",
        "scale(1.2)|scale(1,2,0.5)|translate(0.1,-2,0)",
        "jitter(0.005)|crop(y,0.2)|crop(-x,0.1)|mirror(z)",
    ] {
        let parsed = chain(text);
        assert_eq!(parsed.to_string(), text);
        assert_eq!(chain(&parsed.to_string()), parsed);
    }
}

#[test]
fn chain_parse_values() {
    let parsed = chain(" rotate( y , 25 ) | crop(-y,0.2) ");
    assert_eq!(
        parsed.steps(),
        [
            Perturbation::Rotate {
                axis: Axis::Y,
                degrees: 25.0
            },
            Perturbation::Crop {
                axis: Axis::Y,
                side: CropSide::Min,
                fraction: 0.2
            },
        ]
    );
    assert_eq!(
        PerturbationChain::default_twin().to_string(),
        "rotate(y,25)"
    );
}

#[test]
fn chain_rejects_invalid_steps() {
    let cases = [
        ("decimate(1.5)", "decimate(1.5)", "outside (0, 1]"),
        (
            "rotate(y,25)|decimate(0)",
            "step 2 'decimate(0)'",
            "outside (0, 1]",
        ),
        ("rotate(w,25)", "rotate(w,25)", "unknown axis 'w'"),
        ("crop(y,1)", "crop(y,1)", "would remove the whole object"),
        ("crop(y,0)", "crop(y,0)", "outside (0, 1)"),
        ("scale(0)", "scale(0)", "must be > 0"),
        ("scale(1,2)", "scale(1,2)", "one factor or three"),
        ("jitter(2)", "jitter(2)", "outside (0, 1]"),
        ("rotate(y,inf)", "rotate(y,inf)", "must be finite"),
        ("spin(y,25)", "spin(y,25)", "unknown operation 'spin'"),
        ("rotate(y,25", "rotate(y,25", "missing closing parenthesis"),
        ("rotate(y,abc)", "rotate(y,abc)", "'abc' is not a number"),
    ];
    for (text, step, reason) in cases {
        let error = text.parse::<PerturbationChain>().unwrap_err().to_string();
        assert!(
            error.contains(step),
            "{text}: '{error}' does not name the step"
        );
        assert!(
            error.contains(reason),
            "{text}: '{error}' does not say '{reason}'"
        );
    }
    assert_eq!(
        "".parse::<PerturbationChain>().unwrap_err(),
        PerturbError::EmptyChain
    );
}

#[test]
fn chain_yaml_forms_agree() {
    let from_list: PerturbationChain = serde_yaml_ng::from_str(
        "- rotate: { axis: y, degrees: 25 }\n\
         - scale: 1.2\n\
         - scale: [1, 2, 1]\n\
         - translate: [0.1, 0, 0]\n\
         - jitter: { sigma: 0.005 }\n\
         - decimate: { ratio: 0.5 }\n\
         - crop: { axis: -y, fraction: 0.2 }\n\
         - mirror: { axis: x }\n\
         - \"rotate(x,10)\"\n",
    )
    .unwrap();
    let text = "rotate(y,25)|scale(1.2)|scale(1,2,1)|translate(0.1,0,0)|jitter(0.005)|decimate(0.5)|crop(-y,0.2)|mirror(x)|rotate(x,10)";
    let from_text: PerturbationChain = serde_yaml_ng::from_str(&format!("\"{text}\"")).unwrap();
    assert_eq!(from_list, chain(text));
    assert_eq!(from_text, from_list);
    assert_eq!(serde_yaml_ng::to_string(&from_list).unwrap().trim(), text);
}

#[test]
fn chain_yaml_rejects_invalid_step() {
    let error = serde_yaml_ng::from_str::<PerturbationChain>("- decimate: { ratio: 2 }\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("decimate(2)"), "{error}");
    let error = serde_yaml_ng::from_str::<PerturbationChain>("- rotate: { axis: y, degree: 25 }\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("degree"), "{error}");
}

#[test]
fn rotate_quarter_turn_maps_axes() {
    let mesh = Mesh::new(
        vec![
            [1.0, 0.0, 0.0],
            [-1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, -1.0, 0.0],
        ],
        vec![[0, 2, 1], [0, 1, 3]],
    )
    .unwrap();
    let rotated = chain("rotate(y,90)").apply(&mesh, 0).unwrap();
    // Counter-clockwise seen from +y: +x goes to -z.
    assert_eq!(rotated.positions()[0], [0.0, 0.0, -1.0]);
    assert_eq!(rotated.positions()[2], [0.0, 1.0, 0.0]);
}

#[test]
fn mirror_keeps_mesh_closed_and_flips_coordinates() {
    let mesh = lamp();
    let mirrored = chain("mirror(x)").apply(&mesh, 0).unwrap();
    assert_eq!(first_open_edge(&mirrored), None);
    assert_eq!(mirrored.triangle_count(), mesh.triangle_count());
    let twice = chain("mirror(x)|mirror(x)").apply(&mesh, 0).unwrap();
    assert_eq!(twice.triangles(), mesh.triangles());
}

#[test]
fn crop_removes_part_beyond_plane() {
    let mesh = lamp();
    let bounds = mesh.bounding_box();
    let cropped = chain("crop(y,0.25)").apply(&mesh, 0).unwrap();
    let plane = bounds.max[1] - 0.25 * bounds.extent()[1];
    let top = cropped.bounding_box().max[1];
    assert!((top - plane).abs() < 1e-5, "top {top}, plane {plane}");

    let bottom_cropped = chain("crop(-y,0.25)").apply(&mesh, 0).unwrap();
    let bottom = bottom_cropped.bounding_box().min[1];
    let plane = bounds.min[1] + 0.25 * bounds.extent()[1];
    assert!(
        (bottom - plane).abs() < 1e-5,
        "bottom {bottom}, plane {plane}"
    );
}

#[test]
fn crop_of_everything_is_rejected() {
    let error = "crop(x,1)".parse::<PerturbationChain>().unwrap_err();
    assert!(matches!(
        error,
        PerturbError::InvalidParameter { position: 1, .. }
    ));
}

#[test]
fn twins_are_deterministic() {
    let twin = chain("rotate(y,25)|jitter(0.002)|decimate(0.5)");
    let objects: Vec<Mesh> = [BuiltinClass::Chair, BuiltinClass::Airplane]
        .into_iter()
        .map(|class| generate_builtin(9, class, 0).unwrap())
        .collect();
    let make = |seed: u64| -> Vec<Mesh> {
        objects
            .iter()
            .enumerate()
            .map(|(k, mesh)| {
                twin.apply(mesh, twin_seed(seed, &format!("object_{k}")))
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(combined_hash(&make(1)), combined_hash(&make(1)));
    assert_ne!(combined_hash(&make(1)), combined_hash(&make(2)));
}

#[test]
fn twin_seed_depends_on_id_and_seed() {
    assert_eq!(twin_seed(1, "chair_0001"), twin_seed(1, "chair_0001"));
    assert_ne!(twin_seed(1, "chair_0001"), twin_seed(1, "chair_0002"));
    assert_ne!(twin_seed(1, "chair_0001"), twin_seed(2, "chair_0001"));
}

#[test]
fn decimate_keeps_colors_aligned() {
    let mesh = lamp();
    let colors: Vec<[f32; 3]> = mesh
        .positions()
        .iter()
        .map(|p| [(p[1] / 2.0).clamp(0.0, 1.0), 0.5, 0.25])
        .collect();
    let colored = mesh.with_colors(colors).unwrap();
    let decimated = chain("decimate(0.3)").apply(&colored, 0).unwrap();
    let kept_colors = decimated.colors().expect("colours kept");
    for (p, c) in decimated.positions().iter().zip(kept_colors) {
        assert_eq!(c[0], (p[1] / 2.0).clamp(0.0, 1.0));
    }
}

fn random_mesh() -> impl Strategy<Value = Mesh> {
    (4usize..40)
        .prop_flat_map(|vertex_count| {
            (
                prop::collection::vec(prop::array::uniform3(-10.0f32..10.0), vertex_count),
                prop::collection::vec(prop::array::uniform3(0..vertex_count as u32), 1..60),
            )
        })
        .prop_filter_map(
            "needs a face with non-zero area",
            |(positions, triangles)| Mesh::new(positions, triangles).ok(),
        )
}

fn assert_same_lengths(before: &Mesh, after: &Mesh) -> Result<(), TestCaseError> {
    let tolerance = 1e-5 * (1.0 + max_abs_coordinate(before).max(max_abs_coordinate(after)));
    for (edge, (a, b)) in edge_lengths(before)
        .into_iter()
        .zip(edge_lengths(after))
        .enumerate()
    {
        prop_assert!((a - b).abs() <= tolerance, "edge {edge}: {a} became {b}");
    }
    Ok(())
}

proptest! {
    #[test]
    fn rotation_keeps_edge_lengths(
        mesh in random_mesh(),
        axis in prop::sample::select(vec!["x", "y", "z"]),
        degrees in -720.0f64..720.0,
    ) {
        let rotated = chain(&format!("rotate({axis},{degrees})")).apply(&mesh, 0).unwrap();
        assert_same_lengths(&mesh, &rotated)?;
    }

    #[test]
    fn translation_keeps_edge_lengths(mesh in random_mesh(), offset in prop::array::uniform3(-50.0f64..50.0)) {
        let [x, y, z] = offset;
        let moved = chain(&format!("translate({x},{y},{z})")).apply(&mesh, 0).unwrap();
        assert_same_lengths(&mesh, &moved)?;
    }

    #[test]
    fn chain_display_parses_back(
        degrees in -360.0f64..360.0,
        factor in 0.01f64..10.0,
        ratio in 0.01f64..=1.0,
        fraction in 0.01f64..0.99,
    ) {
        let original = PerturbationChain::new(vec![
            Perturbation::Rotate { axis: Axis::Z, degrees },
            Perturbation::Scale { factors: [factor, 1.0, factor] },
            Perturbation::Decimate { ratio },
            Perturbation::Crop { axis: Axis::X, side: CropSide::Min, fraction },
        ]).unwrap();
        let parsed: PerturbationChain = original.to_string().parse().unwrap();
        prop_assert_eq!(parsed, original);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn decimation_lowers_count_and_stays_valid(
        class in prop::sample::select(BuiltinClass::ALL.to_vec()),
        index in 0usize..4,
        ratio in 0.05f64..0.95,
    ) {
        let mesh = generate_builtin(4, class, index).unwrap();
        let decimated = chain(&format!("decimate({ratio})")).apply(&mesh, 0).unwrap();
        prop_assert!(decimated.triangle_count() < mesh.triangle_count());

        let mut referenced = vec![false; decimated.vertex_count()];
        for (face, triangle) in decimated.triangles().iter().enumerate() {
            let [a, b, c] = *triangle;
            prop_assert!(a != b && b != c && a != c, "face {face} repeats a vertex");
            prop_assert!(decimated.triangle_area(face) > 0.0, "face {face} has zero area");
            for vertex in triangle {
                referenced[*vertex as usize] = true;
            }
        }
        prop_assert!(referenced.iter().all(|&r| r), "unreferenced vertices remain");
    }
}
