//! The streaming API and the errors a user can hit.

mod common;

use std::sync::Arc;

use common::{fixture, read_fixture_off, small_config};
use simcal_render::{BackendChoice, RenderConfig, RenderError, RenderJob, Renderer};

#[test]
fn stream_returns_results_in_job_order() {
    let tetrahedron = Arc::new(read_fixture_off(&fixture("tetrahedron.off")));
    let l_block = Arc::new(read_fixture_off(&fixture("l_block.off")));
    let config = small_config(48);
    let expected_l_block = Renderer::new(&config)
        .unwrap()
        .render_views(&l_block)
        .unwrap();

    let stream = Renderer::spawn_stream(&config, 2).unwrap();
    assert!(!stream.adapter.name.is_empty());
    let jobs = stream.jobs.clone();
    let producer = std::thread::spawn(move || {
        for id in 0..5_u64 {
            let mesh = if id % 2 == 0 { &tetrahedron } else { &l_block };
            jobs.send(RenderJob {
                id,
                mesh: Arc::clone(mesh),
            })
            .unwrap();
        }
    });
    let mut received = Vec::new();
    for _ in 0..5 {
        received.push(stream.results.recv().unwrap());
    }
    producer.join().unwrap();
    let leftover = stream.finish();
    assert!(leftover.is_empty());

    let ids: Vec<u64> = received.iter().map(|result| result.id).collect();
    assert_eq!(ids, vec![0, 1, 2, 3, 4]);
    let views = received[1].views.as_ref().unwrap();
    assert_eq!(views.len(), 8);
    for (index, (a, b)) in views.iter().zip(&expected_l_block).enumerate() {
        assert!(a.as_raw() == b.as_raw(), "streamed view {index} differs");
    }
}

#[test]
fn stream_finish_returns_queued_results() {
    let mesh = Arc::new(read_fixture_off(&fixture("tetrahedron.off")));
    let stream = Renderer::spawn_stream(&small_config(32), 4).unwrap();
    for id in 0..3 {
        stream
            .jobs
            .send(RenderJob {
                id,
                mesh: Arc::clone(&mesh),
            })
            .unwrap();
    }
    let results = stream.finish();
    assert_eq!(results.len(), 3);
    assert!(results.iter().all(|result| result.views.is_ok()));
}

#[test]
fn stream_rejects_invalid_config_up_front() {
    let config = RenderConfig {
        size_px: 2,
        ..RenderConfig::default()
    };
    let error = Renderer::spawn_stream(&config, 1).err().unwrap();
    assert!(matches!(
        error,
        RenderError::InvalidConfig {
            field: "size_px",
            ..
        }
    ));
}

#[test]
fn invalid_config_names_field_and_range() {
    let config = RenderConfig {
        fov_deg: 200.0,
        ..RenderConfig::default()
    };
    let message = Renderer::new(&config).err().unwrap().to_string();
    assert!(message.contains("fov_deg = 200"), "{message}");
    assert!(message.contains("between 1 and 170"), "{message}");
}

#[test]
fn too_many_views_for_adapter_is_an_error() {
    // No adapter is expected to render a 4096 px view array this large in
    // one readback buffer; the limit check must name the field.
    let config = RenderConfig {
        views: 256,
        size_px: 4096,
        ..RenderConfig::default()
    };
    match Renderer::new(&config) {
        Err(RenderError::DeviceLimit { field, .. }) => assert!(field.contains("readback")),
        Err(other) => panic!("expected a device limit error, got {other}"),
        Ok(_) => panic!("a 16 GiB readback buffer was accepted"),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn missing_backend_names_packages_to_install() {
    // Metal does not exist on Linux, so forcing it finds no adapter.
    let config = RenderConfig {
        backend: BackendChoice::Metal,
        ..small_config(32)
    };
    let error = Renderer::new(&config).err().unwrap();
    assert!(matches!(error, RenderError::NoAdapter { .. }), "{error}");
    let message = error.to_string();
    assert!(
        message.contains("mesa-vulkan-drivers libvulkan1"),
        "{message}"
    );
    assert!(message.contains("libegl-mesa0 libegl1"), "{message}");
    assert!(message.contains("WGPU_BACKEND=vulkan"), "{message}");
}

#[test]
fn forced_vulkan_backend_is_used() {
    let config = RenderConfig {
        backend: BackendChoice::Vulkan,
        ..small_config(32)
    };
    let renderer = Renderer::new(&config).unwrap();
    assert_eq!(renderer.adapter_info().backend, "vulkan");
}

#[test]
fn forced_gl_backend_renders_like_vulkan() {
    let mesh = read_fixture_off(&fixture("l_block.off"));
    let gl_config = RenderConfig {
        backend: BackendChoice::Gl,
        ..small_config(64)
    };
    let mut gl = Renderer::new(&gl_config).unwrap();
    assert_eq!(gl.adapter_info().backend, "gl");
    let gl_views = gl.render_views(&mesh).unwrap();
    let vulkan_config = RenderConfig {
        backend: BackendChoice::Vulkan,
        ..small_config(64)
    };
    let vulkan_views = Renderer::new(&vulkan_config)
        .unwrap()
        .render_views(&mesh)
        .unwrap();
    for (index, (a, b)) in gl_views.iter().zip(&vulkan_views).enumerate() {
        let difference = common::compare_images(a, b, 16);
        assert!(
            difference.fraction_over_threshold < 0.01,
            "view {index}: GL and Vulkan differ in {:.4} of pixels",
            difference.fraction_over_threshold
        );
    }
}
