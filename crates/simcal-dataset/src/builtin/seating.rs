//! Chairs, benches and sofas.

use super::Shape;
use super::parts::{LegStyle, four_legs, leg, slab};

/// Chair: seat on four legs or an office base, with a solid, slatted or
/// railed back that may lean, and optional arms.
pub(crate) fn chair(shape: &mut Shape) {
    let seat_width = shape.uniform(0.4, 0.56);
    let seat_depth = shape.uniform(0.38, 0.55);
    let seat_height = shape.uniform(0.4, 0.5);
    let seat_thickness = shape.uniform(0.03, 0.08);
    let under_seat = seat_height - seat_thickness;
    slab(
        shape,
        [seat_width, seat_thickness, seat_depth],
        0.0,
        under_seat,
    );

    if shape.chance(0.15) {
        office_base(shape, under_seat);
    } else {
        let style = LegStyle::sample(shape);
        let thickness = shape.uniform(0.03, 0.055);
        four_legs(
            shape,
            style,
            0.5 * seat_width,
            0.5 * seat_depth,
            0.01,
            under_seat,
            thickness,
        );
    }

    let back_height = shape.uniform(0.25, 0.6);
    let back_thickness = shape.uniform(0.025, 0.06);
    let lean = shape.uniform(0.0, 0.15);
    let back_z = -0.5 * seat_depth + 0.5 * back_thickness;
    // The two full-height corner posts, `post` wide, of the slatted and the
    // railed back.
    let back_posts = |shape: &mut Shape, post: f64| {
        for side in [-1.0, 1.0] {
            let x = side * (0.5 * seat_width - 0.5 * post);
            back_bar(
                shape,
                [x, back_z],
                [post, back_thickness],
                seat_height,
                back_height,
                lean,
            );
        }
    };
    match shape.integer(0, 2) {
        0 => back_panel(
            shape,
            seat_width,
            seat_height,
            back_height,
            back_z,
            back_thickness,
            lean,
        ),
        1 => {
            // Two posts with vertical slats between them.
            let slat_count = shape.integer(3, 6);
            let post = 0.04;
            back_posts(shape, post);
            let slat_width = shape.uniform(0.02, 0.05);
            for slat in 0..slat_count {
                let t = (f64::from(slat) + 1.0) / (f64::from(slat_count) + 1.0);
                let x = -0.5 * seat_width + post + t * (seat_width - 2.0 * post);
                back_bar(
                    shape,
                    [x, back_z],
                    [slat_width, 0.6 * back_thickness],
                    seat_height,
                    0.85 * back_height,
                    0.85 * lean,
                );
            }
            back_panel(
                shape,
                seat_width,
                seat_height + 0.85 * back_height,
                0.15 * back_height,
                back_z - 0.85 * lean,
                back_thickness,
                0.15 * lean,
            );
        }
        _ => {
            // Two posts with horizontal rails.
            let rail_count = shape.integer(2, 4);
            let post = 0.035;
            back_posts(shape, post);
            let rail_height = shape.uniform(0.03, 0.07);
            for rail in 0..rail_count {
                let t = 1.0 - f64::from(rail) / f64::from(rail_count);
                let bottom = seat_height + t * back_height - rail_height;
                back_panel(
                    shape,
                    seat_width - 2.0 * post,
                    bottom,
                    rail_height,
                    back_z - lean * (bottom - seat_height) / back_height,
                    0.7 * back_thickness,
                    lean * rail_height / back_height,
                );
            }
        }
    }

    if shape.chance(0.3) {
        let arm_height = shape.uniform(0.18, 0.26);
        let arm_width = shape.uniform(0.04, 0.08);
        for side in [-1.0, 1.0] {
            let x = side * (0.5 * seat_width + 0.5 * arm_width);
            shape.builder.add_box(
                [
                    x - 0.5 * arm_width,
                    seat_height + arm_height - 0.03,
                    -0.5 * seat_depth,
                ],
                [
                    x + 0.5 * arm_width,
                    seat_height + arm_height,
                    0.45 * seat_depth,
                ],
            );
            shape.builder.add_box(
                [x - 0.015, under_seat, 0.3 * seat_depth],
                [
                    x + 0.015,
                    seat_height + arm_height - 0.03,
                    0.3 * seat_depth + 0.03,
                ],
            );
        }
    }
}

