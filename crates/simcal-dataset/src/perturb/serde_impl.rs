//! YAML (serde) form of perturbations. A chain is either its text form or a
//! list of steps, and each step is either its text form or a map:
//!
//! ```yaml
//! twin: "rotate(y,25)|decimate(0.5)"
//! # or
//! twin:
//!   - rotate: { axis: y, degrees: 25 }
//!   - scale: 1.2                 # or [1, 2, 1]
//!   - translate: [0.1, 0, 0]
//!   - jitter: { sigma: 0.005 }
//!   - decimate: { ratio: 0.5 }
//!   - crop: { axis: -y, fraction: 0.2 }
//!   - mirror: { axis: x }
//!   - "rotate(x,10)"
//! ```
//!
//! Both serialize to the text form.

use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::text::parse_crop_axis;
use super::{Axis, Perturbation, PerturbationChain};

#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum StepMap {
    Rotate { axis: String, degrees: f64 },
    Scale(ScaleFactors),
    Translate([f64; 3]),
    Jitter { sigma: f64 },
    Decimate { ratio: f64 },
    Crop { axis: String, fraction: f64 },
    Mirror { axis: String },
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ScaleFactors {
    Uniform(f64),
    PerAxis([f64; 3]),
}

impl StepMap {
    fn into_step(self) -> Result<Perturbation, String> {
        let axis = |text: &str| text.parse::<Axis>();
        Ok(match self {
            StepMap::Rotate { axis: a, degrees } => Perturbation::Rotate {
                axis: axis(&a)?,
                degrees,
            },
            StepMap::Scale(ScaleFactors::Uniform(factor)) => Perturbation::Scale {
                factors: [factor; 3],
            },
            StepMap::Scale(ScaleFactors::PerAxis(factors)) => Perturbation::Scale { factors },
            StepMap::Translate(offset) => Perturbation::Translate { offset },
            StepMap::Jitter { sigma } => Perturbation::Jitter { sigma },
            StepMap::Decimate { ratio } => Perturbation::Decimate { ratio },
            StepMap::Crop { axis: a, fraction } => {
                let (axis, side) = parse_crop_axis(&a)?;
                Perturbation::Crop {
                    axis,
                    side,
                    fraction,
                }
            }
            StepMap::Mirror { axis: a } => Perturbation::Mirror { axis: axis(&a)? },
        })
    }
}

impl Serialize for Perturbation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Perturbation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StepVisitor)
    }
}

struct StepVisitor;

impl<'de> Visitor<'de> for StepVisitor {
    type Value = Perturbation;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a perturbation step such as \"rotate(y,25)\" or {rotate: {axis: y, degrees: 25}}",
        )
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Perturbation, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Perturbation, A::Error> {
        let step = StepMap::deserialize(de::value::MapAccessDeserializer::new(map))?
            .into_step()
            .map_err(de::Error::custom)?;
        step.check().map_err(|reason| {
            de::Error::custom(format!("invalid perturbation step '{step}': {reason}"))
        })?;
        Ok(step)
    }
}

impl Serialize for PerturbationChain {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PerturbationChain {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ChainVisitor)
    }
}

struct ChainVisitor;

impl<'de> Visitor<'de> for ChainVisitor {
    type Value = PerturbationChain;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a perturbation chain such as \"rotate(y,25)|decimate(0.5)\" or a list of steps",
        )
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<PerturbationChain, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PerturbationChain, A::Error> {
        let mut steps = Vec::new();
        while let Some(step) = seq.next_element::<Perturbation>()? {
            steps.push(step);
        }
        PerturbationChain::new(steps).map_err(de::Error::custom)
    }
}
