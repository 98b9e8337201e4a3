//! The PointNet-proxy encoder: a deterministic 19-D shape descriptor used in
//! place of a learned point-cloud encoder.
//!
//! # How the descriptor is computed
//!
//! 1. **Surface samples.** `sample_count` points (default 2048) are drawn
//!    from a ChaCha8 generator seeded with `seed` (default 0), the same
//!    seed for every object. Each sample takes three uniform draws in
//!    [0, 1): `u` picks a triangle with probability proportional to its
//!    area (the first triangle whose cumulative area exceeds `u` × total
//!    area), and `r1`, `r2` place the point uniformly inside it as
//!    `(1 - √r1)·a + √r1·(1 - r2)·b + √r1·r2·c`. The sample also keeps the
//!    unit normal `(b - a) × (c - a)` of its triangle. All arithmetic is f64.
//! 2. **PCA eigenvalues** (3 values). The samples are centred on their
//!    mean; the eigenvalues of their covariance matrix (divided by the
//!    sample count) are sorted descending, clamped at 0 and divided by their
//!    sum, so they sum to 1.
//! 3. **Normal-angle histogram** (16 values). For each sample, the angle
//!    between its triangle normal and the first principal axis (eigenvector
//!    of the largest eigenvalue) is `acos(|n · e1|)`, in [0°, 90°]. Taking
//!    the absolute value folds normals that point the other way onto the
//!    same angle, because ModelNet winding is inconsistent. Bin `k` covers
//!    [k·5.625°, (k+1)·5.625°), the last bin includes 90°. Each sample adds
//!    `1 / sample_count`, so the bins sum to 1.
//!
//! The vector is `[λ1, λ2, λ3, h0, ..., h15]`, without any normalisation of
//! the whole vector; its L2 norm therefore varies between objects (from
//! about 0.6 to at most √2).
//!
//! Translating or uniformly scaling a mesh leaves the descriptor unchanged
//! up to floating-point rounding, because the samples move with the surface
//! and both parts are normalised; scaling one axis changes it. When the two
//! largest eigenvalues are nearly equal, the first principal axis is
//! ill-defined and the histogram is sensitive to small changes in the mesh.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::eigen::symmetric_eigen;
use crate::{EncodeError, Encoder, EncoderInput, Mesh};

/// Number of normal-angle histogram bins.
pub const HISTOGRAM_BINS: usize = 16;
/// Length of the descriptor: 3 eigenvalues and the histogram.
pub const DESCRIPTOR_DIMENSION: usize = 3 + HISTOGRAM_BINS;

/// Sampling parameters of [`PointNetProxy`]; they determine its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PointNetProxyParams {
    /// Surface samples per object.
    pub sample_count: usize,
    /// Seed of the ChaCha8 sample generator, shared by all objects.
    pub seed: u64,
}

impl Default for PointNetProxyParams {
    fn default() -> Self {
        PointNetProxyParams {
            sample_count: 2048,
            seed: 0,
        }
    }
}

/// Invalid [`PointNetProxyParams`].
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DescriptorError {
    #[error("sample_count is {0}; it must be between 16 and 16777216")]
    SampleCount(usize),
}

/// The two parts of the descriptor, before they are joined into a vector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Descriptor {
    /// Normalised PCA eigenvalues, descending, summing to 1.
    pub eigenvalues: [f32; 3],
    /// Share of samples per 5.625° bin of normal angle to the first axis.
    pub normal_angle_histogram: [f32; HISTOGRAM_BINS],
}

impl Descriptor {
    /// Returns the descriptor as `[λ1, λ2, λ3, h0, ..., h15]`.
    pub fn to_vec(&self) -> Vec<f32> {
        let mut vector = Vec::with_capacity(DESCRIPTOR_DIMENSION);
        vector.extend_from_slice(&self.eigenvalues);
        vector.extend_from_slice(&self.normal_angle_histogram);
        vector
    }
}

/// Deterministic geometric encoder; see the module documentation.
#[derive(Debug, Clone)]
pub struct PointNetProxy {
    params: PointNetProxyParams,
    id: String,
}

impl Default for PointNetProxy {
    fn default() -> Self {
        Self::from_valid_params(PointNetProxyParams::default())
    }
}

