//! Renderer settings: views, camera, lighting, normals and backend choice.

use serde::{Deserialize, Serialize};

use crate::error::RenderError;

/// Settings for [`crate::Renderer`]. Every field has a default, so a config
/// file only needs the fields it changes.
///
/// Views lie on a horizontal ring around the object: view `i` sits at azimuth
/// `azimuth_start_deg + i * 360 / views` degrees and at `elevation_deg` above
/// the ring plane. The object is centred on its bounding sphere and the
/// camera distance makes that sphere fill the vertical field of view, so the
/// framing does not depend on the object's original scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RenderConfig {
    /// Views per object (default 8, one every 45 degrees).
    pub views: u32,
    /// Azimuth of the first view in degrees (default 0). Azimuth 0 puts the
    /// camera on the +z axis of a y-up model or the -y axis of a z-up model.
    /// Azimuth grows counter-clockwise seen from above.
    pub azimuth_start_deg: f32,
    /// Camera elevation above the ring plane in degrees (default 20).
    pub elevation_deg: f32,
    /// Vertical field of view in degrees (default 40).
    pub fov_deg: f32,
    /// Width and height of each square view in pixels (default 224).
    pub size_px: u32,
    /// Background colour as 8-bit RGB (default white).
    pub background_rgb: [u8; 3],
    /// Surface colour as 8-bit RGB for meshes without vertex colours
    /// (default light grey 200, 200, 200).
    pub surface_rgb: [u8; 3],
    /// Directional light in camera space: x to the right, y up, z towards the
    /// viewer. It moves with the camera, so every view is lit the same way.
    pub light_dir_camera: [f32; 3],
    /// Ambient term added to every fragment, 0..=1 (default 0.3).
    pub ambient_strength: f32,
    /// Weight of the Lambert term `|n . l|`, 0..=1 (default 0.7).
    pub diffuse_strength: f32,
    /// Flat (per-face) or smooth (per-vertex) normals (default flat).
    pub normals: NormalMode,
    /// Model axis that points up in the rendered views (default z, the
    /// ModelNet convention).
    pub up_axis: UpAxis,
    /// Backend to use; `Auto` honours `WGPU_BACKEND` and otherwise picks a
    /// GPU, then software Vulkan, then software GL.
    pub backend: BackendChoice,
    /// When to drop, before drawing, the triangles that cover no pixel
    /// centre (default `auto`). The views are the same either way; see
    /// [`SmallTriangleCull`].
    pub small_triangle_cull: SmallTriangleCull,
    /// Devices that render an object's views in parallel on a software
    /// rasteriser, 0..=16 (default 0: one per CPU core, at most 4). A GPU
    /// always uses one.
    pub software_devices: u32,
}

/// Maximum number of devices that `software_devices = 0` opens. Each llvmpipe device
/// starts its own rasteriser threads, one per core.
pub(crate) const MAX_AUTO_SOFTWARE_DEVICES: usize = 4;

impl Default for RenderConfig {
    fn default() -> Self {
        RenderConfig {
            views: 8,
            azimuth_start_deg: 0.0,
            elevation_deg: 20.0,
            fov_deg: 40.0,
            size_px: 224,
            background_rgb: [255, 255, 255],
            surface_rgb: [200, 200, 200],
            light_dir_camera: [0.4, 0.6, 1.0],
            ambient_strength: 0.3,
            diffuse_strength: 0.7,
            normals: NormalMode::Flat,
            up_axis: UpAxis::Z,
            backend: BackendChoice::Auto,
            small_triangle_cull: SmallTriangleCull::Auto,
            software_devices: 0,
        }
    }
}

/// Source of the shading normals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NormalMode {
    /// One normal per face: facets stay visible, which matches ModelNet's
    /// low-poly CAD models.
    Flat,
    /// The mesh's own vertex normals, or area-weighted face normals averaged
    /// per vertex when the mesh has none.
    Smooth,
}

/// Model axis that is drawn pointing up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UpAxis {
    Y,
    Z,
}

/// When the renderer culls small triangles on the CPU: triangles that
/// cover no pixel centre, and small triangles hidden behind others at every
/// centre they cover. Both produce no visible fragments, so culling changes
/// speed, not pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmallTriangleCull {
    /// On software rasterisers for meshes with at least one triangle per
    /// pixel of a view, where set-up of sub-pixel triangles dominates. Off
    /// on GPUs, which discard such triangles faster than the CPU can.
    Auto,
    Always,
    Never,
}

impl SmallTriangleCull {
    /// Decides whether to cull a mesh of `triangle_count` triangles in views of
    /// `size_px` square pixels on an adapter that is (`software`) or is not
    /// a CPU device.
    pub fn applies(self, triangle_count: usize, size_px: u32, software: bool) -> bool {
        match self {
            // NOTE: the break-even point, measured with
            // examples/cull_break_even.rs on generated tori (Mesa 22.3
            // lavapipe, 2 cores, 224 px), lies between 40k and 100k
            // triangles, so one triangle per pixel (50k) is an estimate.
            SmallTriangleCull::Auto => {
                software && triangle_count as u64 >= u64::from(size_px) * u64::from(size_px)
            }
            SmallTriangleCull::Always => true,
            SmallTriangleCull::Never => false,
        }
    }
}

/// Graphics backend selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendChoice {
    /// `WGPU_BACKEND` if set, else every backend compiled in.
    Auto,
    Vulkan,
    Gl,
    Metal,
    Dx12,
}

