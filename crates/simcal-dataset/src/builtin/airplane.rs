//! Airplanes: a lathe fuselage with swept, tapered wings, a tail and
//! optional engine nacelles. The nose points to +z.

use super::Shape;
use super::builder::{Frame, Point, ProfilePoint};
use crate::trig::sin_cos_deg;

/// Planform of one wing or stabilizer half, measured from the root.
struct Planform {
    /// Centre of the root leading edge.
    root_leading_edge: Point,
    root_chord: f64,
    /// Tip chord over root chord.
    taper: f64,
    /// Distance from root to tip along the span.
    span: f64,
    sweep_deg: f64,
    dihedral_deg: f64,
    /// Thickness over chord.
    thickness_ratio: f64,
}

pub(crate) fn airplane(shape: &mut Shape) {
    let length = shape.uniform(1.5, 3.0);
    let radius = shape.uniform(0.045, 0.09) * length;
    let center_y = radius + 0.3 * length;
    fuselage(shape, length, radius, center_y);

    let wing_span = shape.uniform(0.8, 1.3) * length;
    let root_chord = shape.uniform(0.12, 0.25) * length;
    let wing_height = match shape.integer(0, 2) {
        0 => -0.6 * radius,
        1 => 0.0,
        _ => 0.6 * radius,
    };
    let wing = Planform {
        root_leading_edge: [
            0.0,
            center_y + wing_height,
            shape.uniform(0.0, 0.15) * length,
        ],
        root_chord,
        taper: shape.uniform(0.25, 0.6),
        span: 0.5 * wing_span,
        sweep_deg: shape.uniform(0.0, 38.0),
        dihedral_deg: shape.uniform(0.0, 7.0),
        thickness_ratio: shape.uniform(0.08, 0.14),
    };
    let tail_z = -0.5 * length + shape.uniform(0.12, 0.2) * length;
    let fin_chord = shape.uniform(0.1, 0.16) * length;
    let fin_height = shape.uniform(0.12, 0.22) * length;
    let fin_sweep_deg = shape.uniform(20.0, 50.0);
    let t_tail = shape.chance(0.2);
    let stabilizer_span = shape.uniform(0.25, 0.45) * wing_span;
    let engine_count = [0, 2, 2, 4][shape.integer(0, 3) as usize];

    wing_pair(shape, &wing);
    vertical_fin(
        shape,
        [0.0, center_y + 0.5 * radius, tail_z],
        fin_chord,
        fin_height,
        fin_sweep_deg,
    );
    let (stabilizer_y, stabilizer_z) = if t_tail {
        let (sin, cos) = sin_cos_deg(fin_sweep_deg);
        (
            center_y + 0.5 * radius + fin_height,
            tail_z - fin_height * sin / cos,
        )
    } else {
        (center_y, tail_z)
    };
    wing_pair(
        shape,
        &Planform {
            root_leading_edge: [0.0, stabilizer_y, stabilizer_z],
            root_chord: 0.8 * fin_chord,
            taper: 0.5,
            span: 0.5 * stabilizer_span,
            sweep_deg: wing.sweep_deg,
            dihedral_deg: 0.0,
            thickness_ratio: 0.08,
        },
    );

    for engine in 0..engine_count {
        let station = if engine < 2 { 0.32 } else { 0.62 };
        let side = if engine % 2 == 0 { -1.0 } else { 1.0 };
        nacelle(shape, &wing, side, station, radius);
    }
}

fn fuselage(shape: &mut Shape, length: f64, radius: f64, center_y: f64) {
    let tail_fraction = shape.uniform(0.2, 0.35);
    let nose_fraction = shape.uniform(0.08, 0.18);
    let tail_radius = shape.uniform(0.1, 0.3) * radius;

    let mut points = Vec::new();
    // Tail cone from the tail cap up to full radius.
    for i in 0..=6 {
        let t = f64::from(i) / 6.0;
        points.push(ProfilePoint {
            radius: tail_radius + (radius - tail_radius) * t,
            height: tail_fraction * length * t,
        });
    }

    // Cabin section.
    let cabin_end = (1.0 - nose_fraction) * length;
    for i in 1..=8 {
        let t = f64::from(i) / 8.0;
        points.push(ProfilePoint {
            radius,
            height: tail_fraction * length + (cabin_end - tail_fraction * length) * t,
        });
    }

    // Elliptic nose ending in a pole.
    for i in 1..=8 {
        let (sin, cos) = sin_cos_deg(90.0 * f64::from(i) / 8.0);
        points.push(ProfilePoint {
            radius: if i == 8 { 0.0 } else { radius * cos },
            height: cabin_end + nose_fraction * length * sin,
        });
    }

    let frame = Frame::pointing([0.0, center_y, -0.5 * length], [0.0, 0.0, 1.0]);
    shape.builder.add_lathe(&points, frame);
}

