//! Catalog loading and twin generation: the objects every encoder embeds.

use std::sync::Arc;

use rayon::prelude::*;
use simcal_dataset::{
    LoadedObject, PerturbationChain, SkippedObject, Variant, load_catalog, twin_seed,
};
use simcal_mesh::Mesh;

use super::error::PipelineError;
use crate::config::Plan;

/// One mesh to embed: a catalog object or its twin.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub object_id: String,
    pub class: String,
    pub variant: Variant,
    /// Canonical perturbation text; empty for originals. Part of the cache key.
    pub perturbation: String,
    pub mesh: Arc<Mesh>,
}

/// Loads every catalog object, leaving out (and returning) those that fail.
pub(crate) fn load_objects(
    plan: &Plan,
) -> Result<(Vec<LoadedObject>, Vec<SkippedObject>), PipelineError> {
    // Non-strict loading never returns the strict error.
    let catalog = load_catalog(&plan.entries, false).map_err(|error| PipelineError::NoObjects {
        skipped: 1,
        first_reason: error.error.to_string(),
    })?;
    if catalog.objects.is_empty() {
        return Err(PipelineError::NoObjects {
            skipped: catalog.skipped.len(),
            first_reason: catalog.skipped.first().map_or_else(
                || "the catalog is empty".to_owned(),
                |skipped| format!("{}: {}", skipped.source, skipped.reason),
            ),
        });
    }
    Ok((catalog.objects, catalog.skipped))
}

/// Returns each object's original followed by its twin, in catalog order.
/// Twins are made in parallel; each uses its own seed, so the result does
/// not depend on scheduling.
pub(crate) fn build_items(
    objects: &[LoadedObject],
    twin: &PerturbationChain,
    twins_seed: u64,
) -> Result<Vec<Item>, PipelineError> {
    let perturbation = twin.to_string();
    let pairs: Vec<(Item, Item)> = objects
        .par_iter()
        .map(|object| {
            let entry = &object.entry;
            let twin_mesh = twin
                .apply(&object.mesh, twin_seed(twins_seed, &entry.object_id))
                .map_err(|source| PipelineError::Twin {
                    object_id: entry.object_id.clone(),
                    source,
                })?;
            let item = |variant, perturbation: String, mesh| Item {
                object_id: entry.object_id.clone(),
                class: entry.class.clone(),
                variant,
                perturbation,
                mesh: Arc::new(mesh),
            };
            Ok((
                item(Variant::Original, String::new(), object.mesh.clone()),
                item(Variant::Twin, perturbation.clone(), twin_mesh),
            ))
        })
        .collect::<Result<_, PipelineError>>()?;
    Ok(pairs
        .into_iter()
        .flat_map(|(original, twin)| [original, twin])
        .collect())
}
