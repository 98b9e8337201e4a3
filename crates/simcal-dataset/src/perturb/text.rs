//! Text form of perturbation steps and chains: `name(arg,arg)` steps joined
//! by `|`. Numbers are written in Rust's shortest round-trip form, so
//! formatting and parsing a chain gives back an equal chain.

use std::fmt;
use std::str::FromStr;

use super::{Axis, CropSide, PerturbError, Perturbation, PerturbationChain};

const OPERATIONS: &str = "rotate, scale, translate, jitter, decimate, crop or mirror";

impl fmt::Display for Axis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Axis {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "x" | "X" => Ok(Axis::X),
            "y" | "Y" => Ok(Axis::Y),
            "z" | "Z" => Ok(Axis::Z),
            other => Err(format!("unknown axis '{other}'; expected x, y or z")),
        }
    }
}

/// Parses a crop axis: `y` or `+y` for the max side, `-y` for the min side.
pub(super) fn parse_crop_axis(text: &str) -> Result<(Axis, CropSide), String> {
    let text = text.trim();
    match text.strip_prefix('-') {
        Some(axis) => Ok((axis.parse()?, CropSide::Min)),
        None => Ok((
            text.strip_prefix('+').unwrap_or(text).parse()?,
            CropSide::Max,
        )),
    }
}

impl fmt::Display for Perturbation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Perturbation::Rotate { axis, degrees } => write!(f, "rotate({axis},{degrees})"),
            Perturbation::Scale { factors: [x, y, z] } if x == y && y == z => {
                write!(f, "scale({x})")
            }
            Perturbation::Scale { factors: [x, y, z] } => write!(f, "scale({x},{y},{z})"),
            Perturbation::Translate { offset: [x, y, z] } => write!(f, "translate({x},{y},{z})"),
            Perturbation::Jitter { sigma } => write!(f, "jitter({sigma})"),
            Perturbation::Decimate { ratio } => write!(f, "decimate({ratio})"),
            Perturbation::Crop {
                axis,
                side,
                fraction,
            } => {
                let sign = if side == CropSide::Min { "-" } else { "" };
                write!(f, "crop({sign}{axis},{fraction})")
            }
            Perturbation::Mirror { axis } => write!(f, "mirror({axis})"),
        }
    }
}

impl FromStr for Perturbation {
    type Err = PerturbError;

    /// Parses one step and checks its parameters.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let step = parse_step(text.trim()).map_err(|reason| PerturbError::Syntax {
            step: text.trim().to_string(),
            reason,
        })?;
        step.check()
            .map_err(|reason| PerturbError::InvalidParameter {
                position: 1,
                step: text.trim().to_string(),
                reason,
            })?;
        Ok(step)
    }
}

impl FromStr for PerturbationChain {
    type Err = PerturbError;

    /// Parses `step|step|…`; each step's parameters are checked.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().is_empty() {
            return Err(PerturbError::EmptyChain);
        }
        let mut steps = Vec::new();
        for (index, part) in text.split('|').enumerate() {
            let part = part.trim();
            let step = parse_step(part).map_err(|reason| PerturbError::Syntax {
                step: part.to_string(),
                reason,
            })?;
            step.check()
                .map_err(|reason| PerturbError::InvalidParameter {
                    position: index + 1,
                    step: part.to_string(),
                    reason,
                })?;
            steps.push(step);
        }
        PerturbationChain::new(steps)
    }
}

fn parse_step(text: &str) -> Result<Perturbation, String> {
    let (name, rest) = text.split_once('(').ok_or_else(|| {
        format!("expected NAME(ARGS), such as rotate(y,25); NAME is one of {OPERATIONS}")
    })?;
    let arguments = rest
        .strip_suffix(')')
        .ok_or_else(|| "missing closing parenthesis".to_string())?;
    let arguments: Vec<&str> = arguments.split(',').map(str::trim).collect();
    let name = name.trim();
    let expect = |count: usize, usage: &str| {
        if arguments.len() == count {
            Ok(())
        } else {
            Err(format!(
                "{name} takes {usage}, got {} argument(s)",
                arguments.len()
            ))
        }
    };

    match name {
        "rotate" => {
            expect(2, "an axis and degrees, as in rotate(y,25)")?;
            Ok(Perturbation::Rotate {
                axis: arguments[0].parse()?,
                degrees: number(arguments[1])?,
            })
        }
        "scale" => match arguments.len() {
            1 => Ok(Perturbation::Scale {
                factors: [number(arguments[0])?; 3],
            }),
            3 => Ok(Perturbation::Scale {
                factors: numbers3(&arguments)?,
            }),
            count => Err(format!(
                "scale takes one factor or three (x,y,z), as in scale(1.2) or scale(1,2,1); got {count} argument(s)"
            )),
        },
        "translate" => {
            expect(3, "three offsets (x,y,z), as in translate(0.1,0,0)")?;
            Ok(Perturbation::Translate {
                offset: numbers3(&arguments)?,
            })
        }
        "jitter" => {
            expect(
                1,
                "sigma as a fraction of the bounding-box diagonal, as in jitter(0.005)",
            )?;
            Ok(Perturbation::Jitter {
                sigma: number(arguments[0])?,
            })
        }
        "decimate" => {
            expect(1, "the fraction of triangles to keep, as in decimate(0.5)")?;
            Ok(Perturbation::Decimate {
                ratio: number(arguments[0])?,
            })
        }
        "crop" => {
            expect(
                2,
                "an axis (x, y, z, -x, -y, -z) and a fraction, as in crop(y,0.2)",
            )?;
            let (axis, side) = parse_crop_axis(arguments[0])?;
            Ok(Perturbation::Crop {
                axis,
                side,
                fraction: number(arguments[1])?,
            })
        }
        "mirror" => {
            expect(1, "an axis, as in mirror(x)")?;
            Ok(Perturbation::Mirror {
                axis: arguments[0].parse()?,
            })
        }
        other => Err(format!(
            "unknown operation '{other}'; expected {OPERATIONS}"
        )),
    }
}

fn number(text: &str) -> Result<f64, String> {
    text.parse()
        .map_err(|_| format!("'{text}' is not a number"))
}

fn numbers3(arguments: &[&str]) -> Result<[f64; 3], String> {
    Ok([
        number(arguments[0])?,
        number(arguments[1])?,
        number(arguments[2])?,
    ])
}
