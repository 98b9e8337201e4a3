//! Ring cameras around the unit sphere of the canonical frame.

use bytemuck::{Pod, Zeroable};
use glam::{Mat4, Vec3};

use crate::config::RenderConfig;

/// Per-view uniform block; the layout matches `View` in `shader.wgsl`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct ViewUniforms {
    pub view_proj: [[f32; 4]; 4],
    /// Unit light direction in the canonical (world) frame; w unused.
    pub light_dir_world: [f32; 4],
    /// x: ambient strength, y: diffuse strength; z, w unused.
    pub shading: [f32; 4],
}

/// Camera distance from the origin at which a unit sphere exactly fills the
/// vertical field of view: the sphere is tangent to the view cone when
/// `sin(fov / 2) = 1 / distance`.
pub(crate) fn camera_distance(fov_deg: f32) -> f32 {
    1.0 / (0.5 * fov_deg.to_radians()).sin()
}

/// Eye position for one view on the ring, y up.
pub(crate) fn eye_position(azimuth_deg: f32, elevation_deg: f32, distance: f32) -> Vec3 {
    let azimuth = azimuth_deg.to_radians();
    let elevation = elevation_deg.to_radians();
    distance
        * Vec3::new(
            elevation.cos() * azimuth.sin(),
            elevation.sin(),
            elevation.cos() * azimuth.cos(),
        )
}

/// Uniform blocks for every view of `config`, in render order.
pub(crate) fn view_uniforms(config: &RenderConfig) -> Vec<ViewUniforms> {
    let distance = camera_distance(config.fov_deg);
    // The unit sphere lies between distance - 1 and distance + 1 along the
    // view axis; the margins keep its nearest and farthest points unclipped.
    let near = 0.95 * (distance - 1.0);
    let far = 1.05 * (distance + 1.0);
    let projection = Mat4::perspective_rh(config.fov_deg.to_radians(), 1.0, near, far);
    let light_camera = Vec3::from_array(config.light_dir_camera).normalize();

    config
        .view_azimuths_deg()
        .into_iter()
        .map(|azimuth_deg| {
            let eye = eye_position(azimuth_deg, config.elevation_deg, distance);
            let view = Mat4::look_at_rh(eye, Vec3::ZERO, Vec3::Y);
            let light_world = view.inverse().transform_vector3(light_camera).normalize();
            ViewUniforms {
                view_proj: (projection * view).to_cols_array_2d(),
                light_dir_world: light_world.extend(0.0).to_array(),
                shading: [config.ambient_strength, config.diffuse_strength, 0.0, 0.0],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(uniforms: &ViewUniforms, point: Vec3) -> Vec3 {
        let clip = Mat4::from_cols_array_2d(&uniforms.view_proj) * point.extend(1.0);
        clip.truncate() / clip.w
    }

    #[test]
    fn distance_fits_unit_sphere() {
        // fov 60: sin(30) = 0.5, so the sphere is tangent at distance 2.
        assert!((camera_distance(60.0) - 2.0).abs() < 1e-6);
    }

    #[test]
    fn azimuth_zero_looks_from_positive_z() {
        let eye = eye_position(0.0, 0.0, 3.0);
        assert!((eye - Vec3::new(0.0, 0.0, 3.0)).length() < 1e-6);
        let eye = eye_position(90.0, 0.0, 3.0);
        assert!((eye - Vec3::new(3.0, 0.0, 0.0)).length() < 1e-6);
    }

    #[test]
    fn origin_projects_to_centre_in_every_view() {
        for uniforms in view_uniforms(&RenderConfig::default()) {
            let ndc = project(&uniforms, Vec3::ZERO);
            assert!(ndc.x.abs() < 1e-5, "{ndc}");
            assert!(ndc.y.abs() < 1e-5, "{ndc}");
            assert!(ndc.z > 0.0, "{ndc}");
            assert!(ndc.z < 1.0, "{ndc}");
        }
    }

    #[test]
    fn sphere_silhouette_touches_frame_edge() {
        let config = RenderConfig {
            elevation_deg: 0.0,
            ..RenderConfig::default()
        };
        let uniforms = view_uniforms(&config)[0];
        // Seen from +z, the silhouette's top point is where the view ray is
        // tangent to the sphere: at angle fov/2 off the axis.
        let distance = camera_distance(config.fov_deg);
        let half_fov = (0.5 * config.fov_deg).to_radians();
        let tangent_point = Vec3::new(0.0, half_fov.cos(), 1.0 / distance);
        let ndc = project(&uniforms, tangent_point);
        assert!((ndc.y - 1.0).abs() < 1e-4, "{ndc}");
    }

    #[test]
    fn light_follows_camera() {
        let config = RenderConfig {
            light_dir_camera: [0.0, 0.0, 1.0],
            elevation_deg: 0.0,
            ..RenderConfig::default()
        };
        let uniforms = view_uniforms(&config);
        // A light along camera +z points from the origin towards the eye.
        let light_view0 = Vec3::from_slice(&uniforms[0].light_dir_world[..3]);
        let light_view2 = Vec3::from_slice(&uniforms[2].light_dir_world[..3]);
        assert!((light_view0 - Vec3::Z).length() < 1e-5, "{light_view0}");
        assert!((light_view2 - Vec3::X).length() < 1e-5, "{light_view2}");
    }
}
