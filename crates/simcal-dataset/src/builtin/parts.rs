//! Parts shared by several classes: legs and flat slabs.

use super::Shape;
use super::builder::Point;

/// Cross-section of a leg.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LegStyle {
    Square,
    Round,
    /// Round, narrowing towards the floor.
    Tapered,
}

impl LegStyle {
    pub fn sample(shape: &mut Shape) -> Self {
        match shape.integer(0, 2) {
            0 => LegStyle::Square,
            1 => LegStyle::Round,
            _ => LegStyle::Tapered,
        }
    }
}

/// Adds a vertical leg of `thickness` (side or diameter) centred on (`x`,
/// `z`), from the floor up to `top`.
pub(crate) fn leg(shape: &mut Shape, style: LegStyle, x: f64, z: f64, top: f64, thickness: f64) {
    let half = 0.5 * thickness;
    match style {
        LegStyle::Square => shape
            .builder
            .add_box([x - half, 0.0, z - half], [x + half, top, z + half]),
        LegStyle::Round => shape
            .builder
            .add_cylinder([x, 0.0, z], [0.0, top, 0.0], (half, half)),
        LegStyle::Tapered => {
            shape
                .builder
                .add_cylinder([x, 0.0, z], [0.0, top, 0.0], (0.6 * half, half))
        }
    }
}

/// Adds four legs under the rectangle `[-half_width, half_width] x
/// [-half_depth, half_depth]`, inset by `inset` from its edges.
pub(crate) fn four_legs(
    shape: &mut Shape,
    style: LegStyle,
    half_width: f64,
    half_depth: f64,
    inset: f64,
    top: f64,
    thickness: f64,
) {
    let x = half_width - inset - 0.5 * thickness;
    let z = half_depth - inset - 0.5 * thickness;
    for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        leg(shape, style, sx * x, sz * z, top, thickness);
    }
}

/// Adds an axis-aligned slab centred on x = 0 and z = `center_z`.
pub(crate) fn slab(shape: &mut Shape, size: Point, center_z: f64, bottom: f64) {
    shape.builder.add_box(
        [-0.5 * size[0], bottom, center_z - 0.5 * size[2]],
        [0.5 * size[0], bottom + size[1], center_z + 0.5 * size[2]],
    );
}
