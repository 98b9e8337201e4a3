//! Triangle meshes for simcal: the validated [`Mesh`] type, the [`Encoder`]
//! trait that turns an object into an embedding, and (in their own modules)
//! loaders, catalogs, perturbations, pair manifests and the geometric
//! descriptor.

pub mod encoder;
pub mod error;
pub mod load;
pub mod mesh;

pub use encoder::{EncodeError, Encoder, EncoderInput};
pub use error::MeshError;
pub use load::{LoadError, LoadedMesh, load_mesh};
pub use mesh::{BoundingBox, Mesh, MeshParts};
