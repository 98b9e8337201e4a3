//! Behaviour of rendered views on a real adapter: determinism, distinct
//! views, scale invariance, buffer reuse and splitting, large meshes.

mod common;

use common::{
    compare_images, fixture, foreground_fraction, read_fixture_off, small_config, torus,
    transformed,
};
use simcal_render::{Renderer, UpAxis};

#[test]
fn adapter_info_is_reported() {
    let renderer = Renderer::new(&small_config(32)).unwrap();
    let info = renderer.adapter_info();
    assert!(!info.name.is_empty());
    assert!(
        ["vulkan", "gl", "metal", "dx12"].contains(&info.backend.as_str()),
        "unexpected backend {:?}",
        info.backend
    );
    let json = serde_json::to_value(info).unwrap();
    assert_eq!(json["name"], info.name.as_str());
    eprintln!("adapter: {info:?}");
}

#[test]
fn same_mesh_twice_gives_identical_bytes() {
    let mesh = read_fixture_off(&fixture("l_block.off"));
    let mut renderer = Renderer::new(&small_config(64)).unwrap();
    let first = renderer.render_views(&mesh).unwrap();
    let second = renderer.render_views(&mesh).unwrap();
    assert_eq!(first.len(), 8);
    for (index, (a, b)) in first.iter().zip(&second).enumerate() {
        assert!(
            a.as_raw() == b.as_raw(),
            "view {index} differs between renders"
        );
    }
}

#[test]
fn two_renderers_give_identical_bytes() {
    let mesh = read_fixture_off(&fixture("tetrahedron.off"));
    let first = Renderer::new(&small_config(64))
        .unwrap()
        .render_views(&mesh)
        .unwrap();
    let second = Renderer::new(&small_config(64))
        .unwrap()
        .render_views(&mesh)
        .unwrap();
    for (index, (a, b)) in first.iter().zip(&second).enumerate() {
        assert!(
            a.as_raw() == b.as_raw(),
            "view {index} differs between renderers"
        );
    }
}

#[test]
fn views_of_asymmetric_object_differ() {
    let mesh = read_fixture_off(&fixture("l_block.off"));
    let mut renderer = Renderer::new(&small_config(64)).unwrap();
    let views = renderer.render_views(&mesh).unwrap();
    for i in 0..views.len() {
        for j in i + 1..views.len() {
            let difference = compare_images(&views[i], &views[j], 16);
            assert!(
                difference.fraction_over_threshold > 0.01,
                "views {i} and {j} are nearly identical ({:.4} of pixels differ)",
                difference.fraction_over_threshold
            );
        }
    }
}

#[test]
fn background_and_size_follow_config() {
    let mesh = read_fixture_off(&fixture("tetrahedron.off"));
    let config = simcal_render::RenderConfig {
        views: 3,
        size_px: 40,
        background_rgb: [10, 20, 30],
        ..small_config(40)
    };
    let views = Renderer::new(&config).unwrap().render_views(&mesh).unwrap();
    assert_eq!(views.len(), 3);
    for view in &views {
        assert_eq!(view.dimensions(), (40, 40));
        assert_eq!(view.get_pixel(0, 0).0, [10, 20, 30]);
        let fraction = foreground_fraction(view, [10, 20, 30]);
        assert!(
            fraction > 0.02,
            "object covers only {fraction:.3} of the view"
        );
    }
}

#[test]
fn scale_and_offset_do_not_change_views() {
    let mesh = read_fixture_off(&fixture("l_block.off"));
    let mut renderer = Renderer::new(&small_config(64)).unwrap();
    let reference = renderer.render_views(&mesh).unwrap();
    for (scale, offset) in [(1000.0, [5000.0, -300.0, 20.0]), (0.001, [0.5, 0.5, 0.5])] {
        let moved = renderer
            .render_views(&transformed(&mesh, scale, offset))
            .unwrap();
        for (index, (a, b)) in moved.iter().zip(&reference).enumerate() {
            let difference = compare_images(a, b, 16);
            assert!(
                difference.fraction_over_threshold < 0.005,
                "scale {scale}: view {index} differs in {:.4} of pixels",
                difference.fraction_over_threshold
            );
        }
    }
}

#[test]
fn up_axis_changes_views() {
    let mesh = read_fixture_off(&fixture("l_block.off"));
    let z_up = Renderer::new(&small_config(48))
        .unwrap()
        .render_views(&mesh)
        .unwrap();
    let y_config = simcal_render::RenderConfig {
        up_axis: UpAxis::Y,
        ..small_config(48)
    };
    let y_up = Renderer::new(&y_config)
        .unwrap()
        .render_views(&mesh)
        .unwrap();
    let difference = compare_images(&z_up[0], &y_up[0], 16);
    assert!(difference.fraction_over_threshold > 0.01);
}

#[test]
fn buffers_are_reused_across_mesh_sizes() {
    let small = read_fixture_off(&fixture("tetrahedron.off"));
    let large = torus(120, 60, 1.0, 0.3);
    let mut renderer = Renderer::new(&small_config(48)).unwrap();
    let small_first = renderer.render_views(&small).unwrap();
    renderer.render_views(&large).unwrap();
    let small_again = renderer.render_views(&small).unwrap();
    for (index, (a, b)) in small_first.iter().zip(&small_again).enumerate() {
        assert!(
            a.as_raw() == b.as_raw(),
            "view {index} changed after a larger mesh"
        );
    }
}

#[test]
fn split_vertex_buffers_match_single_buffer() {
    let mesh = torus(60, 40, 1.0, 0.4); // 4800 triangles, 345600 bytes of vertices
    let mut renderer = Renderer::new(&small_config(64)).unwrap();
    let single = renderer.render_views(&mesh).unwrap();
    // 1000 triangles of 72 bytes per buffer: five buffers for this mesh.
    renderer.set_chunk_limit_bytes(72_000);
    let split = renderer.render_views(&mesh).unwrap();
    for (index, (a, b)) in single.iter().zip(&split).enumerate() {
        assert!(a.as_raw() == b.as_raw(), "view {index} differs when split");
    }
}

#[test]
fn million_triangle_mesh_renders() {
    let mesh = torus(1000, 500, 1.0, 0.35);
    assert_eq!(mesh.triangle_count(), 1_000_000);
    let config = small_config(64);
    let mut renderer = Renderer::new(&config).unwrap();
    let views = renderer.render_views(&mesh).unwrap();
    assert_eq!(views.len(), 8);
    for (index, view) in views.iter().enumerate() {
        let fraction = foreground_fraction(view, config.background_rgb);
        assert!(
            (0.05..0.8).contains(&fraction),
            "view {index}: object covers {fraction:.3} of the frame"
        );
    }
}