impl PointNetProxy {
    /// Builds the encoder after checking that the sample count is usable.
    pub fn new(params: PointNetProxyParams) -> Result<Self, DescriptorError> {
        if !(16..=1 << 24).contains(&params.sample_count) {
            return Err(DescriptorError::SampleCount(params.sample_count));
        }
        Ok(Self::from_valid_params(params))
    }

    fn from_valid_params(params: PointNetProxyParams) -> Self {
        let canonical = format!(
            "pointnet-proxy v1; samples={}; seed={}; bins={HISTOGRAM_BINS}; \
             angle=acos|n.e1| in [0,90] degrees",
            params.sample_count, params.seed
        );
        let digest = Sha256::digest(canonical.as_bytes());
        let id = format!("pointnet-proxy@{}", &hex::encode(digest)[..12]);
        PointNetProxy { params, id }
    }

    pub fn params(&self) -> PointNetProxyParams {
        self.params
    }

    /// Computes the descriptor of `mesh`.
    pub fn describe(&self, mesh: &Mesh) -> Descriptor {
        let samples = sample_surface(mesh, self.params.sample_count, self.params.seed);
        let (eigenvalues, axis) = principal_components(&samples);
        let mut histogram = [0.0f64; HISTOGRAM_BINS];
        let weight = 1.0 / samples.len() as f64;
        for sample in &samples {
            let cosine = dot(sample.normal, axis).abs().min(1.0);
            let angle_deg = cosine.acos().to_degrees();
            let bin = ((angle_deg / 90.0 * HISTOGRAM_BINS as f64) as usize).min(HISTOGRAM_BINS - 1);
            histogram[bin] += weight;
        }
        Descriptor {
            eigenvalues: eigenvalues.map(|v| v as f32),
            normal_angle_histogram: histogram.map(|v| v as f32),
        }
    }
}

impl Encoder for PointNetProxy {
    fn id(&self) -> &str {
        &self.id
    }

    fn dimension(&self) -> usize {
        DESCRIPTOR_DIMENSION
    }

    fn needs_views(&self) -> bool {
        false
    }

    fn encode(&self, input: &EncoderInput<'_>) -> Result<Vec<f32>, EncodeError> {
        Ok(self.describe(input.mesh).to_vec())
    }
}

#[derive(Debug, Clone, Copy)]
struct SurfaceSample {
    point: [f64; 3],
    normal: [f64; 3],
}

fn sample_surface(mesh: &Mesh, sample_count: usize, seed: u64) -> Vec<SurfaceSample> {
    let mut cumulative_area = Vec::with_capacity(mesh.triangle_count());
    let mut total = 0.0f64;
    for face in 0..mesh.triangle_count() {
        total += mesh.triangle_area(face);
        cumulative_area.push(total);
    }
    let positions = mesh.positions();
    let triangles = mesh.triangles();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut samples = Vec::with_capacity(sample_count);
    for _ in 0..sample_count {
        let target = rng.random::<f64>() * total;
        let face = cumulative_area
            .partition_point(|&area| area <= target)
            .min(triangles.len() - 1);
        let [a, b, c] = triangles[face].map(|i| positions[i as usize].map(f64::from));
        let r1 = rng.random::<f64>().sqrt();
        let r2 = rng.random::<f64>();
        let (wa, wb, wc) = (1.0 - r1, r1 * (1.0 - r2), r1 * r2);
        let point = [0, 1, 2].map(|k| wa * a[k] + wb * b[k] + wc * c[k]);
        samples.push(SurfaceSample {
            point,
            normal: unit_normal(a, b, c),
        });
    }
    samples
}

fn unit_normal(a: [f64; 3], b: [f64; 3], c: [f64; 3]) -> [f64; 3] {
    let u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    let v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
    let n = [
        u[1] * v[2] - u[2] * v[1],
        u[2] * v[0] - u[0] * v[2],
        u[0] * v[1] - u[1] * v[0],
    ];
    let length = dot(n, n).sqrt();
    // Sampled triangles have non-zero area, so `length` is positive.
    n.map(|x| x / length)
}

