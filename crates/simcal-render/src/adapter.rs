//! Adapter choice: a GPU when there is one, else Mesa's software Vulkan
//! (lavapipe), else software GL (llvmpipe).

use serde::{Deserialize, Serialize};
use tracing::{debug, info};

use crate::config::BackendChoice;
use crate::error::RenderError;

/// The adapter a renderer runs on, recorded in each run's provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdapterSummary {
    /// Adapter name, for example "llvmpipe (LLVM 15.0.6, 256 bits)".
    pub name: String,
    /// Graphics API: "vulkan", "gl", "metal" or "dx12".
    pub backend: String,
    /// "DiscreteGpu", "IntegratedGpu", "VirtualGpu", "Cpu" or "Other".
    pub device_type: String,
    /// Driver name, for example "llvmpipe"; empty when the API does not report it.
    pub driver: String,
    /// Driver version text, for example "Mesa 22.3.6 (LLVM 15.0.6)".
    pub driver_info: String,
    /// PCI vendor id, 0 when unknown.
    pub vendor_id: u32,
    /// PCI device id, 0 when unknown.
    pub device_id: u32,
}

impl AdapterSummary {
    pub(crate) fn from_info(info: &wgpu::AdapterInfo) -> Self {
        AdapterSummary {
            name: info.name.clone(),
            backend: info.backend.to_string(),
            device_type: format!("{:?}", info.device_type),
            driver: info.driver.clone(),
            driver_info: info.driver_info.clone(),
            vendor_id: info.vendor,
            device_id: info.device,
        }
    }

    /// True for software rasterisers such as lavapipe and llvmpipe.
    pub fn is_software(&self) -> bool {
        self.device_type == "Cpu"
    }
}

/// Backends to enumerate: the configured one, else `WGPU_BACKEND`, else all
/// native backends compiled in.
pub(crate) fn resolve_backends(choice: BackendChoice) -> Result<wgpu::Backends, RenderError> {
    let native =
        wgpu::Backends::VULKAN | wgpu::Backends::METAL | wgpu::Backends::DX12 | wgpu::Backends::GL;
    let backends = match choice {
        BackendChoice::Vulkan => wgpu::Backends::VULKAN,
        BackendChoice::Gl => wgpu::Backends::GL,
        BackendChoice::Metal => wgpu::Backends::METAL,
        BackendChoice::Dx12 => wgpu::Backends::DX12,
        BackendChoice::Auto => match std::env::var("WGPU_BACKEND") {
            Ok(value) if !value.trim().is_empty() => parse_backend_list(&value)?,
            _ => native,
        },
    };
    Ok(backends)
}

/// Parses a comma-separated `WGPU_BACKEND` value; an unknown name is an
/// error rather than silently ignored, as wgpu itself would do.
fn parse_backend_list(value: &str) -> Result<wgpu::Backends, RenderError> {
    let mut backends = wgpu::Backends::empty();
    for name in value.split(',') {
        let backend = match BackendChoice::parse(name) {
            Some(BackendChoice::Vulkan) => wgpu::Backends::VULKAN,
            Some(BackendChoice::Gl) => wgpu::Backends::GL,
            Some(BackendChoice::Metal) => wgpu::Backends::METAL,
            Some(BackendChoice::Dx12) => wgpu::Backends::DX12,
            Some(BackendChoice::Auto) | None => {
                return Err(RenderError::InvalidBackendEnv {
                    value: value.to_string(),
                });
            }
        };
        backends |= backend;
    }
    Ok(backends)
}

