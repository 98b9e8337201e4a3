//! Eigen-decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations.

// Matrix code reads best with explicit row and column indices.
#![allow(clippy::needless_range_loop)]

/// Eigenvalues sorted descending and the matching unit eigenvectors
/// (`vectors[k]` belongs to `values[k]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SymmetricEigen {
    pub values: [f64; 3],
    pub vectors: [[f64; 3]; 3],
}

/// Decomposes the symmetric matrix `matrix` (only its upper triangle is
/// read). Converges to machine precision in well under 50 sweeps.
pub(crate) fn symmetric_eigen(matrix: [[f64; 3]; 3]) -> SymmetricEigen {
    let mut a = matrix;
    for row in 0..3 {
        for column in 0..row {
            a[row][column] = a[column][row];
        }
    }
    let mut v = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    for _sweep in 0..50 {
        let off_diagonal = a[0][1].powi(2) + a[0][2].powi(2) + a[1][2].powi(2);
        let diagonal = a[0][0].powi(2) + a[1][1].powi(2) + a[2][2].powi(2);
        if off_diagonal <= f64::EPSILON * f64::EPSILON * diagonal || off_diagonal == 0.0 {
            break;
        }
        for (p, q) in [(0, 1), (0, 2), (1, 2)] {
            if a[p][q] == 0.0 {
                continue;
            }
            let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
            // signum(0.0) is 1.0, so equal diagonal entries rotate by 45 degrees.
            let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
            let c = 1.0 / (t * t + 1.0).sqrt();
            let s = t * c;
            rotate(&mut a, &mut v, p, q, c, s);
        }
    }
    let mut order = [0usize, 1, 2];
    order.sort_by(|&i, &j| a[j][j].total_cmp(&a[i][i]));
    SymmetricEigen {
        values: order.map(|i| a[i][i]),
        vectors: order.map(|i| [v[0][i], v[1][i], v[2][i]]),
    }
}

/// Applies the Jacobi rotation in the (p, q) plane: a = Jᵀ a J, v = v J.
fn rotate(a: &mut [[f64; 3]; 3], v: &mut [[f64; 3]; 3], p: usize, q: usize, c: f64, s: f64) {
    for k in 0..3 {
        let (akp, akq) = (a[k][p], a[k][q]);
        a[k][p] = c * akp - s * akq;
        a[k][q] = s * akp + c * akq;
    }
    for k in 0..3 {
        let (apk, aqk) = (a[p][k], a[q][k]);
        a[p][k] = c * apk - s * aqk;
        a[q][k] = s * apk + c * aqk;
    }
    for row in v.iter_mut() {
        let (vkp, vkq) = (row[p], row[q]);
        row[p] = c * vkp - s * vkq;
        row[q] = s * vkp + c * vkq;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn multiply(m: [[f64; 3]; 3], x: [f64; 3]) -> [f64; 3] {
        [0, 1, 2].map(|r| m[r][0] * x[0] + m[r][1] * x[1] + m[r][2] * x[2])
    }

    #[test]
    fn diagonal_matrix_sorted_descending() {
        let eigen = symmetric_eigen([[1.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 0.0, 2.0]]);
        assert_eq!(eigen.values, [3.0, 2.0, 1.0]);
        assert_eq!(eigen.vectors[0].map(f64::abs), [0.0, 1.0, 0.0]);
    }

    #[test]
    fn eigenpairs_satisfy_definition() {
        let m = [[4.0, 1.0, -2.0], [1.0, 2.0, 0.5], [-2.0, 0.5, 3.0]];
        let eigen = symmetric_eigen(m);
        // Trace is preserved: 4 + 2 + 3.
        assert!((eigen.values.iter().sum::<f64>() - 9.0).abs() < 1e-12);
        for k in 0..3 {
            let product = multiply(m, eigen.vectors[k]);
            for axis in 0..3 {
                let expected = eigen.values[k] * eigen.vectors[k][axis];
                assert!(
                    (product[axis] - expected).abs() < 1e-10,
                    "pair {k} axis {axis}"
                );
            }
        }
    }
}
