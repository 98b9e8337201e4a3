//! Device creation and the bookkeeping that turns asynchronous device
//! errors (loss, uncaptured validation or out-of-memory errors) into
//! [`RenderError`]s instead of wgpu's default panic.

use std::sync::{Arc, Mutex, PoisonError};

use tracing::{error, warn};

use crate::adapter::{AdapterSummary, select_adapter};
use crate::config::BackendChoice;
use crate::error::RenderError;

/// An error the device reported outside an error scope.
#[derive(Debug, Clone)]
pub(crate) enum DeviceFault {
    Lost(String),
    OutOfMemory(String),
    Other(String),
}

/// Instance, device and queue with the adapter they run on.
pub(crate) struct GpuContext {
    // Kept alive for the device's lifetime; some backends tie the device to it.
    _instance: wgpu::Instance,
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    pub summary: AdapterSummary,
    fault: Arc<Mutex<Option<DeviceFault>>>,
}

impl GpuContext {
    /// Picks an adapter for `choice` and opens a device with the adapter's
    /// full limits, so that large meshes and many views fit where the
    /// hardware allows.
    pub fn open(choice: BackendChoice) -> Result<Self, RenderError> {
        let (instance, adapter) = select_adapter(choice)?;
        Self::open_adapter(instance, adapter)
    }

    /// Opens a device on `adapter` of `instance`, with the adapter's full
    /// limits.
    pub fn open_adapter(
        instance: wgpu::Instance,
        adapter: wgpu::Adapter,
    ) -> Result<Self, RenderError> {
        let summary = AdapterSummary::from_info(&adapter.get_info());
        let descriptor = wgpu::DeviceDescriptor {
            label: Some("simcal-render"),
            required_features: wgpu::Features::empty(),
            required_limits: adapter.limits(),
            memory_hints: wgpu::MemoryHints::Performance,
            ..Default::default()
        };
        let (device, queue) =
            pollster::block_on(adapter.request_device(&descriptor)).map_err(|source| {
                RenderError::RequestDevice {
                    adapter: summary.name.clone(),
                    message: source.to_string(),
                }
            })?;

        let fault = Arc::new(Mutex::new(None));
        let lost_fault = Arc::clone(&fault);
        device.set_device_lost_callback(move |reason, message| {
            error!(?reason, %message, "graphics device lost");
            record_fault(
                &lost_fault,
                DeviceFault::Lost(format!("{reason:?}: {message}")),
            );
        });
        let uncaptured_fault = Arc::clone(&fault);
        device.on_uncaptured_error(Arc::new(move |gpu_error: wgpu::Error| {
            warn!(error = %gpu_error, "uncaptured graphics device error");
            let fault = match gpu_error {
                wgpu::Error::OutOfMemory { .. } => DeviceFault::OutOfMemory(gpu_error.to_string()),
                other => DeviceFault::Other(other.to_string()),
            };
            record_fault(&uncaptured_fault, fault);
        }));

        Ok(GpuContext {
            _instance: instance,
            device,
            queue,
            summary,
            fault,
        })
    }

    /// Takes the fault recorded since the last call. A lost device stays
    /// recorded, because every later call on it fails too.
    pub fn take_fault(&self) -> Option<DeviceFault> {
        let mut slot = self.fault.lock().unwrap_or_else(PoisonError::into_inner);
        match slot.as_ref() {
            Some(DeviceFault::Lost(_)) => slot.clone(),
            _ => slot.take(),
        }
    }
}

/// Keeps the first fault; a later device loss replaces any other fault.
fn record_fault(slot: &Mutex<Option<DeviceFault>>, fault: DeviceFault) {
    let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
    let replace = match (&*slot, &fault) {
        (None, _) => true,
        (Some(DeviceFault::Lost(_)), _) => false,
        (Some(_), DeviceFault::Lost(_)) => true,
        (Some(_), _) => false,
    };
    if replace {
        *slot = Some(fault);
    }
}
