//! Every file of the shared real-mesh collection either loads with the
//! vertex and triangle counts computed independently from the file, or is
//! rejected with a message that gives the reason.
//!
//! Triangle counts are the sum of (n - 2) over faces with n >= 3 vertices.
//! Vertex counts are the file's vertex count, except for OBJ (tobj keeps
//! only vertices that faces use) and STL (corners merged by position).

use std::path::{Path, PathBuf};

use simcal_mesh::load_mesh;

/// Returns the real-mesh folder of the shared test data, a sibling of the
/// repository root.
fn collection_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real-meshes")
}

enum Expected {
    Loads {
        vertices: usize,
        triangles: usize,
    },
    /// Rejected; the message must contain every fragment, and the error
    /// must name this line where one is given.
    Rejected {
        line: Option<usize>,
        fragments: &'static [&'static str],
    },
}

use Expected::{Loads, Rejected};

const fn loads(vertices: usize, triangles: usize) -> Expected {
    Loads {
        vertices,
        triangles,
    }
}

const fn rejected(line: Option<usize>, fragments: &'static [&'static str]) -> Expected {
    Rejected { line, fragments }
}

const CASES: &[(&str, Expected)] = &[
    (
        "assimp_testmodels_deb/OBJ/box_UTF16BE.obj",
        rejected(None, &["UTF-16", "convert it to UTF-8"]),
    ),
    ("assimp_testmodels_deb/OBJ/box_longline.obj", loads(8, 944)),
    (
        "assimp_testmodels_deb/OBJ/box_without_lineending.obj",
        loads(8, 12),
    ),
    (
        "assimp_testmodels_deb/OBJ/concave_polygon.obj",
        loads(64, 64),
    ),
    (
        "assimp_testmodels_deb/OBJ/cube_mtllib_after_g.obj",
        loads(8, 12),
    ),
    ("assimp_testmodels_deb/OBJ/cube_usemtl.obj", loads(8, 12)),
    (
        "assimp_testmodels_deb/OBJ/cube_with_vertexcolors.obj",
        loads(8, 12),
    ),
    // Four `v` lines, three used by the only face.
    ("assimp_testmodels_deb/OBJ/multiple_spaces.obj", loads(3, 1)),
    (
        "assimp_testmodels_deb/OBJ/number_formats.obj",
        rejected(Some(11), &["'3.1+e2' is not a number"]),
    ),
    (
        "assimp_testmodels_deb/OBJ/point_cloud.obj",
        rejected(None, &["3 vertices but no faces", "point cloud"]),
    ),
    ("assimp_testmodels_deb/OBJ/regr_3429812.obj", loads(4, 4)),
    (
        "assimp_testmodels_deb/OBJ/testline.obj",
        rejected(None, &["only point ('p') and line ('l') elements"]),
    ),
    ("assimp_testmodels_deb/OBJ/testmixed.obj", loads(8, 12)),
    (
        "assimp_testmodels_deb/OBJ/testpoints.obj",
        rejected(None, &["only point ('p') and line ('l') elements"]),
    ),
    ("assimp_testmodels_deb/OFF/Cube.off", loads(8, 12)),
    // "2\r20": a lone CR ends the line, so face 1 lists none of its 2 vertices.
    (
        "assimp_testmodels_deb/OFF/invalid.off",
        rejected(Some(7), &["face 1 declares 2 vertices but lists 0"]),
    ),
    ("assimp_testmodels_deb/PLY/cube.ply", loads(8, 12)),
    ("assimp_testmodels_deb/PLY/cube_binary.ply", loads(8, 12)),
    ("assimp_testmodels_deb/PLY/float-color.ply", loads(3, 1)),
    // The vertex element declares a list property that no vertex line has.
    (
        "assimp_testmodels_deb/PLY/issue623.ply",
        rejected(Some(13), &["invalid PLY", "List(UChar, UInt)"]),
    ),
    (
        "assimp_testmodels_deb/PLY/points.ply",
        rejected(None, &["4 vertices but no 'face' element", "point cloud"]),
    ),
    (
        "assimp_testmodels_deb/STL/3DSMaxExport.STL",
        loads(1042, 2000),
    ),
    (
        "assimp_testmodels_deb/STL/Spider_binary.stl",
        loads(722, 1368),
    ),
    ("assimp_testmodels_deb/STL/triangle.stl", loads(3, 1)),
    (
        "assimp_testmodels_deb/STL/triangle_with_empty_solid.stl",
        loads(3, 1),
    ),
    (
        "assimp_testmodels_deb/STL/triangle_with_two_solids.stl",
        loads(6, 2),
    ),
    (
        "assimp_testmodels_deb/invalid/OutOfMemory.off",
        rejected(Some(2), &["353535235358", "32-bit"]),
    ),
    (
        "assimp_testmodels_deb/invalid/empty.obj",
        rejected(None, &["the file is empty"]),
    ),
    (
        "assimp_testmodels_deb/invalid/empty.off",
        rejected(None, &["the file is empty"]),
    ),
    (
        "assimp_testmodels_deb/invalid/empty.ply",
        rejected(None, &["the file is empty"]),
    ),
    (
        "assimp_testmodels_deb/invalid/malformed.obj",
        rejected(Some(23), &["vertex index 12 is out of range", "8 vertices"]),
    ),
    // An empty `f` line is skipped; the other five quads load.
    ("assimp_testmodels_deb/invalid/malformed2.obj", loads(8, 10)),
    ("cgal_data_deb/boeing.off", loads(2741, 2564)),
    ("cgal_data_deb/cube_quad.off", loads(8, 12)),
    ("cgal_data_deb/mesh_with_colors.off", loads(8, 6)),
    ("cgal_data_deb/negative.off", loads(7, 6)),
    ("fyu_util3d/chair.off", loads(4847, 5403)),
    ("geomview_deb/geom/abstr.off", loads(36, 68)),
    ("geomview_deb/geom/br2.off", loads(20, 36)),
    ("geomview_deb/geom/cam.off", loads(5, 2)),
    ("geomview_deb/geom/cone.off", loads(22, 40)),
    ("geomview_deb/geom/cube.off", loads(8, 12)),
    ("geomview_deb/geom/dodec.off", loads(20, 36)),
    ("geomview_deb/geom/dodec2.off", loads(20, 36)),
    ("geomview_deb/geom/facecube.off", loads(8, 12)),
    ("geomview_deb/geom/hdodec.off", loads(20, 36)),
    (
        "geomview_deb/geom/hypercube.off",
        rejected(Some(1), &["'4OFF' declares 4-D vertices"]),
    ),
    ("geomview_deb/geom/icosa.off", loads(12, 20)),
    ("geomview_deb/geom/mushroom.off", loads(226, 448)),
    ("geomview_deb/geom/octa.off", loads(6, 8)),
    ("geomview_deb/geom/pieces/cube1.off", loads(8, 12)),
    (
        "geomview_deb/geom/spherical/dodecaplex.off",
        rejected(Some(1), &["4-D"]),
    ),
    (
        "geomview_deb/geom/spherical/hypercube.off",
        rejected(Some(1), &["4-D"]),
    ),
    (
        "geomview_deb/geom/spherical/octaplex.off",
        rejected(Some(1), &["4-D"]),
    ),
    (
        "geomview_deb/geom/spherical/orthoplex.off",
        rejected(Some(1), &["4-D"]),
    ),
    (
        "geomview_deb/geom/spherical/simplex.off",
        rejected(Some(1), &["4-D"]),
    ),
    (
        "geomview_deb/geom/spherical/tetraplex.off",
        rejected(Some(1), &["4-D"]),
    ),
    ("geomview_deb/geom/tetra.off", loads(4, 4)),
    ("geomview_deb/geom/textured/dodec.off", loads(20, 36)),
    (
        "geomview_deb/geom/textured/square.off",
        rejected(Some(18), &["found 'UMESH'"]),
    ),
    (
        "geomview_deb/geom/trapezoid.4d.off",
        rejected(Some(1), &["4-D"]),
    ),
    ("geomview_deb/geom/tref.off", loads(1280, 640)),
    ("geomview_deb/geom/unitcube.off", loads(8, 12)),
    ("geomview_deb/geom/vertcube.off", loads(8, 12)),
    ("geomview_deb/groups/hook.off", loads(21, 30)),
    (
        "kaolin_samples/model.off",
        rejected(
            Some(15),
            &["face 1 uses vertex index 6", "declares 6 vertices"],
        ),
    ),
    (
        "modelnet_HedwigZhang_PanoView/bed_0001.off",
        loads(2095, 1807),
    ),
    (
        "modelnet_HedwigZhang_PanoView/chair_0890.off",
        loads(1658, 2996),
    ),
    (
        "modelnet_rsong_3D-ViSa/airplane_0001.off",
        loads(27817, 54303),
    ),
    (
        "modelnet_rsong_3D-ViSa/airplane_0002.off",
        loads(23322, 64290),
    ),
    (
        "modelnet_rsong_3D-ViSa/airplane_0003.off",
        loads(19616, 44171),
    ),
    (
        "modelnet_rsong_3D-ViSa/airplane_0004.off",
        loads(16092, 35779),
    ),
    (
        "modelnet_rsong_3D-ViSa/airplane_0005.off",
        loads(14370, 35219),
    ),
    (
        "modelnet_rsong_3D-ViSa/airplane_0006.off",
        loads(13091, 29589),
    ),
    ("modelnet_sagikatz_HPRO/lamp_0001.off", loads(18962, 15328)),
    (
        "modelnet_xingyu-first_go_mesh/chair_0001.off",
        loads(2382, 2234),
    ),
    (
        "modelnet_xingyu-first_go_mesh/chair_0002.off",
        loads(192, 96),
    ),
    (
        "modelnet_xingyu-first_go_mesh/chair_0059.off",
        loads(44828, 71101),
    ),
    (
        "modelnet_zeaggler_OFF2Multiview/airplane_0003.off",
        loads(42472, 44580),
    ),
    (
        "modelnet_zeaggler_OFF2Multiview/bathtub_0001.off",
        loads(3514, 3546),
    ),
    (
        "modelnet_zeaggler_OFF2Multiview/bathtub_0002.off",
        loads(700, 664),
    ),
    (
        "modelnet_zeaggler_OFF2Multiview/bathtub_0003.off",
        loads(14963, 19985),
    ),
    (
        "modelnet_zeaggler_OFF2Multiview/bed_0001.off",
        loads(2095, 1807),
    ),
    (
        "modelnet_zeaggler_OFF2Multiview/bed_0002.off",
        loads(22627, 35299),
    ),
    (
        "modelnet_zeaggler_OFF2Multiview/bed_0003.off",
        loads(2644, 2440),
    ),
    ("pyvista_wheel/airplane.ply", loads(1335, 2452)),
    ("trimesh_models/comments.off", loads(8, 12)),
    ("trimesh_models/whitespace.off", loads(8, 12)),
];

