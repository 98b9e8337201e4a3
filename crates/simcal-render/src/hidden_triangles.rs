//! Occlusion culling of small triangles on the CPU: after the small-triangle
//! cull, drops each small triangle that lies behind another triangle at
//! every pixel centre it may cover.
//!
//! A triangle hidden at every centre it covers loses every depth test, so
//! removing it leaves the image unchanged. The test is conservative in
//! three ways. An occluder counts at a centre only where it certainly
//! covers it, with every edge moved inwards by the edge margin, and only
//! inside the depth range. Both depths carry a tolerance for vertex
//! snapping and interpolation. And triangles that are large, nearly
//! degenerate or partly behind the camera are always kept and never used
//! as occluders.

use crate::small_triangles::{CentreCover, TriangleEdges};

/// Absolute part of the depth tolerance, for rounding in the rasteriser's
/// depth interpolation (depths are in 0..=1).
const DEPTH_EPSILON: f32 = 1e-5;

/// Smallest doubled screen area, in square pixels, for which a triangle's
/// depth plane is trusted.
const MIN_DOUBLE_AREA_PX2: f32 = 1e-2;

/// Depth plane and edges of one small kept triangle in window coordinates.
#[derive(Debug, Clone, Copy)]
struct SmallTriangle {
    /// Position of the triangle in the kept list.
    ordinal: u32,
    edges: TriangleEdges,
    /// Depth at corner 0, the corner's window x and y, and the depth
    /// gradients along x and y.
    depth_plane: [f32; 5],
    depth_tolerance: f32,
    /// First and last centre column, first and last centre row.
    centres: [u32; 4],
}

/// Per view: the depth bound of the nearest certain occluder at each pixel
/// centre, and the small kept triangles to test against it.
#[derive(Debug, Default)]
pub(crate) struct Occlusion {
    nearest_depths: Vec<f32>,
    small: Vec<SmallTriangle>,
    size_px: u32,
}

impl Occlusion {
    /// Clears the depth bounds for a `size_px` square view.
    pub fn reset(&mut self, size_px: u32) {
        self.nearest_depths.clear();
        self.nearest_depths
            .resize((size_px * size_px) as usize, f32::INFINITY);
        self.small.clear();
        self.size_px = size_px;
    }

    /// Tests the triangle with window `corners` (x, y and depth) against
    /// the centres in `columns` and `rows` (inclusive ranges), records it
    /// as an occluder where it certainly covers a centre, and returns
    /// whether it may cover one. `ordinal` is its position in the kept list
    /// if it is kept. A triangle whose depth plane is unreliable (nearly
    /// degenerate, or with a non-finite depth) is only tested for cover: it
    /// neither hides nor gets hidden.
    pub fn add(
        &mut self,
        ordinal: u32,
        corners: [[f32; 3]; 3],
        columns: (u32, u32),
        rows: (u32, u32),
        edge_margin_px: f32,
    ) -> bool {
        let [[x0, y0, z0], [x1, y1, z1], [x2, y2, z2]] = corners;
        let double_area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
        let trusted_depth = double_area.abs() >= MIN_DOUBLE_AREA_PX2 && (z0 + z1 + z2).is_finite();
        let (gradient_x, gradient_y) = if trusted_depth {
            let inverse_area = 1.0 / double_area;
            (
                ((z1 - z0) * (y2 - y0) - (z2 - z0) * (y1 - y0)) * inverse_area,
                ((x1 - x0) * (z2 - z0) - (x2 - x0) * (z1 - z0)) * inverse_area,
            )
        } else {
            (0.0, 0.0)
        };
        let small = SmallTriangle {
            ordinal,
            edges: TriangleEdges::new([[x0, y0], [x1, y1], [x2, y2]], edge_margin_px),
            depth_plane: [z0, x0, y0, gradient_x, gradient_y],
            // NOTE: an estimate, not a bound proven for every rasteriser:
            // moving the corners by up to the margin shifts the plane by
            // about twice the margin times the gradient. The byte-identity
            // tests on lavapipe back it.
            depth_tolerance: DEPTH_EPSILON
                + 2.0 * edge_margin_px * (gradient_x.abs() + gradient_y.abs()),
            centres: [columns.0, columns.1, rows.0, rows.1],
        };

        let mut may_cover = false;
        let nearest_depths = &mut self.nearest_depths;
        let size_px = self.size_px;
        small.for_each_centre(size_px, |pixel, cover, depth| {
            may_cover |= cover.possibly;
            let in_depth_range =
                (depth - small.depth_tolerance >= 0.0) & (depth + small.depth_tolerance <= 1.0);
            if trusted_depth & cover.certainly & in_depth_range {
                let slot = &mut nearest_depths[pixel];
                *slot = slot.min(depth + small.depth_tolerance);
            }
        });
        if may_cover & trusted_depth {
            self.small.push(small);
        }
        may_cover
    }

    /// Removes from `kept_indices` (three per triangle, in drawing order)
    /// the small triangles recorded by [`Self::add`] whose near depth bound
    /// is behind the occluder bound at every centre they may cover. The
    /// other triangles keep their order.
    pub fn drop_hidden(&self, kept_indices: &mut Vec<u32>) {
        let mut hidden = self.small.iter().filter_map(|small| {
            let mut visible = false;
            small.for_each_centre(self.size_px, |pixel, cover, depth| {
                visible |=
                    cover.possibly & (depth - small.depth_tolerance <= self.nearest_depths[pixel]);
            });
            (!visible).then_some(small.ordinal as usize)
        });
        let mut next_hidden = hidden.next();
        let mut write = 0;
        for read in 0..kept_indices.len() / 3 {
            if next_hidden == Some(read) {
                next_hidden = hidden.next();
                continue;
            }
            kept_indices.copy_within(3 * read..3 * read + 3, 3 * write);
            write += 1;
        }
        kept_indices.truncate(3 * write);
    }
}

impl SmallTriangle {
    /// Calls `visit` with the pixel index, the triangle's cover of the
    /// centre and its depth there, for every centre in the triangle's
    /// range.
    fn for_each_centre(&self, size_px: u32, mut visit: impl FnMut(usize, CentreCover, f32)) {
        let [first_column, last_column, first_row, last_row] = self.centres;
        let [depth_0, x0, y0, gradient_x, gradient_y] = self.depth_plane;
        for row in first_row..=last_row {
            let centre_y = row as f32 + 0.5;
            for column in first_column..=last_column {
                let centre_x = column as f32 + 0.5;
                let cover = self.edges.cover_at(centre_x, centre_y);
                let depth = depth_0 + gradient_x * (centre_x - x0) + gradient_y * (centre_y - y0);
                visit((row * size_px + column) as usize, cover, depth);
            }
        }
    }
}
