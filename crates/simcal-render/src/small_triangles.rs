//! Small-triangle culling on the CPU: per view, drops the triangles that
//! cover no pixel centre, so the rasteriser never receives them.
//!
//! Without multisampling a rasteriser writes a pixel only where a
//! triangle covers the pixel's centre. A triangle that covers no centre
//! produces no fragments, writes neither colour nor depth, and leaves the
//! image unchanged. Software rasterisers still spend vertex processing and
//! triangle set-up on it, and on dense meshes most triangles are such
//! slivers: a 1M-triangle object at 224x224 px covers about 30k pixel
//! centres. Removing them first leaves the same image at a fraction of the
//! cost.
//!
//! The test is conservative. Every edge is moved outwards by an edge
//! margin before testing, larger than the rasteriser's vertex snapping:
//! [`LLVMPIPE_EDGE_MARGIN_PX`] for Mesa's llvmpipe, which snaps to 1/256 px,
//! and [`DEFAULT_EDGE_MARGIN_PX`] elsewhere, enough for the 4 sub-pixel bits
//! that Vulkan guarantees. Triangles with a vertex at or behind the camera
//! plane are always kept.

use glam::{Mat4, Vec4};
use rayon::prelude::*;

use crate::hidden_triangles::Occlusion;

/// Edge margin for llvmpipe (lavapipe and Mesa's software GL). Snapping to
/// 1/256 px moves an edge by at most sqrt(2)/512 px (0.003 px).
pub(crate) const LLVMPIPE_EDGE_MARGIN_PX: f32 = 1.0 / 128.0;

/// Edge margin for other adapters. Snapping with 4 sub-pixel bits moves an
/// edge by at most sqrt(2)/32 px (0.044 px).
pub(crate) const DEFAULT_EDGE_MARGIN_PX: f32 = 1.0 / 16.0;

/// Clip-space w below which a vertex counts as at or behind the camera
/// plane, where the perspective divide is unreliable.
const MIN_CLIP_W: f32 = 1e-5;

/// Maximum number of pixel centres in a triangle's bounding box for which
/// the edge functions are evaluated. Larger triangles are kept untested,
/// because nearly all of them cover a centre.
pub(crate) const MAX_TESTED_CENTRES: usize = 9;

/// Per-view lists of the triangles that may cover a pixel centre, with the
/// buffers reused from object to object.
#[derive(Debug, Default)]
pub(crate) struct SmallTriangleCuller {
    views: Vec<ViewScratch>,
}

#[derive(Debug, Default)]
struct ViewScratch {
    window: WindowVertices,
    /// Indices of the kept triangles, three per triangle.
    kept_indices: Vec<u32>,
    occlusion: Occlusion,
}

impl SmallTriangleCuller {
    /// Culls the triangles of `indices` (three per triangle, into
    /// `vertices`, whose positions `position` reads) for each view, in
    /// parallel over views, with edges widened by `edge_margin_px`.
    /// Afterwards [`Self::kept_indices`] returns each view's kept triangles
    /// in their original order.
    pub fn cull<V: Sync>(
        &mut self,
        vertices: &[V],
        position: impl Fn(&V) -> [f32; 3] + Sync,
        indices: &[u32],
        view_projs: &[Mat4],
        size_px: u32,
        edge_margin_px: f32,
        parallel: bool,
    ) {
        self.views
            .resize_with(view_projs.len(), ViewScratch::default);
        let cull_view = |(scratch, view_proj): (&mut ViewScratch, &Mat4)| {
            let positions = vertices.iter().map(&position);
            scratch
                .window
                .project(positions, view_proj, size_px, edge_margin_px);
            scratch.window.keep_covering_triangles(
                indices,
                size_px,
                edge_margin_px,
                &mut scratch.occlusion,
                &mut scratch.kept_indices,
            );
        };
        if parallel {
            self.views
                .par_iter_mut()
                .zip(view_projs.par_iter())
                .for_each(cull_view);
        } else {
            self.views.iter_mut().zip(view_projs).for_each(cull_view);
        }
    }