/// Normalised eigenvalues (descending) and the first principal axis.
#[allow(clippy::needless_range_loop)] // covariance indices mirror the formula
fn principal_components(samples: &[SurfaceSample]) -> ([f64; 3], [f64; 3]) {
    let count = samples.len() as f64;
    let mut mean = [0.0f64; 3];
    for sample in samples {
        for k in 0..3 {
            mean[k] += sample.point[k] / count;
        }
    }
    let mut covariance = [[0.0f64; 3]; 3];
    for sample in samples {
        let d = [0, 1, 2].map(|k| sample.point[k] - mean[k]);
        for row in 0..3 {
            for column in row..3 {
                covariance[row][column] += d[row] * d[column] / count;
            }
        }
    }
    let eigen = symmetric_eigen(covariance);
    let values = eigen.values.map(|v| v.max(0.0));
    let sum: f64 = values.iter().sum();
    let normalised = if sum > 0.0 {
        values.map(|v| v / sum)
    } else {
        [1.0 / 3.0; 3]
    };
    (normalised, eigen.vectors[0])
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_meshes::box_mesh;

    #[test]
    fn id_hashes_parameters() {
        let default = PointNetProxy::default();
        assert!(default.id().starts_with("pointnet-proxy@"));
        assert_eq!(default.id().len(), "pointnet-proxy@".len() + 12);
        let other = PointNetProxy::new(PointNetProxyParams {
            sample_count: 2048,
            seed: 1,
        })
        .unwrap();
        assert_ne!(default.id(), other.id());
        assert_eq!(default.dimension(), 19);
        assert!(!default.needs_views());
    }

    #[test]
    fn rejects_tiny_sample_count() {
        let error = PointNetProxy::new(PointNetProxyParams {
            sample_count: 3,
            seed: 0,
        })
        .unwrap_err();
        assert_eq!(error, DescriptorError::SampleCount(3));
    }

    #[test]
    fn parts_sum_to_one() {
        let descriptor = PointNetProxy::default().describe(&box_mesh([1.0, 2.0, 4.0]));
        let eigen_sum: f32 = descriptor.eigenvalues.iter().sum();
        let histogram_sum: f32 = descriptor.normal_angle_histogram.iter().sum();
        assert!((eigen_sum - 1.0).abs() < 1e-6);
        assert!((histogram_sum - 1.0).abs() < 1e-5);
        assert!(descriptor.eigenvalues[0] >= descriptor.eigenvalues[1]);
        assert!(descriptor.eigenvalues[1] >= descriptor.eigenvalues[2]);
    }

    #[test]
    fn box_normals_fall_in_end_bins() {
        // Every box face is parallel or perpendicular to the long z axis,
        // which is the first principal axis, so only bins 0 and 15 fill.
        let descriptor = PointNetProxy::default().describe(&box_mesh([1.0, 2.0, 4.0]));
        let histogram = descriptor.normal_angle_histogram;
        assert!(histogram[1..15].iter().all(|&h| h == 0.0), "{histogram:?}");
        // Caps (1 × 2, two of them) hold 4 of the 28 area units: about 1/7
        // of the samples, with normals along the axis (angle 0).
        assert!((histogram[0] - 4.0 / 28.0).abs() < 0.03, "{histogram:?}");
        assert!((histogram[15] - 24.0 / 28.0).abs() < 0.03, "{histogram:?}");
    }

    #[test]
    fn encode_returns_raw_vector() {
        let mesh = box_mesh([1.0, 2.0, 4.0]);
        let encoder = PointNetProxy::default();
        let input = EncoderInput {
            object_id: "box",
            mesh: &mesh,
            views: &[],
        };
        let vector = encoder.encode(&input).unwrap();
        assert_eq!(vector.len(), 19);
        assert_eq!(vector, encoder.describe(&mesh).to_vec());
        // Eigenvalues and histogram each sum to 1, so the norm is not 1.
        let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!(norm > 0.5 && norm < 1.5, "norm {norm}");
    }

    #[test]
    fn same_seed_same_vector() {
        let mesh = box_mesh([1.0, 2.0, 4.0]);
        let encoder = PointNetProxy::default();
        assert_eq!(encoder.describe(&mesh), encoder.describe(&mesh));
    }
}
