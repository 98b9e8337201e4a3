//! Given steps that describe the catalog, the pairs and the seeds.

use cucumber::given;
use simcal::config::{CatalogKind, ClassSelection};

use super::parameters::name_list;
use super::world::CalibrationWorld;

fn set_catalog(
    world: &mut CalibrationWorld,
    kind: CatalogKind,
    path: Option<&str>,
    classes: usize,
    objects: usize,
) {
    world.config.catalog.kind = kind;
    world.config.catalog.path = path.map(Into::into);
    world.config.catalog.classes = ClassSelection::Count(classes);
    world.config.catalog.objects_per_class = objects;
}

#[given(expr = "the built-in catalog with {int} classes and {int} objects per class")]
fn builtin_catalog(world: &mut CalibrationWorld, classes: usize, objects: usize) {
    set_catalog(world, CatalogKind::Builtin, None, classes, objects);
}

#[given(expr = "the ModelNet folder {string} with {int} classes and {int} objects per class")]
fn modelnet_catalog(world: &mut CalibrationWorld, path: String, classes: usize, objects: usize) {
    set_catalog(world, CatalogKind::Modelnet, Some(&path), classes, objects);
}

#[given(expr = "the catalog manifest {string} with {int} classes and {int} objects per class")]
fn manifest_catalog(world: &mut CalibrationWorld, path: String, classes: usize, objects: usize) {
    set_catalog(world, CatalogKind::Manifest, Some(&path), classes, objects);
}

#[given(expr = "the classes {string}")]
fn named_classes(world: &mut CalibrationWorld, classes: String) {
    world.config.catalog.classes = ClassSelection::Names(name_list(&classes));
}

#[given(expr = "the perturbation chain {string}")]
fn perturbation_chain(world: &mut CalibrationWorld, chain: String) {
    if !world.perturbations_set {
        world.config.perturbations.clear();
        world.perturbations_set = true;
    }
    world.config.perturbations.push(chain);
}

#[given(expr = "{int} negative pairs")]
fn negative_pairs(world: &mut CalibrationWorld, negatives: usize) {
    world.config.pairs.negatives = negatives;
}

#[given(expr = "the seeds {int} for the catalog, {int} for negatives and {int} for the bootstrap")]
fn seeds(world: &mut CalibrationWorld, catalog: u64, negatives: u64, bootstrap: u64) {
    world.config.seeds.catalog = catalog;
    world.config.seeds.negatives = negatives;
    world.config.seeds.bootstrap = bootstrap;
}

#[given(expr = "{int} bootstrap resamples")]
fn bootstrap_resamples(world: &mut CalibrationWorld, resamples: usize) {
    world.config.bootstrap_resamples = resamples;
}

#[given(expr = "the base rates {string}")]
fn base_rates(world: &mut CalibrationWorld, list: String) -> anyhow::Result<()> {
    world.config.base_rates = name_list(&list)
        .iter()
        .map(|text| {
            text.parse::<f64>()
                .map_err(|_| anyhow::anyhow!("base rate {text:?} is not a number"))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(())
}

#[given(expr = "the top {int} hard negatives are kept")]
fn hard_negatives_k(world: &mut CalibrationWorld, k: usize) {
    world.config.hard_negatives_k = k;
}