    /// Kept triangle indices of view `view` from the last [`Self::cull`].
    pub fn kept_indices(&self, view: usize) -> &[u32] {
        &self.views[view].kept_indices
    }
}

/// Every vertex of one view in window coordinates, with a key per axis
/// that identifies the pixel-centre interval the vertex lies in.
#[derive(Debug, Default)]
pub(crate) struct WindowVertices {
    /// Window coordinates in pixels, NaN for a vertex at or behind the
    /// camera plane.
    positions_px: Vec<[f32; 2]>,
    /// Depth in normalised device coordinates (clip z / clip w), which is
    /// affine in window coordinates across a triangle.
    depths: Vec<f32>,
    /// Column key in the high 16 bits and row key in the low 16 bits (see
    /// [`axis_key`]). A triangle's widened box contains no centre column when
    /// its three corners have equal column keys with the flag bit clear,
    /// and likewise for rows.
    cell_keys: Vec<u32>,
}

/// Key of a vertex whose window position is unknown: flagged on both axes,
/// so its triangles always reach the exact test.
const FLAGGED_KEY: u32 = 1 << 16 | 1;

impl WindowVertices {
    /// Projects every position to window coordinates: x right and y down in
    /// pixels, pixel (i, j) with its centre at (i + 0.5, j + 0.5), as
    /// wgpu's viewport transform maps normalised device coordinates.
    pub fn project(
        &mut self,
        positions: impl Iterator<Item = [f32; 3]>,
        view_proj: &Mat4,
        size_px: u32,
        edge_margin_px: f32,
    ) {
        // Folds the viewport transform into the matrix: window x times w is
        // (clip x + clip w) * size / 2, and window y times w is
        // (clip w - clip y) * size / 2.
        let half_size_px = 0.5 * size_px as f32;
        let rows = view_proj.transpose();
        let row_w = rows.w_axis;
        let row_x = (rows.x_axis + row_w) * half_size_px;
        let row_y = (row_w - rows.y_axis) * half_size_px;
        let size = size_px as f32;

        // Two passes: the projection, then the keys in a loop without
        // branches that the compiler can vectorise.
        let row_z = rows.z_axis;
        self.positions_px.clear();
        self.depths.clear();
        let mut behind_camera = false;
        for [x, y, z] in positions {
            let point = Vec4::new(x, y, z, 1.0);
            let w = row_w.dot(point);
            let in_front = w >= MIN_CLIP_W;
            behind_camera |= !in_front;
            let inverse_w = if in_front { 1.0 / w } else { f32::NAN };
            self.positions_px
                .push([row_x.dot(point) * inverse_w, row_y.dot(point) * inverse_w]);
            self.depths.push(row_z.dot(point) * inverse_w);
        }
        self.cell_keys.clear();
        self.cell_keys
            .extend(self.positions_px.iter().map(|&[x, y]| {
                axis_key(x, size, edge_margin_px) << 16 | axis_key(y, size, edge_margin_px)
            }));
        if behind_camera {
            for (key, position) in self.cell_keys.iter_mut().zip(&self.positions_px) {
                if position[0].is_nan() {
                    *key = FLAGGED_KEY;
                }
            }
        }
    }

    /// Window x, y and depth of the corners of `triangle`.
    pub fn corners(&self, triangle: &[u32]) -> [[f32; 3]; 3] {
        [0, 1, 2].map(|k| {
            let index = triangle[k] as usize;
            let [x, y] = self.positions_px[index];
            [x, y, self.depths[index]]
        })
    }