/// Adds a slab from `bottom` up by `height`, centred on x = 0, whose top is
/// shifted backwards (-z) by `lean`.
fn back_panel(
    shape: &mut Shape,
    width: f64,
    bottom: f64,
    height: f64,
    center_z: f64,
    thickness: f64,
    lean: f64,
) {
    bar(
        shape,
        [0.0, center_z],
        [width, thickness],
        bottom,
        height,
        lean,
    );
}

/// Adds a vertical bar of footprint `size` at `position` (x, z) that leans
/// backwards by `lean` over its height.
fn back_bar(
    shape: &mut Shape,
    position: [f64; 2],
    size: [f64; 2],
    bottom: f64,
    height: f64,
    lean: f64,
) {
    bar(shape, position, size, bottom, height, lean);
}

fn bar(shape: &mut Shape, position: [f64; 2], size: [f64; 2], bottom: f64, height: f64, lean: f64) {
    let [x, z] = position;
    let [half_x, half_z] = [0.5 * size[0], 0.5 * size[1]];
    let corners = std::array::from_fn(|bits| {
        let top = bits >> 1 & 1 == 1;
        let shift = if top { lean } else { 0.0 };
        [
            if bits & 1 == 1 {
                x + half_x
            } else {
                x - half_x
            },
            if top { bottom + height } else { bottom },
            if bits >> 2 & 1 == 1 {
                z + half_z - shift
            } else {
                z - half_z - shift
            },
        ]
    });
    let cells = [
        shape.builder.cells_along(size[0]),
        shape.builder.cells_along(height),
        1,
    ];
    shape.builder.add_hexahedron(corners, cells);
}

/// Five-spoke office chair base with a gas column.
fn office_base(shape: &mut Shape, under_seat: f64) {
    let spoke_length = shape.uniform(0.25, 0.33);
    let hub_height = 0.08;
    shape.builder.add_cylinder(
        [0.0, hub_height, 0.0],
        [0.0, under_seat - hub_height, 0.0],
        (0.025, 0.025),
    );
    for spoke in 0..5 {
        let (sin, cos) = crate::trig::sin_cos_deg(72.0 * f64::from(spoke));
        shape.builder.add_cylinder(
            [0.0, hub_height, 0.0],
            [spoke_length * cos, -0.03, spoke_length * sin],
            (0.022, 0.016),
        );
        shape.builder.add_ellipsoid(
            [spoke_length * cos, 0.025, spoke_length * sin],
            [0.025, 0.025, 0.025],
        );
    }
}

/// Bench: a solid or slatted seat on four or six legs or two end slabs, with
/// an optional low back and arms.
pub(crate) fn bench(shape: &mut Shape) {
    let length = shape.uniform(1.0, 2.0);
    let depth = shape.uniform(0.3, 0.5);
    let height = shape.uniform(0.4, 0.48);
    let seat_thickness = shape.uniform(0.04, 0.08);
    let under_seat = height - seat_thickness;

    if shape.chance(0.4) {
        let board_count = shape.integer(3, 5);
        let gap = shape.uniform(0.01, 0.025);
        let board_depth = (depth - gap * f64::from(board_count - 1)) / f64::from(board_count);
        for board in 0..board_count {
            let z = -0.5 * depth + 0.5 * board_depth + f64::from(board) * (board_depth + gap);
            slab(shape, [length, seat_thickness, board_depth], z, under_seat);
        }
    } else {
        slab(shape, [length, seat_thickness, depth], 0.0, under_seat);
    }

    let leg_thickness = shape.uniform(0.04, 0.08);
    let inset = shape.uniform(0.02, 0.12);
    match shape.integer(0, 2) {
        // Variant 0 has four legs, and variant 1 adds a centre pair of legs.
        variant @ (0 | 1) => {
            let style = LegStyle::sample(shape);
            four_legs(
                shape,
                style,
                0.5 * length,
                0.5 * depth,
                inset,
                under_seat,
                leg_thickness,
            );
            if variant == 1 {
                let z = 0.5 * depth - inset - 0.5 * leg_thickness;
                leg(shape, style, 0.0, -z, under_seat, leg_thickness);
                leg(shape, style, 0.0, z, under_seat, leg_thickness);
            }
        }
        _ => {
            for side in [-1.0, 1.0] {
                let x = side * (0.5 * length - inset - 0.5 * leg_thickness);
                shape.builder.add_box(
                    [x - 0.5 * leg_thickness, 0.0, -0.5 * depth + 0.02],
                    [x + 0.5 * leg_thickness, under_seat, 0.5 * depth - 0.02],
                );
            }
        }
    }

    if shape.chance(0.4) {
        let back_height = shape.uniform(0.2, 0.4);
        let lean = shape.uniform(0.0, 0.12);
        back_panel(
            shape,
            length,
            height + 0.05,
            back_height,
            -0.5 * depth + 0.02,
            0.035,
            lean,
        );
        for side in [-1.0, 1.0] {
            let x = side * (0.5 * length - inset - 0.5 * leg_thickness);
            back_bar(
                shape,
                [x, -0.5 * depth + 0.02],
                [0.04, 0.04],
                under_seat,
                0.1,
                0.0,
            );
        }
    }
    if shape.chance(0.25) {
        for side in [-1.0, 1.0] {
            let x = side * (0.5 * length - 0.03);
            shape.builder.add_box(
                [x - 0.03, height, -0.5 * depth],
                [x + 0.03, height + 0.22, 0.5 * depth],
            );
        }
    }
}

