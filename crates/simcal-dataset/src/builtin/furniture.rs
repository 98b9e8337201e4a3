//! Tables, beds and bookshelves.

use super::Shape;
use super::builder::{Frame, profile};
use super::parts::{LegStyle, four_legs, leg, slab};

/// Dining, coffee or side table: rectangular or round top on four legs, a
/// pedestal or two trestle slabs, with an optional apron and lower shelf.
pub(crate) fn table(shape: &mut Shape) {
    let coffee_table = shape.chance(0.25);
    let height = if coffee_table {
        shape.uniform(0.35, 0.5)
    } else {
        shape.uniform(0.68, 0.78)
    };
    let top_thickness = shape.uniform(0.025, 0.06);
    let under_top = height - top_thickness;
    let round_top = shape.chance(0.3);

    if round_top {
        let radius = shape.uniform(0.35, 0.65);
        shape.builder.add_lathe(
            &profile(&[(radius, under_top), (radius, height)]),
            Frame::upright([0.0; 3]),
        );
        if shape.chance(0.6) {
            pedestal(shape, radius, under_top);
        } else {
            let style = LegStyle::sample(shape);
            let thickness = shape.uniform(0.035, 0.06);
            let offset = 0.6 * radius;
            for (x, z) in [(offset, 0.0), (-offset, 0.0), (0.0, offset), (0.0, -offset)] {
                leg(shape, style, x, z, under_top, thickness);
            }
        }
        return;
    }

    let width = shape.uniform(0.8, 2.0);
    let depth = shape.uniform(0.55, 1.1_f64.min(width));
    slab(shape, [width, top_thickness, depth], 0.0, under_top);
    let leg_thickness = shape.uniform(0.04, 0.08);
    let inset = shape.uniform(0.0, 0.08);

    if shape.chance(0.2) {
        // Trestle: a solid slab at each end, joined by a stretcher.
        let slab_thickness = shape.uniform(0.04, 0.08);
        for side in [-1.0, 1.0] {
            let x = side * (0.5 * width - inset - 0.1);
            shape.builder.add_box(
                [x - 0.5 * slab_thickness, 0.0, -0.4 * depth],
                [x + 0.5 * slab_thickness, under_top, 0.4 * depth],
            );
        }
        let stretcher_y = shape.uniform(0.1, 0.3) * under_top;
        shape.builder.add_box(
            [-0.5 * width + inset + 0.1, stretcher_y, -0.03],
            [0.5 * width - inset - 0.1, stretcher_y + 0.06, 0.03],
        );
    } else {
        let style = LegStyle::sample(shape);
        four_legs(
            shape,
            style,
            0.5 * width,
            0.5 * depth,
            inset,
            under_top,
            leg_thickness,
        );
    }

    if shape.chance(0.5) {
        let apron_height = shape.uniform(0.05, 0.12);
        let inner_width = width - 2.0 * inset - leg_thickness;
        let inner_depth = depth - 2.0 * inset - leg_thickness;
        shape.builder.add_box(
            [
                -0.5 * inner_width,
                under_top - apron_height,
                -0.5 * inner_depth,
            ],
            [0.5 * inner_width, under_top, 0.5 * inner_depth],
        );
    }
    if shape.chance(0.25) {
        let shelf_y = shape.uniform(0.1, 0.25);
        slab(
            shape,
            [width - 2.0 * inset, 0.025, depth - 2.0 * inset],
            0.0,
            shelf_y,
        );
    }
}

/// Central column on a round foot, for round tables.
fn pedestal(shape: &mut Shape, top_radius: f64, under_top: f64) {
    let column_radius = shape.uniform(0.04, 0.09);
    let foot_radius = shape.uniform(0.45, 0.75) * top_radius;
    let foot_height = shape.uniform(0.03, 0.08);
    shape.builder.add_lathe(
        &profile(&[
            (foot_radius, 0.0),
            (foot_radius, foot_height),
            (column_radius, foot_height + 0.04),
        ]),
        Frame::upright([0.0; 3]),
    );
    shape.builder.add_cylinder(
        [0.0, foot_height, 0.0],
        [0.0, under_top - foot_height, 0.0],
        (column_radius, column_radius),
    );
}