    /// Fills `kept_indices` (cleared first) with the triangles of `indices`
    /// that may cover a pixel centre of a `size_px` square view, less the
    /// small ones that `occlusion` finds hidden at every such centre.
    pub fn keep_covering_triangles(
        &self,
        indices: &[u32],
        size_px: u32,
        edge_margin_px: f32,
        occlusion: &mut Occlusion,
        kept_indices: &mut Vec<u32>,
    ) {
        kept_indices.clear();
        occlusion.reset(size_px);
        let keys = &self.cell_keys;
        for triangle in indices.chunks_exact(3) {
            let (a, b, c) = (
                keys[triangle[0] as usize],
                keys[triangle[1] as usize],
                keys[triangle[2] as usize],
            );
            // Most triangles of a dense mesh fall between pixel centres, and
            // this integer test rejects them.
            let differing = (a ^ b) | (a ^ c);
            let no_centre_column = (differing >> 16 == 0) & (a & 1 << 16 == 0);
            let no_centre_row = (differing & 0xffff == 0) & (a & 1 == 0);
            if no_centre_column | no_centre_row {
                continue;
            }
            if a == FLAGGED_KEY || b == FLAGGED_KEY || c == FLAGGED_KEY {
                kept_indices.extend_from_slice(triangle);
                continue;
            }
            // The centre ranges follow from the keys: with F = key / 2 - 1
            // and the flag f, the first candidate index of a corner is
            // F + 1 - f and the last is F.
            let [columns, rows] = [16, 0].map(|shift| {
                let [ka, kb, kc] = [a, b, c].map(|key| (key >> shift) & 0xffff);
                let first = ((ka >> 1) - (ka & 1))
                    .min((kb >> 1) - (kb & 1))
                    .min((kc >> 1) - (kc & 1));
                let last = (ka >> 1).max(kb >> 1).max(kc >> 1) - 1;
                (first, last)
            });
            let centre_count = (columns.1 + 1 - columns.0) * (rows.1 + 1 - rows.0);
            if centre_count as usize > MAX_TESTED_CENTRES {
                kept_indices.extend_from_slice(triangle);
                continue;
            }
            let ordinal = (kept_indices.len() / 3) as u32;
            let corners = self.corners(triangle);
            if occlusion.add(ordinal, corners, columns, rows, edge_margin_px) {
                kept_indices.extend_from_slice(triangle);
            }
        }
        occlusion.drop_hidden(kept_indices);
    }
}

/// The three edges of a triangle in window coordinates, with the amount
/// each edge function changes when its edge moves by the edge margin.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TriangleEdges {
    /// Edge k from corner k to corner k + 1: start x, start y, dx, dy.
    edges: [[f32; 4]; 3],
    /// Margin times |dx| + |dy|, which is at least the margin times the
    /// edge's length.
    tolerances: [f32; 3],
}

/// Cover of one pixel centre by a triangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CentreCover {
    /// Covered with every edge moved out by the margin: some rasteriser
    /// within the margin's snapping may draw the centre.
    pub possibly: bool,
    /// Covered with every edge moved in by the margin: every such
    /// rasteriser draws the centre.
    pub certainly: bool,
}

impl TriangleEdges {
    pub fn new(corners: [[f32; 2]; 3], edge_margin_px: f32) -> Self {
        let [[x0, y0], [x1, y1], [x2, y2]] = corners;
        let edges = [
            [x0, y0, x1 - x0, y1 - y0],
            [x1, y1, x2 - x1, y2 - y1],
            [x2, y2, x0 - x2, y0 - y2],
        ];
        TriangleEdges {
            edges,
            tolerances: edges.map(|[_, _, dx, dy]| edge_margin_px * (dx.abs() + dy.abs())),
        }
    }

    /// Tests the centre (`centre_x`, `centre_y`) against the edges. An edge
    /// function is positive on the left of its edge for one winding and
    /// negative for the other. Both windings count, so near-degenerate
    /// triangles whose winding snapping could flip are tested both ways.
    #[inline]
    pub fn cover_at(&self, centre_x: f32, centre_y: f32) -> CentreCover {
        let values = self
            .edges
            .map(|[x, y, dx, dy]| dx * (centre_y - y) - dy * (centre_x - x));
        let tolerances = self.tolerances;
        let possibly = ((values[0] >= -tolerances[0])
            & (values[1] >= -tolerances[1])
            & (values[2] >= -tolerances[2]))
            | ((values[0] <= tolerances[0])
                & (values[1] <= tolerances[1])
                & (values[2] <= tolerances[2]));
        let certainly = ((values[0] > tolerances[0])
            & (values[1] > tolerances[1])
            & (values[2] > tolerances[2]))
            | ((values[0] < -tolerances[0])
                & (values[1] < -tolerances[1])
                & (values[2] < -tolerances[2]));
        CentreCover {
            possibly,
            certainly,
        }
    }
}

