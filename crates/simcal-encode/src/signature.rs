//! A model's declared inputs and outputs, and their check against the spec.

use std::fmt;

use ort::value::{Outlet, TensorElementType, ValueType};

use crate::spec::{EncoderSpec, Layout};

/// One declared model input or output. Dynamic dimensions are `-1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorSignature {
    pub name: String,
    /// Element type as ONNX Runtime names it (`f32`, `i64`, ...), or the
    /// kind of value for non-tensors.
    pub element_type: String,
    pub shape: Vec<i64>,
}

impl TensorSignature {
    pub(crate) fn from_outlet(outlet: &Outlet) -> Self {
        let (element_type, shape) = match outlet.dtype() {
            ValueType::Tensor { ty, shape, .. } => {
                (element_type_name(*ty), shape.iter().copied().collect())
            }
            ValueType::Sequence(_) => ("sequence".to_string(), Vec::new()),
            ValueType::Map { .. } => ("map".to_string(), Vec::new()),
            ValueType::Optional(_) => ("optional".to_string(), Vec::new()),
        };
        Self {
            name: outlet.name().to_string(),
            element_type,
            shape,
        }
    }
}

fn element_type_name(ty: TensorElementType) -> String {
    match ty {
        TensorElementType::Float32 => "f32".to_string(),
        other => format!("{other:?}").to_lowercase(),
    }
}

impl fmt::Display for TensorSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dims: Vec<String> = self
            .shape
            .iter()
            .map(|&d| {
                if d < 0 {
                    "?".to_string()
                } else {
                    d.to_string()
                }
            })
            .collect();
        write!(
            f,
            "{}: {} [{}]",
            self.name,
            self.element_type,
            dims.join(", ")
        )
    }
}

/// Everything a model declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelSignature {
    pub inputs: Vec<TensorSignature>,
    pub outputs: Vec<TensorSignature>,
}

impl fmt::Display for ModelSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |items: &[TensorSignature]| {
            items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        };
        write!(
            f,
            "inputs: {}; outputs: {}",
            list(&self.inputs),
            list(&self.outputs)
        )
    }
}

fn dimension_matches(actual: i64, expected: usize) -> bool {
    actual < 0 || actual == expected as i64
}

/// Checks that the model can take the spec's input and give its output;
/// returns every mismatch found, in words.
pub fn check_signature(spec: &EncoderSpec, signature: &ModelSignature) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let size = spec.preprocess.size_px as usize;

    match signature
        .inputs
        .iter()
        .find(|input| input.name == spec.input_name)
    {
        None => problems.push(format!("no input named {:?}", spec.input_name)),
        Some(input) => {
            if input.element_type != "f32" {
                problems.push(format!(
                    "input {:?} has element type {}, expected f32",
                    input.name, input.element_type
                ));
            }
            let expected = match spec.preprocess.layout {
                Layout::Nchw => [3, size, size],
                Layout::Nhwc => [size, size, 3],
            };
            if input.shape.len() != 4 {
                problems.push(format!(
                    "input {:?} has rank {}, expected 4",
                    input.name,
                    input.shape.len()
                ));
            } else if !input.shape[1..]
                .iter()
                .zip(expected)
                .all(|(&a, e)| dimension_matches(a, e))
            {
                problems.push(format!(
                    "input {:?} has shape {:?}, expected [batch, {}, {}, {}] for layout {:?}",
                    input.name,
                    input.shape,
                    expected[0],
                    expected[1],
                    expected[2],
                    spec.preprocess.layout
                ));
            }
        }
    }
    for other in signature
        .inputs
        .iter()
        .filter(|input| input.name != spec.input_name)
    {
        problems.push(format!("extra input {other} that simcal cannot feed"));
    }

    match signature
        .outputs
        .iter()
        .find(|output| output.name == spec.output.name)
    {
        None => problems.push(format!("no output named {:?}", spec.output.name)),
        Some(output) => {
            if output.element_type != "f32" {
                problems.push(format!(
                    "output {:?} has element type {}, expected f32",
                    output.name, output.element_type
                ));
            }
            let dimension = spec.output.dimension;
            match spec.output.token {
                None if output.shape.len() != 2 => problems.push(format!(
                    "output {:?} has rank {}, expected 2 (batch, {dimension}); set output.token for a rank-3 output",
                    output.name,
                    output.shape.len()
                )),
                None if !dimension_matches(output.shape[1], dimension) => problems.push(format!(
                    "output {:?} has dimension {}, expected {dimension}",
                    output.name, output.shape[1]
                )),
                Some(_) if output.shape.len() != 3 => problems.push(format!(
                    "output {:?} has rank {}, expected 3 (batch, tokens, {dimension}) because output.token is set",
                    output.name,
                    output.shape.len()
                )),
                Some(token) if output.shape[1] >= 0 && token as i64 >= output.shape[1] => problems.push(format!(
                    "output {:?} has {} tokens, so token {token} does not exist",
                    output.name, output.shape[1]
                )),
                Some(_) if !dimension_matches(output.shape[2], dimension) => problems.push(format!(
                    "output {:?} has dimension {}, expected {dimension}",
                    output.name, output.shape[2]
                )),
                _ => {}
            }
        }
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
