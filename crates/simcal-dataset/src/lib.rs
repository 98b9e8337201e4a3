//! Catalogs of 3D objects and the pairs simcal scores.
//!
//! - [`CatalogSpec`] names a catalog (built-in, ModelNet folder, generic
//!   folder or CSV manifest); [`list_catalog`] lists its [`CatalogEntry`]
//!   values without loading geometry, and [`load_catalog`] (or
//!   [`load_entry`] per object) loads them, skipping failures into
//!   [`SkippedObject`] unless strict.
//! - [`builtin`] generates the default catalog: 8 classes of closed
//!   meshes, deterministic from a seed.
//! - [`perturb`] builds twins with a [`PerturbationChain`] such as
//!   `rotate(y,25)|decimate(0.5)`.
//! - [`pairs`] draws positive and negative pairs and reads and writes
//!   `pair-manifest.csv`.
//!
//! Everything random is seeded ChaCha8, and shapes and rotations use
//! platform-independent trigonometry, so the same seed gives the same bytes.

pub mod builtin;
mod catalog;
mod csv_columns;
mod entry;
mod export;
mod folders;
mod load;
mod manifest_catalog;
pub mod pairs;
pub mod perturb;
mod spec;
mod spec_text;
mod trig;

pub use builtin::{
    BuiltinClass, DEFAULT_PER_CLASS, DEFAULT_SEED, builtin_entries, builtin_object_id,
    generate_builtin,
};
pub use catalog::{CatalogError, builtin_class_names, list_catalog};
pub use entry::{CatalogEntry, ObjectSource};
pub use export::{ExportError, ExportedObject, export_builtin, write_off_file};
pub use load::{
    LoadedCatalog, LoadedObject, ObjectLoadError, SkippedObject, StrictLoadError, load_catalog,
    load_entry,
};
pub use pairs::{
    ObjectPair, PAIR_MANIFEST_COLUMNS, PairError, PairLabel, PairManifestError, PairSide, Variant,
    draw_pairs, read_pair_manifest, write_pair_manifest, write_pair_manifest_to,
};
pub use perturb::{Axis, CropSide, PerturbError, Perturbation, PerturbationChain, twin_seed};
pub use spec::{CatalogSpec, DEFAULT_SPLIT, SpecError};