/// Adds the left and right halves of a horizontal lifting surface.
fn wing_pair(shape: &mut Shape, planform: &Planform) {
    for side in [-1.0, 1.0] {
        let root = station(planform, 0.0);
        let tip = station(planform, 1.0);
        let (inner, outer) = (root, tip);
        // Corner bit 0 (x) selects the station with the larger x.
        let (low_x, high_x) = if side < 0.0 {
            (outer, inner)
        } else {
            (inner, outer)
        };
        let corners = std::array::from_fn(|bits| {
            let s = if bits & 1 == 1 { high_x } else { low_x };
            let upper = bits >> 1 & 1 == 1;
            let leading = bits >> 2 & 1 == 1;
            [
                side * s.offset_x,
                s.center_y + if upper { 0.5 } else { -0.5 } * s.thickness,
                if leading {
                    s.leading_z
                } else {
                    s.leading_z - s.chord
                },
            ]
        });
        let cells = [
            shape.builder.cells_along(planform.span),
            1,
            shape.builder.cells_along(planform.root_chord),
        ];
        shape.builder.add_hexahedron(corners, cells);
    }
}

#[derive(Clone, Copy)]
struct Station {
    offset_x: f64,
    center_y: f64,
    leading_z: f64,
    chord: f64,
    thickness: f64,
}

/// Cross-section of a planform at fraction `t` of the span from the root.
fn station(planform: &Planform, t: f64) -> Station {
    let (sweep_sin, sweep_cos) = sin_cos_deg(planform.sweep_deg);
    let (dihedral_sin, dihedral_cos) = sin_cos_deg(planform.dihedral_deg);
    let distance = planform.span * t;
    let chord = planform.root_chord * (1.0 + (planform.taper - 1.0) * t);
    Station {
        offset_x: distance,
        center_y: planform.root_leading_edge[1] + distance * dihedral_sin / dihedral_cos,
        leading_z: planform.root_leading_edge[2] - distance * sweep_sin / sweep_cos,
        chord,
        thickness: planform.thickness_ratio * chord,
    }
}

fn vertical_fin(
    shape: &mut Shape,
    root_leading_edge: Point,
    chord: f64,
    height: f64,
    sweep_deg: f64,
) {
    let (sin, cos) = sin_cos_deg(sweep_deg);
    let sweep = height * sin / cos;
    let tip_chord = 0.55 * chord;
    let thickness = 0.1 * chord;
    let corners = std::array::from_fn(|bits| {
        let right = bits & 1 == 1;
        let tip = bits >> 1 & 1 == 1;
        let leading = bits >> 2 & 1 == 1;
        let (leading_z, section_chord) = if tip {
            (root_leading_edge[2] - sweep, tip_chord)
        } else {
            (root_leading_edge[2], chord)
        };
        let section_thickness = if tip { 0.6 * thickness } else { thickness };
        [
            if right { 0.5 } else { -0.5 } * section_thickness,
            root_leading_edge[1] + if tip { height } else { 0.0 },
            if leading {
                leading_z
            } else {
                leading_z - section_chord
            },
        ]
    });
    let cells = [
        1,
        shape.builder.cells_along(height),
        shape.builder.cells_along(chord),
    ];
    shape.builder.add_hexahedron(corners, cells);
}

/// Adds an engine nacelle under the wing at fraction `station_t` of its span.
fn nacelle(shape: &mut Shape, wing: &Planform, side: f64, station_t: f64, fuselage_radius: f64) {
    let s = station(wing, station_t);
    let nacelle_radius = 0.45 * fuselage_radius;
    let nacelle_length = 0.9 * s.chord;
    let base = [
        side * s.offset_x,
        s.center_y - 0.5 * s.thickness - nacelle_radius,
        s.leading_z + 0.4 * nacelle_length - nacelle_length,
    ];
    shape.builder.add_cylinder(
        base,
        [0.0, 0.0, nacelle_length],
        (0.8 * nacelle_radius, nacelle_radius),
    );
}
