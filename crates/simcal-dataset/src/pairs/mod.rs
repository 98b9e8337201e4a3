//! Pairs to score: one positive per object (the object and its twin) and
//! cross-class negatives (two different original objects), drawn by a
//! seeded RNG.

mod manifest;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::entry::CatalogEntry;
use crate::perturb::PerturbationChain;

pub use manifest::{
    PAIR_MANIFEST_COLUMNS, PairManifestError, read_pair_manifest, write_pair_manifest,
    write_pair_manifest_to,
};

/// Whether a pair is a near-duplicate (positive) or not (negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairLabel {
    Positive,
    Negative,
}

impl PairLabel {
    pub fn is_positive(self) -> bool {
        self == PairLabel::Positive
    }

    /// Returns the manifest spelling of the label: `1` or `0`.
    pub fn as_digit(self) -> &'static str {
        match self {
            PairLabel::Positive => "1",
            PairLabel::Negative => "0",
        }
    }
}

impl FromStr for PairLabel {
    type Err = String;

    /// Parses `1/0`, `true/false` or `positive/negative`, in any letter case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let is = |word: &str| text.trim().eq_ignore_ascii_case(word);
        if is("1") || is("true") || is("positive") {
            Ok(PairLabel::Positive)
        } else if is("0") || is("false") || is("negative") {
            Ok(PairLabel::Negative)
        } else {
            Err(format!(
                "invalid label '{text}'; expected 1/0, true/false or positive/negative"
            ))
        }
    }
}

/// Version of an object that a pair side refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// The catalog object as loaded.
    Original,
    /// The object after the pair's perturbation chain.
    Twin,
}

impl Variant {
    pub fn name(self) -> &'static str {
        match self {
            Variant::Original => "original",
            Variant::Twin => "twin",
        }
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Variant {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "original" => Ok(Variant::Original),
            "twin" => Ok(Variant::Twin),
            other => Err(format!(
                "invalid variant '{other}'; expected original or twin"
            )),
        }
    }
}

/// One side of a pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PairSide {
    pub object_id: String,
    pub class: String,
    pub variant: Variant,
}

/// A pair to score. A positive compares an object's original with its twin
/// and carries the twin's perturbation chain. A negative compares the
/// originals of two objects of different classes and carries none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectPair {
    pub pair_id: String,
    pub label: PairLabel,
    pub a: PairSide,
    pub b: PairSide,
    pub perturbation: Option<PerturbationChain>,
}

/// A pair request that cannot be met.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum PairError {
    #[error("the catalog is empty; pairs need at least two objects of different classes")]
    NoObjects,
    #[error(
        "all {objects} objects are of class '{class}'; negative pairs need at least two classes"
    )]
    OneClass { class: String, objects: usize },
    #[error(
        "requested {requested} negative pairs, but only {available} distinct cross-class pairs exist among {objects} objects in {classes} classes; request at most {available}"
    )]
    TooManyNegatives {
        requested: usize,
        available: usize,
        objects: usize,
        classes: usize,
    },
    #[error("object id '{object_id}' appears twice in the catalog; pairs need unique ids")]
    DuplicateObjectId { object_id: String },
}

/// Draws one positive per entry (in catalog order) followed by
/// `negative_count` distinct cross-class negatives (default: as many as
/// positives). Negatives are unordered pairs written with the earlier
/// catalog entry as side `a`; they come from ChaCha8 seeded with `seed`.
/// Pair ids are `pair_000000`, `pair_000001`, … in output order.
pub fn draw_pairs(
    entries: &[CatalogEntry],
    twin: &PerturbationChain,
    negative_count: Option<usize>,
    seed: u64,
) -> Result<Vec<ObjectPair>, PairError> {
    if entries.is_empty() {
        return Err(PairError::NoObjects);
    }
    let mut seen_ids = HashSet::new();
    for entry in entries {
        if !seen_ids.insert(entry.object_id.as_str()) {
            return Err(PairError::DuplicateObjectId {
                object_id: entry.object_id.clone(),
            });
        }
    }
    let requested = negative_count.unwrap_or(entries.len());
    let negatives = draw_negatives(entries, requested, seed)?;

    let side = |entry: &CatalogEntry, variant| PairSide {
        object_id: entry.object_id.clone(),
        class: entry.class.clone(),
        variant,
    };
    let positives = entries.iter().map(|entry| {
        (
            PairLabel::Positive,
            side(entry, Variant::Original),
            side(entry, Variant::Twin),
            Some(twin.clone()),
        )
    });
    let negatives = negatives.into_iter().map(|(i, j)| {
        (
            PairLabel::Negative,
            side(&entries[i], Variant::Original),
            side(&entries[j], Variant::Original),
            None,
        )
    });
    Ok(positives
        .chain(negatives)
        .enumerate()
        .map(|(index, (label, a, b, perturbation))| ObjectPair {
            pair_id: format!("pair_{index:06}"),
            label,
            a,
            b,
            perturbation,
        })
        .collect())
}

/// Draws `requested` distinct index pairs `(i, j)`, `i < j`, of entries in
/// different classes.
fn draw_negatives(
    entries: &[CatalogEntry],
    requested: usize,
    seed: u64,
) -> Result<Vec<(usize, usize)>, PairError> {
    let mut class_sizes: HashMap<&str, usize> = HashMap::new();
    for entry in entries {
        *class_sizes.entry(&entry.class).or_default() += 1;
    }
    let objects = entries.len();
    if class_sizes.len() < 2 {
        return Err(PairError::OneClass {
            class: entries[0].class.clone(),
            objects,
        });
    }
    let same_class_pairs: usize = class_sizes.values().map(|&n| n * (n - 1) / 2).sum();
    let available = objects * (objects - 1) / 2 - same_class_pairs;
    if requested > available {
        return Err(PairError::TooManyNegatives {
            requested,
            available,
            objects,
            classes: class_sizes.len(),
        });
    }

    let mut rng = ChaCha8Rng::seed_from_u64(seed);

    if requested * 2 > available {
        // Dense request: shuffle the full list of candidates instead of
        // rejecting ever more duplicates.
        let mut candidates = Vec::with_capacity(available);
        for i in 0..objects {
            for j in i + 1..objects {
                if entries[i].class != entries[j].class {
                    candidates.push((i, j));
                }
            }
        }
        for k in 0..requested {
            let pick = k + draw_index(&mut rng, candidates.len() - k);
            candidates.swap(k, pick);
        }
        candidates.truncate(requested);
        return Ok(candidates);
    }

    let mut drawn = HashSet::with_capacity(requested);
    let mut negatives = Vec::with_capacity(requested);
    while negatives.len() < requested {
        let i = draw_index(&mut rng, objects);
        let j = draw_index(&mut rng, objects);
        if entries[i].class == entries[j].class {
            continue;
        }
        let pair = (i.min(j), i.max(j));
        if drawn.insert(pair) {
            negatives.push(pair);
        }
    }
    Ok(negatives)
}

/// Uniform index below `bound`, sampled as u64 because rand's usize
/// sampling differs between 32- and 64-bit targets.
fn draw_index(rng: &mut ChaCha8Rng, bound: usize) -> usize {
    rng.random_range(0..bound as u64) as usize
}
