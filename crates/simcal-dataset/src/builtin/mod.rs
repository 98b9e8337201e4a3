//! The built-in catalog: procedurally generated furniture, lamps and
//! airplanes, deterministic from a seed.
//!
//! Object `index` of class `class` is generated from its own ChaCha8 stream
//! (seeded with the catalog seed, stream `class_index << 32 | index`). So an
//! object does not change when the number of objects per class changes, and
//! objects can be generated in any order or in parallel. All trigonometry goes
//! through [`crate::trig`], so the output is bit-identical across platforms.

mod airplane;
mod builder;
mod furniture;
mod lamp;
mod parts;
mod seating;

use std::fmt;
use std::str::FromStr;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use simcal_mesh::{Mesh, MeshError};

use crate::entry::{CatalogEntry, ObjectSource};

/// Seed of the built-in catalog when none is given.
pub const DEFAULT_SEED: u64 = 0;
/// Objects per class in the built-in catalog when no count is given.
pub const DEFAULT_PER_CLASS: usize = 80;
/// Largest per-class count accepted, which keeps ids at four digits.
pub const MAX_PER_CLASS: usize = 9999;

/// Class of a built-in object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BuiltinClass {
    Airplane,
    Chair,
    Table,
    Bed,
    Bookshelf,
    Bench,
    Sofa,
    Lamp,
}

impl BuiltinClass {
    /// All classes, in catalog order.
    pub const ALL: [BuiltinClass; 8] = [
        BuiltinClass::Airplane,
        BuiltinClass::Chair,
        BuiltinClass::Table,
        BuiltinClass::Bed,
        BuiltinClass::Bookshelf,
        BuiltinClass::Bench,
        BuiltinClass::Sofa,
        BuiltinClass::Lamp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BuiltinClass::Airplane => "airplane",
            BuiltinClass::Chair => "chair",
            BuiltinClass::Table => "table",
            BuiltinClass::Bed => "bed",
            BuiltinClass::Bookshelf => "bookshelf",
            BuiltinClass::Bench => "bench",
            BuiltinClass::Sofa => "sofa",
            BuiltinClass::Lamp => "lamp",
        }
    }

    fn stream_index(self) -> u64 {
        Self::ALL
            .iter()
            .position(|&class| class == self)
            .unwrap_or(0) as u64
    }
}

impl fmt::Display for BuiltinClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for BuiltinClass {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|class| class.name() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|class| class.name()).collect();
                format!(
                    "unknown built-in class '{text}'; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// Object id of built-in object `index` of `class`, such as `chair_0007`.
pub fn builtin_object_id(class: BuiltinClass, index: usize) -> String {
    format!("{}_{index:04}", class.name())
}

/// Lists the built-in catalog: `per_class` objects of every class, class by
/// class in [`BuiltinClass::ALL`] order, without generating any geometry.
pub fn builtin_entries(seed: u64, per_class: usize) -> Vec<CatalogEntry> {
    BuiltinClass::ALL
        .into_iter()
        .flat_map(|class| {
            (0..per_class).map(move |index| CatalogEntry {
                object_id: builtin_object_id(class, index),
                class: class.name().to_string(),
                source: ObjectSource::Builtin { seed, class, index },
            })
        })
        .collect()
}

/// Generates built-in object `index` of `class` for catalog `seed`.
///
/// Every object is a closed triangle mesh (each edge shared by exactly two
/// triangles) of roughly 1,000 to 20,000 triangles, standing on y = 0 with
/// +y up and its front towards +z, in metres.
pub fn generate_builtin(seed: u64, class: BuiltinClass, index: usize) -> Result<Mesh, MeshError> {
    let mut cell_m = INITIAL_CELL_M;
    let mut shape = build_shape(seed, class, index, cell_m);
    // Large objects get coarser cells and small ones finer cells. Rebuilding
    // replays the same random stream, so only the subdivision changes.
    for _ in 0..MAX_RESIZE_ATTEMPTS {
        let triangles = shape.builder.triangle_count();
        if TRIANGLE_RANGE.contains(&triangles) {
            break;
        }
        cell_m *= (triangles as f64 / TARGET_TRIANGLES as f64).sqrt();
        shape = build_shape(seed, class, index, cell_m);
    }
    shape.builder.build()
}

/// Triangle counts accepted without resizing the cells.
const TRIANGLE_RANGE: std::ops::RangeInclusive<usize> = 1_500..=15_000;
/// Triangle count aimed at when an object falls outside [`TRIANGLE_RANGE`].
const TARGET_TRIANGLES: usize = 6_000;
const MAX_RESIZE_ATTEMPTS: usize = 3;
/// Starting cell size in metres for subdividing primitives.
const INITIAL_CELL_M: f64 = 0.03;

fn build_shape(seed: u64, class: BuiltinClass, index: usize, cell_m: f64) -> Shape {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(class.stream_index() << 32 | index as u64);
    let mut shape = Shape {
        builder: builder::MeshBuilder::new(cell_m),
        rng,
    };
    match class {
        BuiltinClass::Airplane => airplane::airplane(&mut shape),
        BuiltinClass::Chair => seating::chair(&mut shape),
        BuiltinClass::Table => furniture::table(&mut shape),
        BuiltinClass::Bed => furniture::bed(&mut shape),
        BuiltinClass::Bookshelf => furniture::bookshelf(&mut shape),
        BuiltinClass::Bench => seating::bench(&mut shape),
        BuiltinClass::Sofa => seating::sofa(&mut shape),
        BuiltinClass::Lamp => lamp::lamp(&mut shape),
    }
    shape
}

/// A mesh under construction together with the random stream that shapes it.
pub(crate) struct Shape {
    pub builder: builder::MeshBuilder,
    rng: ChaCha8Rng,
}

impl Shape {
    /// Uniform value in `[low, high)`.
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.rng.random::<f64>()
    }

    /// Uniform integer in `low..=high`.
    pub fn integer(&mut self, low: u32, high: u32) -> u32 {
        self.rng.random_range(low..=high)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.random::<f64>() < p
    }
}
