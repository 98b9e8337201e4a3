//! Triangle meshes for simcal: the validated [`Mesh`] type and its
//! [`MeshSummary`], loaders for OFF, OBJ, PLY and STL files, an OFF writer,
//! the [`Encoder`] trait that turns an object into an embedding, and the
//! deterministic geometric descriptor [`PointNetProxy`].

pub mod descriptor;
pub mod encoder;
pub mod error;
pub mod load;
pub mod mesh;
pub mod summary;
pub mod triangulate;
pub mod write;

mod eigen;
#[cfg(test)]
mod test_meshes;

pub use descriptor::{Descriptor, PointNetProxy, PointNetProxyParams};
pub use encoder::{EncodeError, Encoder, EncoderInput};
pub use error::MeshError;
pub use load::{LoadError, LoadedMesh, MeshFormat, load_mesh, parse_mesh_bytes, parse_off};
pub use mesh::{BoundingBox, Mesh, MeshParts};
pub use summary::MeshSummary;
pub use write::write_off;
