//! Given steps that describe the catalog, the twins, the pairs and the seeds.

use std::path::PathBuf;

use anyhow::{Context, bail};
use cucumber::given;
use simcal::dataset::{BuiltinClass, CatalogSpec, DEFAULT_SPLIT, PerturbationChain};

use super::parameters::name_list;
use super::world::CalibrationWorld;

/// The first `count` class folders of a ModelNet root, in alphabetical order.
fn first_class_folders(root: &str, count: usize) -> anyhow::Result<Vec<String>> {
    let entries = std::fs::read_dir(root)
        .with_context(|| format!("failed to list the ModelNet folder {root:?}; give a folder with one sub-folder per class"))?;
    let mut classes = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("failed to list {root:?}"))?
            .path();
        if let (true, Some(name)) = (
            path.is_dir(),
            path.file_name().and_then(|name| name.to_str()),
        ) {
            classes.push(name.to_owned());
        }
    }
    classes.sort();
    if classes.len() < count {
        bail!(
            "{root:?} has {} class folders, fewer than the {count} requested",
            classes.len()
        );
    }
    classes.truncate(count);
    Ok(classes)
}

#[given(expr = "the built-in catalog with {int} classes and {int} objects per class")]
fn builtin_catalog(
    world: &mut CalibrationWorld,
    class_count: usize,
    objects: usize,
) -> anyhow::Result<()> {
    if class_count == 0 || class_count > BuiltinClass::ALL.len() {
        bail!(
            "the built-in catalog has {} classes; ask for 1 to {0}",
            BuiltinClass::ALL.len()
        );
    }
    let seed = match &world.config.catalog {
        CatalogSpec::Builtin { seed, .. } => *seed,
        _ => 0,
    };
    let classes = BuiltinClass::ALL[..class_count]
        .iter()
        .map(|class| class.name().to_owned())
        .collect();
    world.config.catalog = CatalogSpec::Builtin {
        seed,
        per_class: objects,
        classes: Some(classes),
    };
    Ok(())
}

#[given(expr = "the ModelNet folder {string} with {int} classes and {int} objects per class")]
fn modelnet_catalog(
    world: &mut CalibrationWorld,
    root: String,
    class_count: usize,
    objects: usize,
) -> anyhow::Result<()> {
    let classes = first_class_folders(&root, class_count)?;
    world.config.catalog = CatalogSpec::ModelNet {
        root: PathBuf::from(root),
        split: DEFAULT_SPLIT.to_owned(),
        classes: Some(classes),
        per_class: Some(objects),
    };
    Ok(())
}

#[given(expr = "the catalog manifest {string}")]
fn manifest_catalog(world: &mut CalibrationWorld, path: String) {
    world.config.catalog = CatalogSpec::Manifest {
        path: PathBuf::from(path),
    };
}

#[given(expr = "the classes {string}")]
fn named_classes(world: &mut CalibrationWorld, names: String) -> anyhow::Result<()> {
    let names = Some(name_list(&names));
    match &mut world.config.catalog {
        CatalogSpec::Builtin { classes, .. }
        | CatalogSpec::ModelNet { classes, .. }
        | CatalogSpec::Folder { classes, .. } => *classes = names,
        CatalogSpec::Manifest { .. } => {
            bail!("a manifest catalog lists its own classes; edit the manifest instead")
        }
    }
    Ok(())
}

#[given(expr = "the perturbation chain {string}")]
fn perturbation_chain(world: &mut CalibrationWorld, chain: String) -> anyhow::Result<()> {
    world.config.twin = chain
        .parse::<PerturbationChain>()
        .with_context(|| format!("invalid perturbation chain {chain:?}"))?;
    Ok(())
}

#[given(expr = "{int} negative pairs")]
fn negative_pairs(world: &mut CalibrationWorld, negatives: usize) {
    world.config.pairs.negatives = negatives;
}

#[given(
    expr = "the seeds {int} for the catalog, {int} for twins, {int} for negatives and {int} for the bootstrap"
)]
fn seeds(
    world: &mut CalibrationWorld,
    catalog: u64,
    twins: u64,
    negatives: u64,
    bootstrap: u64,
) -> anyhow::Result<()> {
    match &mut world.config.catalog {
        CatalogSpec::Builtin { seed, .. } => *seed = catalog,
        _ => bail!(
            "only the built-in catalog has a seed; use `the seeds ... for twins` without a catalog seed"
        ),
    }
    world.config.seeds.twins = twins;
    world.config.seeds.negatives = negatives;
    world.config.seeds.bootstrap = bootstrap;
    Ok(())
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
                .with_context(|| format!("base rate {text:?} is not a number"))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(())
}

#[given(expr = "the top {int} hard negatives are kept")]
fn hard_negatives_k(world: &mut CalibrationWorld, k: usize) {
    world.config.hard_negatives_k = k;
}
