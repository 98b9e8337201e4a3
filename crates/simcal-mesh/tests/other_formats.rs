//! OBJ (tobj), PLY (ply-rs-bw) and STL (stl_io) loading, written to real
//! files so that side files such as OBJ material libraries are looked up.

use std::path::{Path, PathBuf};

use simcal_mesh::{LoadError, LoadedMesh, load_mesh, write_off};

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn fixture(name: &str, bytes: &[u8]) -> Fixture {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the fixture");
    Fixture { _dir: dir, path }
}

fn loads(name: &str, bytes: &[u8]) -> LoadedMesh {
    let file = fixture(name, bytes);
    match load_mesh(&file.path) {
        Ok(loaded) => loaded,
        Err(error) => panic!("expected {name} to load, got: {error}"),
    }
}

fn rejects(name: &str, bytes: &[u8]) -> LoadError {
    let file = fixture(name, bytes);
    match load_mesh(&file.path) {
        Ok(loaded) => panic!(
            "expected {name} to be rejected, but it loaded {} triangles",
            loaded.mesh.triangle_count()
        ),
        Err(error) => {
            assert_eq!(error.path(), file.path.as_path());
            error
        }
    }
}

#[test]
fn obj_negative_indices() {
    let text = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf -3 -2 -1\nv 5 5 5\nv 6 5 5\nv 5 6 5\nf -3 -2 -1\n";
    let loaded = loads("relative.obj", text.as_bytes());
    let mesh = &loaded.mesh;
    assert_eq!(mesh.vertex_count(), 6);
    assert_eq!(mesh.triangles(), &[[0, 1, 2], [3, 4, 5]]);
    assert_eq!(mesh.positions()[3], [5.0, 5.0, 5.0]);
    assert_eq!(mesh.positions()[5], [5.0, 6.0, 5.0]);
}

#[test]
fn obj_objects_and_repeated_group_merged() {
    let text = "o A\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\ng B\nv 0 0 1\nf 1 2 4\ng A\nf 2 3 4\n";
    let loaded = loads("groups.obj", text.as_bytes());
    let mesh = &loaded.mesh;
    // Vertices shared between groups are welded back to the file's four.
    assert_eq!(mesh.vertex_count(), 4);
    assert_eq!(mesh.triangle_count(), 3);
    let mut faces: Vec<[[f32; 3]; 3]> = mesh
        .triangles()
        .iter()
        .map(|t| t.map(|i| mesh.positions()[i as usize]))
        .collect();
    faces.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let v = [
        [0.0, 0.0, 0.0],
        [1.0, 0.0, 0.0],
        [0.0, 1.0, 0.0],
        [0.0, 0.0, 1.0],
    ];
    let mut expected = vec![[v[0], v[1], v[2]], [v[0], v[1], v[3]], [v[1], v[2], v[3]]];
    expected.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(faces, expected);
    assert_eq!(mesh.summary().duplicate_vertex_count, 0);
}

#[test]
fn obj_missing_material_library_is_warning() {
    let text = "mtllib absent.mtl\nusemtl red\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n";
    let loaded = loads("with_mtl.obj", text.as_bytes());
    assert_eq!(loaded.mesh.triangle_count(), 1);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("absent.mtl") && w.contains("not found")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn obj_concave_polygon_ear_clipped() {
    let text = "v 1 1 0\nv 1 2 0\nv 0 2 0\nv 0 0 0\nv 2 0 0\nv 2 1 0\nf 1 2 3 4 5 6\n";
    let loaded = loads("concave.obj", text.as_bytes());
    assert_eq!(loaded.mesh.triangle_count(), 4);
    let area: f64 = (0..4).map(|f| loaded.mesh.triangle_area(f)).sum();
    assert!((area - 3.0).abs() < 1e-9, "area {area}");
}

#[test]
fn obj_points_and_lines_skipped_or_rejected() {
    let mixed = "v 0 0 0\nv 1 0 0\nv 0 1 0\nl 1 2\np 3\nf 1 2 3\n";
    let loaded = loads("mixed.obj", mixed.as_bytes());
    assert_eq!(loaded.mesh.triangle_count(), 1);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("1 point ('p') and 1 line ('l')"))
    );

    let lines_only = rejects("lines.obj", b"v 0 0 0\nv 1 0 0\nv 0 1 0\nl 1 2 3\n");
    assert!(
        lines_only
            .to_string()
            .contains("only point ('p') and line ('l')"),
        "{lines_only}"
    );

    let cloud = rejects("cloud.obj", b"v 0 0 0\nv 1 0 0\nv 0 1 0\n");
    assert!(cloud.to_string().contains("point cloud"), "{cloud}");
}