/// Sofa: upholstered base, one to three seat cushions, a back, optional arms
/// and chaise, on feet or a plinth. All upholstery is rounded.
pub(crate) fn sofa(shape: &mut Shape) {
    let length = shape.uniform(1.4, 2.4);
    let depth = shape.uniform(0.8, 1.0);
    let seat_height = shape.uniform(0.38, 0.48);
    let cushion_thickness = shape.uniform(0.08, 0.16);
    let on_feet = shape.chance(0.6);
    let base_bottom = if on_feet {
        shape.uniform(0.06, 0.15)
    } else {
        0.0
    };
    let base_top = seat_height - cushion_thickness;
    let rounding = shape.uniform(0.02, 0.07);
    let arms = shape.chance(0.8);
    let arm_width = if arms { shape.uniform(0.1, 0.25) } else { 0.0 };
    let back_depth = shape.uniform(0.15, 0.28);
    let half_length = 0.5 * length;
    let half_depth = 0.5 * depth;

    shape.builder.add_rounded_box(
        [-half_length, base_bottom, -half_depth],
        [half_length, base_top, half_depth],
        rounding,
    );
    if on_feet {
        let style = if shape.chance(0.5) {
            LegStyle::Tapered
        } else {
            LegStyle::Square
        };
        four_legs(
            shape,
            style,
            half_length,
            half_depth,
            0.04,
            base_bottom + 0.01,
            0.05,
        );
    }

    let seat_length = length - 2.0 * arm_width;
    let cushion_count = shape.integer(1, 3);
    let cushion_length = seat_length / f64::from(cushion_count);
    for cushion in 0..cushion_count {
        let x0 = -0.5 * seat_length + f64::from(cushion) * cushion_length;
        shape.builder.add_rounded_box(
            [x0 + 0.005, base_top - 0.01, -half_depth + back_depth],
            [x0 + cushion_length - 0.005, seat_height, half_depth],
            rounding,
        );
    }

    let back_height = shape.uniform(0.3, 0.55);
    shape.builder.add_rounded_box(
        [-half_length, base_top - 0.01, -half_depth],
        [
            half_length,
            seat_height + back_height,
            -half_depth + back_depth,
        ],
        rounding,
    );
    if arms {
        let arm_height = shape.uniform(0.12, 0.3);
        for side in [-1.0, 1.0] {
            let outer = side * half_length;
            let inner = side * (half_length - arm_width);
            shape.builder.add_rounded_box(
                [outer.min(inner), base_top - 0.01, -half_depth],
                [outer.max(inner), seat_height + arm_height, half_depth],
                rounding,
            );
        }
    }
    if shape.chance(0.15) {
        // Chaise longue on the right end.
        let chaise_length = shape.uniform(0.5, 0.8);
        let chaise_extra_depth = shape.uniform(0.4, 0.7);
        let x1 = half_length - arm_width;
        shape.builder.add_rounded_box(
            [x1 - chaise_length, base_bottom, half_depth - 0.05],
            [x1, seat_height, half_depth + chaise_extra_depth],
            rounding,
        );
    }
}