fn collect_files(folder: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", folder.display()));
    for entry in entries {
        let path = entry.expect("read a folder entry").path();
        if path.is_dir() {
            collect_files(&path, files);
        } else {
            files.push(path);
        }
    }
}

#[test]
fn real_meshes_load_or_fail_clearly() {
    let root = collection_root();
    assert!(
        root.is_dir(),
        "the real-mesh collection is missing: expected a folder at {} (the shared test data \
         next to the repository); this test cannot run without it",
        root.display()
    );

    let mut on_disk = Vec::new();
    collect_files(&root, &mut on_disk);
    let mut uncovered: Vec<String> = on_disk
        .iter()
        .filter_map(|path| path.strip_prefix(&root).ok())
        .map(|relative| relative.to_string_lossy().into_owned())
        .filter(|relative| !relative.ends_with(".md") && !relative.ends_with(".txt"))
        .filter(|relative| CASES.iter().all(|(case, _)| case != relative))
        .collect();
    uncovered.sort();
    assert!(
        uncovered.is_empty(),
        "files without an expected outcome: {uncovered:?}"
    );

    let mut failures = Vec::new();
    for (relative, expected) in CASES {
        let path = root.join(relative);
        let outcome = load_mesh(&path);
        match (expected, outcome) {
            (
                Loads {
                    vertices,
                    triangles,
                },
                Ok(loaded),
            ) => {
                let mesh = &loaded.mesh;
                if mesh.vertex_count() != *vertices || mesh.triangle_count() != *triangles {
                    failures.push(format!(
                        "{relative}: loaded {} vertices and {} triangles, expected {vertices} and \
                         {triangles}",
                        mesh.vertex_count(),
                        mesh.triangle_count()
                    ));
                }
            }
            (Loads { .. }, Err(error)) => {
                failures.push(format!("{relative}: expected to load, got: {error}"));
            }
            (Rejected { .. }, Ok(loaded)) => failures.push(format!(
                "{relative}: expected a rejection, but it loaded {} triangles",
                loaded.mesh.triangle_count()
            )),
            (Rejected { line, fragments }, Err(error)) => {
                let message = error.to_string();
                if !message.starts_with(&path.display().to_string()) {
                    failures.push(format!(
                        "{relative}: message does not name the file: {message}"
                    ));
                }
                if line.is_some() && error.line() != *line {
                    failures.push(format!(
                        "{relative}: error at line {:?}, expected {line:?}: {message}",
                        error.line()
                    ));
                }
                for fragment in *fragments {
                    if !message.contains(fragment) {
                        failures.push(format!("{relative}: message lacks '{fragment}': {message}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