#[test]
fn obj_errors_name_the_line() {
    let error = rejects("range.obj", b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n");
    assert_eq!(error.line(), Some(4), "{error}");
    assert!(
        error.to_string().contains("vertex index 9 is out of range"),
        "{error}"
    );

    let error = rejects("zero.obj", b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n");
    assert_eq!(error.line(), Some(4), "{error}");
    assert!(error.to_string().contains("index 0 is invalid"), "{error}");

    let error = rejects("before.obj", b"v 0 0 0\nv 1 0 0\nf -1 -2 -3\n");
    assert_eq!(error.line(), Some(3), "{error}");
    assert!(
        error.to_string().contains("relative vertex index -3"),
        "{error}"
    );

    let error = rejects("number.obj", b"v 0 0 0\nv 1 zero 0\nv 0 1 0\nf 1 2 3\n");
    assert_eq!(error.line(), Some(2), "{error}");
    assert!(
        error.to_string().contains("'zero' is not a number"),
        "{error}"
    );
}

const CUBE_VERTICES: [[f32; 3]; 8] = [
    [0.0, 0.0, 0.0],
    [0.0, 0.0, 1.0],
    [0.0, 1.0, 1.0],
    [0.0, 1.0, 0.0],
    [1.0, 0.0, 0.0],
    [1.0, 0.0, 1.0],
    [1.0, 1.0, 1.0],
    [1.0, 1.0, 0.0],
];
const CUBE_QUADS: [[u32; 4]; 6] = [
    [0, 1, 2, 3],
    [7, 6, 5, 4],
    [0, 4, 5, 1],
    [1, 5, 6, 2],
    [2, 6, 7, 3],
    [3, 7, 4, 0],
];

#[test]
fn ply_ascii_quads_with_colours() {
    let mut text = String::from(
        "ply\nformat ascii 1.0\nelement vertex 8\nproperty float x\nproperty float y\n\
         property float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\n\
         element face 6\nproperty list uchar int vertex_indices\nend_header\n",
    );
    for v in CUBE_VERTICES {
        text.push_str(&format!("{} {} {} 255 0 51\n", v[0], v[1], v[2]));
    }
    for q in CUBE_QUADS {
        text.push_str(&format!("4 {} {} {} {}\n", q[0], q[1], q[2], q[3]));
    }
    let loaded = loads("cube.ply", text.as_bytes());
    let summary = loaded.mesh.summary();
    assert_eq!(summary.vertex_count, 8);
    assert_eq!(summary.triangle_count, 12);
    assert!(summary.winding_consistent);
    assert_eq!(summary.boundary_edge_count, 0);
    assert_eq!(loaded.mesh.colors().map(|c| c[0]), Some([1.0, 0.0, 0.2]));
}

#[test]
fn ply_binary_little_endian() {
    let mut bytes = b"ply\nformat binary_little_endian 1.0\nelement vertex 8\nproperty float x\n\
        property float y\nproperty float z\nelement face 6\n\
        property list uchar int vertex_indices\nend_header\n"
        .to_vec();
    for v in CUBE_VERTICES {
        for c in v {
            bytes.extend_from_slice(&c.to_le_bytes());
        }
    }
    for q in CUBE_QUADS {
        bytes.push(4);
        for i in q {
            bytes.extend_from_slice(&(i as i32).to_le_bytes());
        }
    }
    let loaded = loads("cube_binary.ply", &bytes);
    assert_eq!(loaded.mesh.positions(), &CUBE_VERTICES);
    assert_eq!(loaded.mesh.triangle_count(), 12);
    assert!((loaded.mesh.summary().surface_area - 6.0).abs() < 1e-9);
}

#[test]
fn ply_errors() {
    let cloud = rejects(
        "cloud.ply",
        b"ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\n\
          property float z\nend_header\n0 0 0\n1 1 1\n",
    );
    assert!(cloud.to_string().contains("point cloud"), "{cloud}");

    let range = rejects(
        "range.ply",
        b"ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n\
          property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n\
          0 0 0\n1 0 0\n0 1 0\n3 0 1 7\n",
    );
    assert!(range.to_string().contains("vertex index 7"), "{range}");

    let syntax = rejects(
        "bad.ply",
        b"ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n\
          property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n\
          0 0 0\n1 zero 0\n0 1 0\n3 0 1 2\n",
    );
    assert_eq!(syntax.line(), Some(11), "{syntax}");

    let truncated = rejects(
        "short.ply",
        b"ply\nformat ascii 1.0\nelement vertex 3000000000\nproperty float x\n\
          property float y\nproperty float z\nend_header\n0 0 0\n",
    );
    assert!(truncated.to_string().contains("PLY"), "{truncated}");
}

fn binary_stl(header: &[u8; 80], triangles: &[[[f32; 3]; 3]]) -> Vec<u8> {
    let mut bytes = header.to_vec();
    bytes.extend_from_slice(&(triangles.len() as u32).to_le_bytes());
    for triangle in triangles {
        bytes.extend_from_slice(&[0u8; 12]);
        for corner in triangle {
            for c in corner {
                bytes.extend_from_slice(&c.to_le_bytes());
            }
        }
        bytes.extend_from_slice(&[0u8; 2]);
    }
    bytes
}

const TWO_TRIANGLES: [[[f32; 3]; 3]; 2] = [
    [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
    [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 0.0]],
];

#[test]
fn stl_binary_shares_vertices() {
    let loaded = loads("two.stl", &binary_stl(&[b' '; 80], &TWO_TRIANGLES));
    assert_eq!(loaded.mesh.vertex_count(), 4);
    assert_eq!(loaded.mesh.triangles(), &[[0, 1, 2], [1, 3, 2]]);
}

#[test]
fn stl_binary_with_solid_header() {
    let mut header = [b' '; 80];
    header[..11].copy_from_slice(b"solid cube ");
    let loaded = loads("solid_header.stl", &binary_stl(&header, &TWO_TRIANGLES));
    assert_eq!(loaded.mesh.triangle_count(), 2);
}

#[test]
fn stl_binary_truncated() {
    let mut bytes = binary_stl(&[0; 80], &TWO_TRIANGLES);
    bytes.truncate(bytes.len() - 10);
    let error = rejects("short.stl", &bytes);
    assert!(
        error.to_string().contains("declares 2 triangles"),
        "{error}"
    );
}

#[test]
fn stl_ascii_several_solids() {
    let facet = |v: [[f32; 3]; 3]| {
        format!(
            "  facet normal 0 0 1\n    outer loop\n      vertex {} {} {}\n      vertex {} {} {}\n      vertex {} {} {}\n    endloop\n  endfacet\n",
            v[0][0], v[0][1], v[0][2], v[1][0], v[1][1], v[1][2], v[2][0], v[2][1], v[2][2]
        )
    };
    let text = format!(
        "solid first\n{}endsolid first\nsolid\nendsolid\n  solid second\n{}endsolid second\n",
        facet(TWO_TRIANGLES[0]),
        facet(TWO_TRIANGLES[1])
    );
    let loaded = loads("solids.stl", text.as_bytes());
    assert_eq!(loaded.mesh.triangle_count(), 2);
    assert_eq!(loaded.mesh.vertex_count(), 4);

    let broken = text.replace("vertex 1 1 0", "vertex 1 one 0");
    let error = rejects("broken.stl", broken.as_bytes());
    assert!(error.line().is_some(), "{error}");
    assert!(error.to_string().contains("after facet 0"), "{error}");
}

#[test]
fn unsupported_extension_rejected() {
    let error = rejects("mesh.gltf", b"{}");
    assert!(
        error.to_string().contains("unsupported mesh format"),
        "{error}"
    );
}

#[test]
fn missing_file_rejected() {
    let error = load_mesh(Path::new("/nonexistent/folder/chair.off")).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("/nonexistent/folder/chair.off: failed to read"),
        "{error}"
    );
}

#[test]
fn off_written_and_read_back_identically() {
    let text = "COFF\n4 2 0\n0.1 0.2 0.3 255 0 0\n1e-7 -3.5 2 0 255 0\n1 1 1 0 0 255\n-0 0 1 10 20 30\n3 0 1 2\n3 0 2 3\n";
    let original = loads("colour.off", text.as_bytes()).mesh;
    let mut written = Vec::new();
    write_off(&original, &mut written).unwrap();
    let reread = loads("written.off", &written).mesh;
    assert_eq!(reread.positions(), original.positions());
    assert_eq!(reread.triangles(), original.triangles());
    assert_eq!(reread.colors(), original.colors());
    assert_eq!(reread.content_hash(), original.content_hash());
}