/// Key of one window coordinate `c` on a view of `size` pixels: with
/// `u = c - 0.5` clamped to `-0.5..=size - 0.5` and margin `m`, the key is
/// `2 * (floor(u + m) + 1)`, plus one when a centre index lies within
/// `[u - m, u + m]`. Corners with equal unflagged keys `F` all lie strictly
/// between centres `F - 1` and `F`, so their widened span contains no centre.
/// Out-of-view coordinates clamp to half a pixel outside the first or last
/// centre.
pub(crate) fn axis_key(c: f32, size: f32, margin: f32) -> u32 {
    let u = (c - 0.5).max(-0.5).min(size - 0.5);
    // Shifted by 2, both arguments of the floor are positive.
    let floor_high = floor_non_negative(u + margin + 2.0) - 2.0;
    let low = u - margin;
    let floor_low = floor_non_negative(low + 2.0) - 2.0;
    let ceil_low = if floor_low < low {
        floor_low + 1.0
    } else {
        floor_low
    };
    let near_centre = if ceil_low <= floor_high { 1.0 } else { 0.0 };
    (2.0 * (floor_high + 1.0) + near_centre) as i32 as u32
}

/// `x.floor()` for `0 <= x < 2^22` with plain arithmetic, which the
/// compiler vectorises; `f32::floor` is a library call on baseline x86-64.
fn floor_non_negative(x: f32) -> f32 {
    // Adding and subtracting 2^23 rounds x to the nearest integer.
    const ROUNDING: f32 = 8_388_608.0;
    let nearest = (x + ROUNDING) - ROUNDING;
    if nearest > x { nearest - 1.0 } else { nearest }
}

/// Tests whether a triangle with these window-space corners may cover the
/// centre of a pixel inside the view, with its ranges computed from the
/// corners rather than from the cell keys. It is the reference that the
/// tests compare the culler against.
#[cfg(test)]
pub(crate) fn may_cover_pixel_centre(
    corners: [[f32; 2]; 3],
    size_px: u32,
    edge_margin_px: f32,
) -> bool {
    let [[x0, y0], [x1, y1], [x2, y2]] = corners;
    if !(x0.is_finite()
        && x1.is_finite()
        && x2.is_finite()
        && y0.is_finite()
        && y1.is_finite()
        && y2.is_finite())
    {
        return true;
    }
    let (min_x, max_x) = (x0.min(x1).min(x2), x0.max(x1).max(x2));
    let (min_y, max_y) = (y0.min(y1).min(y2), y0.max(y1).max(y2));
    let Some((first_column, last_column)) = centre_range(min_x, max_x, size_px, edge_margin_px)
    else {
        return false;
    };
    let Some((first_row, last_row)) = centre_range(min_y, max_y, size_px, edge_margin_px) else {
        return false;
    };
    let centre_count =
        (last_column - first_column + 1) as usize * (last_row - first_row + 1) as usize;
    if centre_count > MAX_TESTED_CENTRES {
        return true;
    }

    let edges = TriangleEdges::new(corners, edge_margin_px);
    (first_row..=last_row).any(|row| {
        (first_column..=last_column).any(|column| {
            edges
                .cover_at(column as f32 + 0.5, row as f32 + 0.5)
                .possibly
        })
    })
}

