//! OFF inputs that real loaders have got wrong, one test per kind of fault,
//! with its variants.

use std::path::Path;

use simcal_mesh::{LoadError, LoadedMesh, parse_off};

fn off(text: &str) -> Result<LoadedMesh, LoadError> {
    parse_off(Path::new("case.off"), text.as_bytes())
}

fn loads(text: &str) -> LoadedMesh {
    match off(text) {
        Ok(loaded) => loaded,
        Err(error) => panic!("expected the OFF text to load, got: {error}\n{text}"),
    }
}

fn rejects(text: &str) -> (Option<usize>, String) {
    match off(text) {
        Ok(loaded) => panic!(
            "expected the OFF text to be rejected, but it loaded {} triangles\n{text}",
            loaded.mesh.triangle_count()
        ),
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.starts_with("case.off"),
                "error does not name the file: {message}"
            );
            (error.line(), message)
        }
    }
}

const UNIT_TRIANGLE: [[f32; 3]; 3] = [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]];

fn assert_unit_triangle(loaded: &LoadedMesh) {
    assert_eq!(loaded.mesh.positions(), &UNIT_TRIANGLE);
    assert_eq!(loaded.mesh.triangles(), &[[0, 1, 2]]);
}

/// Sum of triangle areas, to check that triangulation covers a polygon.
fn total_area(loaded: &LoadedMesh) -> f64 {
    (0..loaded.mesh.triangle_count())
        .map(|face| loaded.mesh.triangle_area(face))
        .sum()
}

#[test]
fn joined_header_keyword_and_counts() {
    assert_unit_triangle(&loads("OFF3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2"));
}

#[test]
fn joined_header_variants() {
    // ModelNet40 style with a trailing comment, counts on the keyword line,
    // and two joined counts.
    assert_unit_triangle(&loads("OFF3 1 0 # joined\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"));
    assert_unit_triangle(&loads("OFF 3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"));
    assert_unit_triangle(&loads("OFF3 1\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"));
    assert_unit_triangle(&loads("\t  OFF3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"));
}

