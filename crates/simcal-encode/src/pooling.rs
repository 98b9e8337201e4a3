//! Pooling of view embeddings into one vector per object.

use crate::spec::PoolingMode;

/// One object's pooled embedding and the L2 norm of that pooled vector
/// before any later normalisation (the norm report reads it).
#[derive(Debug, Clone, PartialEq)]
pub struct PooledEmbedding {
    pub vector: Vec<f32>,
    pub raw_norm: f32,
    pub view_count: usize,
}

/// Returns the L2 norm, accumulated in f64.
pub fn l2_norm(vector: &[f32]) -> f32 {
    vector
        .iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt() as f32
}

/// Mean-pools `views` (all of one length) with `mode`. A view with zero
/// norm contributes zeros in `Normalized` mode. Returns `None` for no views.
pub fn pool_views<V: AsRef<[f32]>>(views: &[V], mode: PoolingMode) -> Option<PooledEmbedding> {
    let dimension = views.first()?.as_ref().len();
    let mut sum = vec![0.0f64; dimension];
    for view in views {
        let view = view.as_ref();
        let scale = match mode {
            PoolingMode::Raw => 1.0,
            PoolingMode::Normalized => {
                let norm = f64::from(l2_norm(view));
                if norm > 0.0 { 1.0 / norm } else { 0.0 }
            }
        };
        for (total, &value) in sum.iter_mut().zip(view) {
            *total += f64::from(value) * scale;
        }
    }
    let count = views.len() as f64;
    let vector: Vec<f32> = sum.iter().map(|&total| (total / count) as f32).collect();
    let raw_norm = l2_norm(&vector);
    Some(PooledEmbedding {
        vector,
        raw_norm,
        view_count: views.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_pooling_is_the_mean() {
        let pooled = pool_views(&[vec![1.0, 2.0], vec![3.0, 6.0]], PoolingMode::Raw).unwrap();
        assert_eq!(pooled.vector, vec![2.0, 4.0]);
        assert!((pooled.raw_norm - 20f32.sqrt()).abs() < 1e-6);
        assert_eq!(pooled.view_count, 2);
    }

    #[test]
    fn normalized_pooling_averages_unit_vectors() {
        let pooled =
            pool_views(&[vec![3.0, 0.0], vec![0.0, 0.5]], PoolingMode::Normalized).unwrap();
        assert_eq!(pooled.vector, vec![0.5, 0.5]);
        assert!((pooled.raw_norm - 0.5f32.sqrt()).abs() < 1e-6);
    }

    #[test]
    fn no_views_give_none() {
        let empty: [Vec<f32>; 0] = [];
        assert!(pool_views(&empty, PoolingMode::Raw).is_none());
    }
}