/// First and last index of the pixel centres `i + 0.5` within
/// `[min_px, max_px]` widened by the margin, limited to the view; `None`
/// when there is none.
#[cfg(test)]
pub(crate) fn centre_range(
    min_px: f32,
    max_px: f32,
    size_px: u32,
    edge_margin_px: f32,
) -> Option<(u32, u32)> {
    // Clamped to -1..=size first, so that floor_non_negative applies after
    // shifting by 2; clamping commutes with floor and ceil here.
    let size = size_px as f32;
    let low = (min_px - 0.5 - edge_margin_px).clamp(-1.0, size);
    let high = (max_px - 0.5 + edge_margin_px).clamp(-1.0, size);
    let floor_low = floor_non_negative(low + 2.0) - 2.0;
    let first = if floor_low < low {
        floor_low + 1.0
    } else {
        floor_low
    }
    .max(0.0);
    let last = (floor_non_negative(high + 2.0) - 2.0).min(size - 1.0);
    (first <= last).then_some((first as u32, last as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE_PX: u32 = 16;

    fn covers(corners: [[f32; 2]; 3]) -> bool {
        may_cover_pixel_centre(corners, SIZE_PX, LLVMPIPE_EDGE_MARGIN_PX)
    }

    /// Kept triangles of `window` (window coordinates, one triangle per
    /// three corners) through the whole culler, under the identity matrix.
    fn cull_window_triangles(window: &[[f32; 2]], margin_px: f32) -> Vec<u32> {
        let window: Vec<[f32; 3]> = window.iter().map(|&[x, y]| [x, y, 0.5]).collect();
        cull_window_triangles_at_depth(&window, margin_px)
    }

    /// As [`cull_window_triangles`], with window x, y and depth per corner.
    fn cull_window_triangles_at_depth(window: &[[f32; 3]], margin_px: f32) -> Vec<u32> {
        let to_ndc = |[x, y, depth]: [f32; 3]| [x / 8.0 - 1.0, 1.0 - y / 8.0, depth];
        let positions: Vec<[f32; 3]> = window.iter().copied().map(to_ndc).collect();
        let indices: Vec<u32> = (0..window.len() as u32).collect();
        let mut culler = SmallTriangleCuller::default();
        culler.cull(
            &positions,
            |p| *p,
            &indices,
            &[Mat4::IDENTITY],
            SIZE_PX,
            margin_px,
            false,
        );
        culler.kept_indices(0).to_vec()
    }

    #[test]
    fn triangle_between_centres_is_culled() {
        // Inside pixel (3, 3) but away from its centre (3.5, 3.5).
        assert!(!covers([[3.05, 3.05], [3.3, 3.05], [3.05, 3.3]]));
    }

    #[test]
    fn triangle_over_one_centre_is_kept() {
        assert!(covers([[3.2, 3.2], [3.9, 3.3], [3.4, 3.9]]));
    }

    #[test]
    fn either_winding_is_kept() {
        assert!(covers([[3.2, 3.2], [3.4, 3.9], [3.9, 3.3]]));
    }

    #[test]
    fn sliver_around_centre_is_culled() {
        // The bounding box spans the centre (3.5, 3.5), but at x = 3.5 the
        // sliver covers only y = 3.2..3.25, well below the centre.
        assert!(!covers([[3.0, 3.0], [4.0, 3.4], [4.0, 3.5]]));
    }

    #[test]
    fn centre_within_margin_is_kept() {
        // The right edge x = 3.495 is 0.005 px short of the centre (3.5,
        // 3.5), inside the llvmpipe margin of 1/128 px.
        assert!(covers([[3.0, 3.0], [3.495, 3.0], [3.495, 4.0]]));
        // At 0.02 px short it is outside that margin but inside 1/16 px.
        let corners = [[3.0, 3.0], [3.48, 3.0], [3.48, 4.0]];
        assert!(!covers(corners));
        assert!(may_cover_pixel_centre(
            corners,
            SIZE_PX,
            DEFAULT_EDGE_MARGIN_PX
        ));
    }

    #[test]
    fn degenerate_triangle_through_centre_is_kept() {
        assert!(covers([[3.0, 3.5], [3.5, 3.5], [4.0, 3.5]]));
    }

    #[test]
    fn triangle_outside_view_is_culled() {
        assert!(!covers([[-5.0, 2.0], [-1.0, 2.0], [-3.0, 6.0]]));
        assert!(!covers([[17.0, 2.0], [20.0, 2.0], [18.0, 6.0]]));
        assert!(!covers([[2.0, -6.0], [6.0, -6.0], [4.0, -0.6]]));
    }

    #[test]
    fn triangle_over_view_edge_is_kept() {
        // Reaches from outside the view over the centre (0.5, 0.5).
        assert!(covers([[-3.0, -3.0], [4.5, -3.0], [-3.0, 4.5]]));
    }

    #[test]
    fn large_triangle_is_kept_untested() {
        assert!(covers([[0.0, 0.0], [16.0, 0.0], [0.0, 16.0]]));
    }

    #[test]
    fn vertex_behind_camera_keeps_triangle() {
        assert!(covers([[f32::NAN, f32::NAN], [3.05, 3.05], [3.1, 3.05]]));
    }

    #[test]
    fn axis_key_marks_interval_and_margin() {
        let key = |c| axis_key(c, SIZE_PX as f32, LLVMPIPE_EDGE_MARGIN_PX);
        // Between centres 2.5 and 3.5: interval index 2, stored as 2 + 1.
        assert_eq!(key(3.0), 6);
        assert_eq!(key(3.2), 6);
        // On the centre 3.5, or within the margin of it: flagged, and
        // counted in the interval from 3.5 to 4.5 (index 3).
        assert_eq!(key(3.5), 9);
        assert_eq!(key(3.496), 9);
        assert_eq!(key(3.504), 9);
        // Just outside the margin: unflagged, on either side.
        assert_eq!(key(3.49), 6);
        assert_eq!(key(3.51), 8);
        // Left of the first centre, and right of the last one (15.5).
        assert_eq!(key(-40.0), 0);
        assert_eq!(key(0.2), 0);
        assert_eq!(key(15.8), 32);
        assert_eq!(key(900.0), 32);
    }

    #[test]
    fn projection_maps_ndc_corners_to_window_edges() {
        // Identity view-projection: NDC equals the position, w = 1.
        let positions = [[-1.0, 1.0, 0.5], [1.0, -1.0, 0.5], [0.0, 0.0, 0.5]];
        let mut window = WindowVertices::default();
        window.project(
            positions.into_iter(),
            &Mat4::IDENTITY,
            SIZE_PX,
            LLVMPIPE_EDGE_MARGIN_PX,
        );
        assert_eq!(
            window.positions_px,
            vec![[0.0, 0.0], [16.0, 16.0], [8.0, 8.0]]
        );
        assert_eq!(window.cell_keys, vec![0, 32 << 16 | 32, 16 << 16 | 16]);
    }

    #[test]
    fn vertex_behind_camera_is_flagged() {
        // w = -1 behind the camera.
        let behind = Mat4::from_diagonal(Vec4::new(1.0, 1.0, 1.0, -1.0));
        let mut window = WindowVertices::default();
        window.project(
            [[0.0, 0.0, 0.5]].into_iter(),
            &behind,
            SIZE_PX,
            LLVMPIPE_EDGE_MARGIN_PX,
        );
        assert!(window.positions_px[0][0].is_nan());
        assert_eq!(window.cell_keys, vec![FLAGGED_KEY]);
    }

    #[test]
    fn culler_keeps_order_and_matches_exact_test() {
        // A large triangle, a speck between centres, a sliver whose box
        // contains a centre, a triangle over one centre, another large one.
        let window = [
            [1.0, 1.0],
            [9.0, 1.0],
            [1.0, 9.0],
            [3.05, 3.05],
            [3.3, 3.05],
            [3.05, 3.3],
            [3.0, 3.0],
            [4.0, 3.4],
            [4.0, 3.5],
            [5.2, 5.2],
            [5.9, 5.3],
            [5.4, 5.9],
            [10.0, 10.0],
            [15.0, 10.0],
            [10.0, 15.0],
        ];
        let kept = cull_window_triangles(&window, LLVMPIPE_EDGE_MARGIN_PX);
        assert_eq!(kept, vec![0, 1, 2, 9, 10, 11, 12, 13, 14]);
    }

    #[test]
    fn culler_agrees_with_exact_test_on_random_specks() {
        // Seeded specks of up to 1.5 px anywhere in and around the view;
        // the box prefilter must never drop one that the exact test keeps.
        let mut state = 0x9e37_79b9_u32;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as f32 / u32::MAX as f32
        };
        let mut window = Vec::new();
        for _ in 0..20_000 {
            let origin = [next() * 20.0 - 2.0, next() * 20.0 - 2.0];
            for _ in 0..3 {
                window.push([origin[0] + next() * 1.5, origin[1] + next() * 1.5]);
            }
        }
        let kept = cull_window_triangles(&window, LLVMPIPE_EDGE_MARGIN_PX);
        let expected: Vec<u32> = window
            .chunks_exact(3)
            .enumerate()
            .filter(|(_, corners)| covers([corners[0], corners[1], corners[2]]))
            .flat_map(|(triangle, _)| (0..3).map(move |k| (3 * triangle + k) as u32))
            .collect();
        assert_eq!(kept.len(), expected.len(), "kept vs expected counts");
        assert_eq!(kept, expected);
        assert!(kept.len() > 3_000, "only {} indices kept", kept.len());
        assert!(kept.len() < 45_000, "{} indices kept", kept.len());
    }

    #[test]
    fn triangle_behind_another_is_dropped() {
        // Two small triangles over the centre (5.5, 5.5); the second is
        // farther away and covers no other centre.
        let window = [
            [5.0, 5.0, 0.3],
            [6.2, 5.1, 0.3],
            [5.3, 6.2, 0.3],
            [5.1, 5.1, 0.6],
            [6.0, 5.2, 0.6],
            [5.2, 6.0, 0.6],
        ];
        assert_eq!(
            cull_window_triangles_at_depth(&window, LLVMPIPE_EDGE_MARGIN_PX),
            vec![0, 1, 2]
        );
    }

    #[test]
    fn hidden_triangle_dropped_in_either_order() {
        // The same pair with the depths swapped: now the first triangle is
        // behind the second, which is drawn later but wins the depth test.
        let window = [
            [5.0, 5.0, 0.6],
            [6.2, 5.1, 0.6],
            [5.3, 6.2, 0.6],
            [5.1, 5.1, 0.3],
            [6.0, 5.2, 0.3],
            [5.2, 6.0, 0.3],
        ];
        assert_eq!(
            cull_window_triangles_at_depth(&window, LLVMPIPE_EDGE_MARGIN_PX),
            vec![3, 4, 5]
        );
    }

    #[test]
    fn triangle_visible_at_one_centre_is_kept() {
        // The far triangle covers the centres (5.5, 5.5) and (6.5, 5.5);
        // the near one covers only the first.
        let window = [
            [5.0, 5.0, 0.3],
            [6.0, 5.1, 0.3],
            [5.3, 6.2, 0.3],
            [5.1, 5.1, 0.6],
            [7.2, 5.1, 0.6],
            [5.1, 6.5, 0.6],
        ];
        assert_eq!(
            cull_window_triangles_at_depth(&window, LLVMPIPE_EDGE_MARGIN_PX),
            vec![0, 1, 2, 3, 4, 5]
        );
    }

    #[test]
    fn occluder_near_its_edge_hides_nothing() {
        // The near triangle's edge x = 5.503 passes 0.003 px from the
        // centre (5.5, 5.5), inside the margin, so it may miss the centre
        // and the far triangle is kept.
        let window = [
            [5.503, 4.0, 0.3],
            [7.0, 4.0, 0.3],
            [5.503, 7.0, 0.3],
            [5.1, 5.1, 0.6],
            [6.0, 5.2, 0.6],
            [5.2, 6.0, 0.6],
        ];
        let kept = cull_window_triangles_at_depth(&window, LLVMPIPE_EDGE_MARGIN_PX);
        assert_eq!(kept, vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn equal_depths_keep_both() {
        // Duplicate faces, common in ModelNet files, tie in depth; the
        // rasteriser draws the first, so neither may be dropped.
        let corners = [[5.0, 5.0, 0.4], [6.2, 5.1, 0.4], [5.3, 6.2, 0.4]];
        let window: Vec<[f32; 3]> = corners.iter().chain(&corners).copied().collect();
        assert_eq!(
            cull_window_triangles_at_depth(&window, LLVMPIPE_EDGE_MARGIN_PX),
            vec![0, 1, 2, 3, 4, 5]
        );
    }
}