#[test]
fn comments_whole_line_and_trailing() {
    let loaded = loads("OFF\n# note\n3 1 0 # counts\n0 0 0\n1 0 0 # v1\n0 1 0\n3 0 1 2");
    assert_unit_triangle(&loaded);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn comments_before_keyword_and_inside_faces() {
    let loaded = loads("# made by hand\n#\nOFF\n3 1 0\n0 0 0#x\n1 0 0\n0 1 0\n3 0 1 2 # face\n");
    assert_unit_triangle(&loaded);
}

#[test]
fn blank_lines_after_header() {
    assert_unit_triangle(&loads("OFF\n\n3 1 0\n\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2"));
}

#[test]
fn blank_lines_everywhere() {
    let text = "\n\nOFF\n \t\n3 1 0\n\n0 0 0\n\n1 0 0\n   \n0 1 0\n\n\n3 0 1 2\n\n\n";
    assert_unit_triangle(&loads(text));
}

#[test]
fn coff_integer_colours() {
    let loaded =
        loads("COFF\n3 1 0\n0 0 0 255 0 0 255\n1 0 0 0 255 0 255\n0 1 0 0 0 255 255\n3 0 1 2");
    assert_eq!(loaded.mesh.positions(), &UNIT_TRIANGLE);
    let colors = loaded.mesh.colors().expect("COFF colours are kept");
    assert_eq!(colors, &[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]);
}

#[test]
fn coff_float_rgb_colours_without_alpha() {
    let loaded = loads("COFF\n3 1 0\n0 0 0 0.5 0 0\n1 0 0 0 0.25 0\n0 1 0 0 0 1\n3 0 1 2");
    let colors = loaded.mesh.colors().expect("COFF colours are kept");
    assert_eq!(
        colors,
        &[[0.5, 0.0, 0.0], [0.0, 0.25, 0.0], [0.0, 0.0, 1.0]]
    );
}

#[test]
fn coff_missing_colour_is_warning() {
    let loaded = loads("COFF\n3 1 0\n0 0 0 1 0 0\n1 0 0\n0 1 0 0 0 1\n3 0 1 2");
    assert!(loaded.mesh.colors().is_none());
    assert!(
        loaded.warnings.iter().any(|w| w.contains("vertex 1")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn noff_ncoff_and_stoff_prefixes() {
    let noff = loads("NOFF\n3 1 0\n0 0 0 0 0 1\n1 0 0 0 0 1\n0 1 0 0 0 1\n3 0 1 2");
    assert_eq!(noff.mesh.normals(), Some(&[[0.0, 0.0, 1.0]; 3][..]));

    let text =
        "NCOFF\n3 1 0\n0 0 0 0 0 1 1 0 0 1\n1 0 0 0 0 1 0 1 0 1\n0 1 0 0 0 1 0 0 1 1\n3 0 1 2";
    let ncoff = loads(text);
    assert_eq!(ncoff.mesh.positions(), &UNIT_TRIANGLE);
    assert_eq!(ncoff.mesh.normals(), Some(&[[0.0, 0.0, 1.0]; 3][..]));
    assert_eq!(ncoff.mesh.colors().map(|c| c[1]), Some([0.0, 1.0, 0.0]));

    let stoff = loads("STOFF\n3 1 0\n0 0 0 0 0\n1 0 0 1 0\n0 1 0 0 1\n3 0 1 2");
    assert_unit_triangle(&stoff);
    assert!(stoff.warnings.is_empty(), "{:?}", stoff.warnings);
}

#[test]
fn undeclared_vertex_values_are_warning() {
    let loaded = loads("OFF\n3 1 0\n0 0 0 9 9 9\n1 0 0\n0 1 0\n3 0 1 2");
    assert_unit_triangle(&loaded);
    assert!(
        loaded.warnings.iter().any(|w| w.contains("1 vertex lines")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn face_colours_are_warning() {
    let loaded = loads("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2 0.5 0.5 0.5 1");
    assert_unit_triangle(&loaded);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("per-face colours"))
    );
}

#[test]
fn four_d_and_n_d_rejected() {
    let (line, message) = rejects("4OFF\n3 1 0\n0 0 0 0\n1 0 0 0\n0 1 0 0\n3 0 1 2");
    assert_eq!(line, Some(1));
    assert!(message.contains("4-D"), "{message}");
    let (line, message) = rejects("nOFF\n4\n3 1 0\n0 0 0 0\n1 0 0 0\n0 1 0 0\n3 0 1 2");
    assert_eq!(line, Some(1));
    assert!(message.contains("n-D"), "{message}");
    let (_, message) = rejects("OFF BINARY\n3 1 0\n");
    assert!(message.contains("binary OFF"), "{message}");
}

#[test]
fn unknown_keyword_rejected() {
    let (line, message) = rejects("\nUMESH\n2 2\n");
    assert_eq!(line, Some(2));
    assert!(message.contains("UMESH"), "{message}");
}

#[test]
fn missing_keyword_is_warning() {
    let loaded = loads("3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2");
    assert_unit_triangle(&loaded);
    assert!(loaded.warnings.iter().any(|w| w.contains("no OFF keyword")));
}

#[test]
fn appearance_block_skipped() {
    let text = "appearance {\n  +texturing\n  texture {\n file a.pgm\n }\n}\nOFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2";
    let loaded = loads(text);
    assert_unit_triangle(&loaded);
    assert!(loaded.warnings.iter().any(|w| w.contains("appearance")));
}

#[test]
fn quad_triangulated_not_cut() {
    let loaded = loads("OFF\n4 1 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n4 0 1 2 3");
    assert_eq!(loaded.mesh.triangles(), &[[0, 1, 2], [0, 2, 3]]);
    assert!((total_area(&loaded) - 1.0).abs() < 1e-12);
}

#[test]
fn concave_polygon_triangulated_correctly() {
    // An arrow-head hexagon of area 3 starting at its reflex vertex; a fan
    // from vertex 0 would produce triangles outside the polygon.
    let text = "OFF\n6 1 0\n1 1 0\n1 2 0\n0 2 0\n0 0 0\n2 0 0\n2 1 0\n6 0 1 2 3 4 5\n";
    let loaded = loads(text);
    assert_eq!(loaded.mesh.triangle_count(), 4);
    assert!(
        (total_area(&loaded) - 3.0).abs() < 1e-9,
        "area {}",
        total_area(&loaded)
    );
    // Every triangle keeps the polygon's counter-clockwise winding (+z).
    let positions = loaded.mesh.positions();
    for triangle in loaded.mesh.triangles() {
        let [a, b, c] = triangle.map(|i| positions[i as usize]);
        let cross_z = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
        assert!(cross_z > 0.0, "triangle {triangle:?} is flipped or flat");
    }
}

#[test]
fn pentagon_in_3d_plane_triangulated() {
    // A regular pentagon in the x = 1 plane; three triangles.
    let mut text = String::from("OFF\n5 1 0\n");
    for k in 0..5 {
        let angle = std::f64::consts::TAU * f64::from(k) / 5.0;
        text.push_str(&format!("1 {} {}\n", angle.cos(), angle.sin()));
    }
    text.push_str("5 0 1 2 3 4\n");
    let loaded = loads(&text);
    assert_eq!(loaded.mesh.triangle_count(), 3);
    let expected = 2.5 * (std::f64::consts::TAU / 5.0).sin();
    assert!((total_area(&loaded) - expected).abs() < 1e-6);
}

#[test]
fn two_counts_only() {
    assert_unit_triangle(&loads("OFF\n3 1\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2"));
}

#[test]
fn absurd_counts_fail_fast() {
    let (line, message) = rejects("OFF\n999999999 1 0\n0 0 0");
    assert_eq!(line, Some(2));
    assert!(message.contains("999999999"), "{message}");
    assert!(
        message.contains("truncated or the counts are wrong"),
        "{message}"
    );
    let (_, message) = rejects("OFF\n3 18446744073709551615 0\n0 0 0");
    assert!(message.contains("bytes"), "{message}");
    let (_, message) = rejects("OFF\n99999999999999999999999 1 0\n");
    assert!(message.contains("invalid vertex count"), "{message}");
    let (_, message) = rejects("OFF\n5000000000 1 0\n");
    assert!(message.contains("32-bit"), "{message}");
}

#[test]
fn truncated_file_rejected() {
    let (line, message) = rejects("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1");
    assert_eq!(line, Some(6));
    assert!(
        message.contains("face 0 declares 3 vertices but lists 2"),
        "{message}"
    );

    let (_, message) = rejects("OFF\n3 2 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n");
    assert!(message.contains("ends after 1 of 2 faces"), "{message}");

    let (_, message) = rejects("OFF\n4 1 0\n0.0 0.0 0.0\n1.0 0.0 0.0\n0.0 1.0 0.0\n");
    assert!(message.contains("ends after 3 of 4 vertices"), "{message}");

    let (line, message) = rejects("OFF\n");
    assert_eq!(line, Some(1));
    assert!(
        message.contains("ends before the vertex and face counts"),
        "{message}"
    );
}

#[test]
fn face_index_out_of_range() {
    let (line, message) = rejects("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 1 2 3");
    assert_eq!(line, Some(6));
    assert!(message.contains("vertex index 3"), "{message}");
    assert!(message.contains("0 to 2"), "{message}");
}

#[test]
fn face_index_negative_or_not_integer() {
    let (_, message) = rejects("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 -1 2");
    assert!(message.contains("negative vertex index -1"), "{message}");
    let (_, message) = rejects("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1.5 2");
    assert!(message.contains("invalid vertex index '1.5'"), "{message}");
    let (_, message) = rejects("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n99999 0 1 2");
    assert!(
        message.contains("face 0 declares 99999 vertices but lists 3"),
        "{message}"
    );
}

#[test]
fn nan_coordinates_rejected() {
    let (line, message) = rejects("OFF\n3 1 0\nnan 0 0\n1 0 0\n0 1 0\n3 0 1 2");
    assert_eq!(line, Some(3));
    assert!(message.contains("non-finite value 'nan'"), "{message}");
    let (line, message) = rejects("OFF\n3 1 0\n0 0 0\n1 inf 0\n0 1 0\n3 0 1 2");
    assert_eq!(line, Some(4));
    assert!(message.contains("'inf'"), "{message}");
    let (_, message) = rejects("OFF\n3 1 0\n0 0 0\n1 1e999 0\n0 1 0\n3 0 1 2");
    assert!(message.contains("non-finite"), "{message}");
    let (_, message) = rejects("OFF\n3 1 0\n0 0 0\n1 abc 0\n0 1 0\n3 0 1 2");
    assert!(message.contains("invalid number 'abc'"), "{message}");
}

#[test]
fn crlf_and_cr_line_endings() {
    assert_unit_triangle(&loads(
        "OFF\r\n3 1 0\r\n0 0 0\r\n1 0 0\r\n0 1 0\r\n3 0 1 2\r\n",
    ));
    assert_unit_triangle(&loads("OFF\r3 1 0\r0 0 0\r1 0 0\r0 1 0\r3 0 1 2\r"));
    // Line numbers count CRLF as one line break.
    let (line, _) = rejects("OFF\r\n3 1 0\r\n0 0 0\r\nx 0 0\r\n0 1 0\r\n3 0 1 2\r\n");
    assert_eq!(line, Some(4));
}

#[test]
fn faces_with_fewer_than_three_vertices() {
    let loaded = loads("OFF\n3 3 0\n0 0 0\n1 0 0\n0 1 0\n1 0\n2 0 1\n3 0 1 2");
    assert_eq!(loaded.mesh.triangle_count(), 1);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("skipped 2 of 3 faces")),
        "{:?}",
        loaded.warnings
    );
    let (_, message) = rejects("OFF\n3 2 0\n0 0 0\n1 0 0\n0 1 0\n2 0 1\n0\n");
    assert!(
        message.contains("all 2 faces have fewer than 3 vertices"),
        "{message}"
    );
}

#[test]
fn point_cloud_rejected() {
    let (line, message) = rejects("OFF\n3 0 0\n0 0 0\n1 0 0\n0 1 0\n");
    assert_eq!(line, Some(2));
    assert!(message.contains("point cloud"), "{message}");
}

#[test]
fn only_degenerate_faces_rejected() {
    let (_, message) = rejects("OFF\n3 1 0\n0 0 0\n1 0 0\n2 0 0\n3 0 1 2\n");
    assert!(message.contains("zero area"), "{message}");
}

#[test]
fn trailing_content_is_warning() {
    let loaded = loads("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n3 0 1 2\n");
    assert!(
        loaded.warnings.iter().any(|w| w.contains("from line 7")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn utf8_bom_accepted_and_utf16_rejected() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(b"OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n");
    let loaded = parse_off(Path::new("bom.off"), &bytes).unwrap();
    assert_eq!(loaded.mesh.triangle_count(), 1);

    let utf16: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain("OFF\n".encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let error =
        simcal_mesh::parse_mesh_bytes(Path::new("wide.off"), simcal_mesh::MeshFormat::Off, &utf16)
            .unwrap_err();
    assert!(error.to_string().contains("UTF-16"), "{error}");
}

#[test]
fn empty_file_rejected() {
    let error =
        simcal_mesh::parse_mesh_bytes(Path::new("empty.off"), simcal_mesh::MeshFormat::Off, b"")
            .unwrap_err();
    assert_eq!(
        error.to_string(),
        "empty.off: the file is empty; expected a mesh"
    );
}

#[test]
fn l_prism_fixture_is_closed_and_consistent() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/meshes/l-prism-quads.off");
    let loaded = simcal_mesh::load_mesh(&path).unwrap();
    let summary = loaded.mesh.summary();
    assert_eq!(summary.vertex_count, 12);
    assert_eq!(summary.triangle_count, 20);
    assert_eq!(summary.boundary_edge_count, 0);
    assert_eq!(summary.non_manifold_edge_count, 0);
    assert!(summary.winding_consistent);
    // Two caps of area 3 and sides of total length 8 and height 1.
    assert!(
        (summary.surface_area - 14.0).abs() < 1e-9,
        "{}",
        summary.surface_area
    );
}
