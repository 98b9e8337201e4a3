//! Errors raised while building or transforming a mesh.

use thiserror::Error;

/// Reason a set of positions and indices is not a valid [`crate::Mesh`].
#[derive(Debug, Error, Clone, PartialEq)]
pub enum MeshError {
    #[error("vertex {vertex} has a non-finite coordinate {value:?}")]
    NonFiniteCoordinate { vertex: usize, value: [f32; 3] },
    #[error("face {face} uses vertex index {index}, but the mesh has only {vertex_count} vertices")]
    IndexOutOfRange {
        face: usize,
        index: u32,
        vertex_count: usize,
    },
    #[error("the mesh has no faces")]
    NoFaces,
    #[error("all {face_count} faces have zero area")]
    AllFacesDegenerate { face_count: usize },
    #[error("{count} {attribute} given for {vertex_count} vertices; expected one per vertex")]
    AttributeCount {
        attribute: &'static str,
        count: usize,
        vertex_count: usize,
    },
    #[error("vertex {vertex} has a non-finite or out-of-range value in {attribute}")]
    NonFiniteAttribute {
        attribute: &'static str,
        vertex: usize,
    },
}