/// Bed: frame, mattress, headboard, optional footboard, legs and pillows.
pub(crate) fn bed(shape: &mut Shape) {
    let length = shape.uniform(1.9, 2.2);
    let width = shape.uniform(0.9, 1.9);
    let raised = shape.chance(0.5);
    let frame_bottom = if raised {
        shape.uniform(0.1, 0.25)
    } else {
        0.0
    };
    let frame_height = shape.uniform(0.15, 0.3);
    let frame_top = frame_bottom + frame_height;
    let mattress_thickness = shape.uniform(0.15, 0.3);

    slab(shape, [width, frame_height, length], 0.0, frame_bottom);
    if raised {
        let style = LegStyle::sample(shape);
        let thickness = shape.uniform(0.05, 0.09);
        four_legs(
            shape,
            style,
            0.5 * width,
            0.5 * length,
            0.02,
            frame_bottom + 0.01,
            thickness,
        );
    }
    let rounding = shape.uniform(0.02, 0.08);
    shape.builder.add_rounded_box(
        [-0.5 * width + 0.02, frame_top - 0.01, -0.5 * length + 0.02],
        [
            0.5 * width - 0.02,
            frame_top + mattress_thickness,
            0.5 * length - 0.02,
        ],
        rounding,
    );

    // Headboard at the back (-z), footboard at the front.
    let headboard_height = shape.uniform(0.4, 1.0);
    let board_thickness = shape.uniform(0.04, 0.1);
    slab(
        shape,
        [width + 0.04, frame_top + headboard_height, board_thickness],
        -0.5 * length - 0.5 * board_thickness,
        0.0,
    );
    if shape.chance(0.4) {
        let footboard_height = shape.uniform(0.1, 0.5) * headboard_height;
        slab(
            shape,
            [width + 0.04, frame_top + footboard_height, board_thickness],
            0.5 * length + 0.5 * board_thickness,
            0.0,
        );
    }

    let pillow_count = shape.integer(0, 2);
    for pillow in 0..pillow_count {
        let pillow_width = if pillow_count == 1 {
            0.7 * width
        } else {
            0.42 * width
        };
        let center_x = if pillow_count == 1 {
            0.0
        } else {
            (f64::from(pillow) - 0.5) * 0.48 * width
        };
        let pillow_top = frame_top + mattress_thickness;
        shape.builder.add_ellipsoid(
            [center_x, pillow_top + 0.05, -0.5 * length + 0.3],
            [0.5 * pillow_width, 0.07, 0.2],
        );
    }
}

/// Bookshelf: two sides, top, bottom, 1 to 6 shelves, an optional back
/// panel, divider and plinth.
pub(crate) fn bookshelf(shape: &mut Shape) {
    let width = shape.uniform(0.6, 1.6);
    let height = shape.uniform(0.8, 2.2);
    let depth = shape.uniform(0.25, 0.42);
    let board = shape.uniform(0.015, 0.035);
    let plinth = if shape.chance(0.5) {
        shape.uniform(0.04, 0.1)
    } else {
        0.0
    };

    for side in [-1.0, 1.0] {
        let x = side * (0.5 * width - 0.5 * board);
        shape.builder.add_box(
            [x - 0.5 * board, 0.0, -0.5 * depth],
            [x + 0.5 * board, height, 0.5 * depth],
        );
    }
    let inner_width = width - 2.0 * board;
    slab(shape, [inner_width, board, depth], 0.0, height - board);
    slab(shape, [inner_width, board, depth], 0.0, plinth);
    if plinth > 0.0 {
        slab(
            shape,
            [inner_width, plinth, board],
            0.5 * depth - 0.5 * board,
            0.0,
        );
    }

    let shelf_count = shape.integer(1, 6);
    let spacing = (height - plinth - board) / f64::from(shelf_count + 1);
    for shelf in 1..=shelf_count {
        let y = plinth + spacing * f64::from(shelf);
        slab(shape, [inner_width, board, depth - 0.01], 0.0, y);
    }
    if shape.chance(0.7) {
        slab(
            shape,
            [inner_width, height, board],
            -0.5 * depth + 0.5 * board,
            0.0,
        );
    }
    if width > 1.0 && shape.chance(0.4) {
        shape.builder.add_box(
            [-0.5 * board, plinth + board, -0.5 * depth],
            [0.5 * board, height - board, 0.5 * depth - 0.01],
        );
    }
}