impl BackendChoice {
    /// Parses a backend name as accepted by `WGPU_BACKEND`.
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(BackendChoice::Auto),
            "vulkan" | "vk" => Some(BackendChoice::Vulkan),
            "gl" | "gles" | "opengl" => Some(BackendChoice::Gl),
            "metal" | "mtl" => Some(BackendChoice::Metal),
            "dx12" | "d3d12" => Some(BackendChoice::Dx12),
            _ => None,
        }
    }
}

impl RenderConfig {
    /// Checks every field's range; the error names the field, its value and
    /// the accepted range.
    pub fn validate(&self) -> Result<(), RenderError> {
        let invalid = |field: &'static str, value: String, expected: &'static str| {
            Err(RenderError::InvalidConfig {
                field,
                value,
                expected,
            })
        };
        if !(1..=256).contains(&self.views) {
            return invalid("views", self.views.to_string(), "1..=256");
        }
        if self.software_devices > 16 {
            return invalid(
                "software_devices",
                self.software_devices.to_string(),
                "0..=16 (0 picks one per CPU core, at most 4)",
            );
        }
        if !(8..=4096).contains(&self.size_px) {
            return invalid("size_px", self.size_px.to_string(), "8..=4096");
        }
        if !(self.fov_deg > 1.0 && self.fov_deg < 170.0) {
            return invalid(
                "fov_deg",
                self.fov_deg.to_string(),
                "between 1 and 170 degrees",
            );
        }
        if !(self.elevation_deg >= -89.0 && self.elevation_deg <= 89.0) {
            return invalid(
                "elevation_deg",
                self.elevation_deg.to_string(),
                "-89..=89 degrees (the camera up vector is undefined at the poles)",
            );
        }
        if !self.azimuth_start_deg.is_finite() {
            return invalid(
                "azimuth_start_deg",
                self.azimuth_start_deg.to_string(),
                "a finite angle in degrees",
            );
        }
        let light_length_squared: f32 = self.light_dir_camera.iter().map(|c| c * c).sum();
        if !(light_length_squared.is_finite() && light_length_squared > 1e-12) {
            return invalid(
                "light_dir_camera",
                format!("{:?}", self.light_dir_camera),
                "a finite non-zero vector",
            );
        }
        for (field, value) in [
            ("ambient_strength", self.ambient_strength),
            ("diffuse_strength", self.diffuse_strength),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return invalid(field, value.to_string(), "0..=1");
            }
        }
        Ok(())
    }

    /// Devices to open on a software rasteriser: `software_devices`, or
    /// for 0 the number of CPU cores, at most 4.
    /// The renderer never opens more devices than there are views.
    pub fn software_device_count(&self) -> usize {
        match self.software_devices {
            0 => std::thread::available_parallelism()
                .map_or(1, usize::from)
                .min(MAX_AUTO_SOFTWARE_DEVICES),
            devices => devices as usize,
        }
    }

    /// Azimuth of each view in degrees, in render order.
    pub fn view_azimuths_deg(&self) -> Vec<f32> {
        let step_deg = 360.0 / self.views as f32;
        (0..self.views)
            .map(|i| self.azimuth_start_deg + i as f32 * step_deg)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid() {
        RenderConfig::default().validate().unwrap();
    }

    #[test]
    fn default_azimuths_step_45_degrees() {
        let azimuths = RenderConfig::default().view_azimuths_deg();
        assert_eq!(
            azimuths,
            vec![0.0, 45.0, 90.0, 135.0, 180.0, 225.0, 270.0, 315.0]
        );
    }

    #[test]
    fn validate_rejects_zero_views() {
        let config = RenderConfig {
            views: 0,
            ..RenderConfig::default()
        };
        let message = config.validate().unwrap_err().to_string();
        assert!(message.contains("views"), "{message}");
        assert!(message.contains("1..=256"), "{message}");
    }

    #[test]
    fn validate_rejects_polar_elevation() {
        let config = RenderConfig {
            elevation_deg: 90.0,
            ..RenderConfig::default()
        };
        assert!(config.validate().is_err());
    }

    #[test]
    fn validate_rejects_zero_light() {
        let config = RenderConfig {
            light_dir_camera: [0.0; 3],
            ..RenderConfig::default()
        };
        assert!(config.validate().is_err());
    }

    #[test]
    fn auto_cull_needs_software_and_dense_mesh() {
        let auto = SmallTriangleCull::Auto;
        // 224 px views have 50,176 pixels.
        assert!(auto.applies(50_176, 224, true));
        assert!(!auto.applies(50_175, 224, true));
        assert!(!auto.applies(1_000_000, 224, false));
        assert!(auto.applies(4_096, 64, true));
        assert!(SmallTriangleCull::Always.applies(10, 224, false));
        assert!(!SmallTriangleCull::Never.applies(1_000_000, 224, true));
    }

    #[test]
    fn auto_software_devices_stay_in_range() {
        let count = RenderConfig::default().software_device_count();
        assert!((1..=MAX_AUTO_SOFTWARE_DEVICES).contains(&count), "{count}");
        let fixed = RenderConfig {
            software_devices: 3,
            ..RenderConfig::default()
        };
        assert_eq!(fixed.software_device_count(), 3);
    }

    #[test]
    fn backend_names_parse() {
        assert_eq!(BackendChoice::parse("VK"), Some(BackendChoice::Vulkan));
        assert_eq!(BackendChoice::parse(" gl "), Some(BackendChoice::Gl));
        assert_eq!(BackendChoice::parse("software"), None);
    }

    #[test]
    fn partial_json_keeps_defaults() {
        let config: RenderConfig =
            serde_json::from_str(r#"{"views": 4, "normals": "smooth"}"#).unwrap();
        assert_eq!(config.views, 4);
        assert_eq!(config.normals, NormalMode::Smooth);
        assert_eq!(config.size_px, 224);
    }
}