/// Sort key for adapters, lowest first: hardware before software (discrete
/// before integrated, as `PowerPreference::HighPerformance` would choose),
/// then Vulkan or Metal before DX12 before GL.
fn adapter_rank(info: &wgpu::AdapterInfo) -> (u8, u8) {
    let device_rank = match info.device_type {
        wgpu::DeviceType::DiscreteGpu => 0,
        wgpu::DeviceType::IntegratedGpu => 1,
        wgpu::DeviceType::VirtualGpu => 2,
        wgpu::DeviceType::Other => 3,
        wgpu::DeviceType::Cpu => 4,
    };
    let backend_rank = match info.backend {
        wgpu::Backend::Vulkan | wgpu::Backend::Metal => 0,
        wgpu::Backend::Dx12 => 1,
        wgpu::Backend::Gl => 2,
        _ => 3,
    };
    (device_rank, backend_rank)
}

/// Creates an instance and picks the best adapter for `choice`.
pub(crate) fn select_adapter(
    choice: BackendChoice,
) -> Result<(wgpu::Instance, wgpu::Adapter), RenderError> {
    let backends = resolve_backends(choice)?;
    let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle();
    descriptor.backends = backends;
    let instance = wgpu::Instance::new(descriptor);

    let mut adapters = pollster::block_on(instance.enumerate_adapters(backends));
    for adapter in &adapters {
        let info = adapter.get_info();
        debug!(
            name = %info.name,
            backend = %info.backend,
            device_type = ?info.device_type,
            "adapter found"
        );
    }
    adapters.sort_by_key(|adapter| adapter_rank(&adapter.get_info()));

    if adapters.is_empty() {
        // Some platforms only answer request_adapter (for example a GL
        // context that needs a surface hint); give it one chance.
        let options = wgpu::RequestAdapterOptions {
            power_preference: wgpu::PowerPreference::HighPerformance,
            force_fallback_adapter: false,
            compatible_surface: None,
            apply_limit_buckets: false,
        };
        if let Ok(adapter) = pollster::block_on(instance.request_adapter(&options)) {
            adapters.push(adapter);
        }
    }

    let Some(adapter) = adapters.into_iter().next() else {
        return Err(RenderError::NoAdapter {
            backends: format!("{backends:?}"),
            seen: "none".to_string(),
        });
    };
    let info = adapter.get_info();
    info!(
        name = %info.name,
        backend = %info.backend,
        device_type = ?info.device_type,
        driver = %info.driver,
        driver_info = %info.driver_info,
        "render adapter selected"
    );
    Ok((instance, adapter))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(device_type: wgpu::DeviceType, backend: wgpu::Backend) -> wgpu::AdapterInfo {
        wgpu::AdapterInfo::new(device_type, backend)
    }

    #[test]
    fn rank_prefers_gpu_then_lavapipe_then_llvmpipe() {
        let lavapipe = info(wgpu::DeviceType::Cpu, wgpu::Backend::Vulkan);
        let llvmpipe = info(wgpu::DeviceType::Cpu, wgpu::Backend::Gl);
        let discrete_gl = info(wgpu::DeviceType::DiscreteGpu, wgpu::Backend::Gl);
        let integrated = info(wgpu::DeviceType::IntegratedGpu, wgpu::Backend::Vulkan);
        let mut ranked = [&llvmpipe, &lavapipe, &integrated, &discrete_gl];
        ranked.sort_by_key(|info| adapter_rank(info));
        assert_eq!(ranked[0].device_type, wgpu::DeviceType::DiscreteGpu);
        assert_eq!(ranked[1].device_type, wgpu::DeviceType::IntegratedGpu);
        assert_eq!(ranked[2].backend, wgpu::Backend::Vulkan);
        assert_eq!(ranked[3].backend, wgpu::Backend::Gl);
    }

    #[test]
    fn backend_list_rejects_unknown_name() {
        let error = parse_backend_list("vulkan,software").unwrap_err();
        assert!(error.to_string().contains("vulkan,software"));
    }

    #[test]
    fn backend_list_accepts_two_names() {
        let backends = parse_backend_list("vulkan, gl").unwrap();
        assert_eq!(backends, wgpu::Backends::VULKAN | wgpu::Backends::GL);
    }
}
