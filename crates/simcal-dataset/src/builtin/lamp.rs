//! Lamps: a round or square base, a straight or jointed stem and a cone,
//! drum or dome shade.

use super::Shape;
use super::builder::{Frame, ProfilePoint, profile};
use crate::trig::sin_cos_deg;

/// Shape of a lamp shade.
#[derive(Clone, Copy)]
enum ShadeStyle {
    Cone,
    Drum,
    Dome,
}

pub(crate) fn lamp(shape: &mut Shape) {
    let floor_lamp = shape.chance(0.4);
    let stem_height = if floor_lamp {
        shape.uniform(1.2, 1.7)
    } else {
        shape.uniform(0.3, 0.6)
    };
    let base_radius = shape.uniform(0.08, 0.2) * if floor_lamp { 1.4 } else { 1.0 };
    let base_height = shape.uniform(0.02, 0.06);

    if shape.chance(0.7) {
        shape.builder.add_lathe(
            &profile(&[
                (base_radius, 0.0),
                (base_radius, 0.6 * base_height),
                (0.8 * base_radius, base_height),
            ]),
            Frame::upright([0.0; 3]),
        );
    } else {
        shape.builder.add_box(
            [-base_radius, 0.0, -base_radius],
            [base_radius, base_height, base_radius],
        );
    }

    let stem_radius = shape.uniform(0.008, 0.02);
    let stem_base = [0.0, base_height, 0.0];
    let jointed = !floor_lamp && shape.chance(0.4);
    let shade_center = if jointed {
        // Desk lamp: an upper arm leaning forward from the stem top.
        let arm_length = shape.uniform(0.25, 0.45);
        let arm_angle_deg = shape.uniform(20.0, 70.0);
        let (sin, cos) = sin_cos_deg(arm_angle_deg);
        let elbow = [0.0, base_height + stem_height, 0.0];
        shape.builder.add_cylinder(
            stem_base,
            [0.0, stem_height, 0.0],
            (stem_radius, stem_radius),
        );
        shape.builder.add_ellipsoid(elbow, [1.8 * stem_radius; 3]);
        let direction = [0.0, arm_length * cos, arm_length * sin];
        shape
            .builder
            .add_cylinder(elbow, direction, (stem_radius, stem_radius));
        [0.0, elbow[1] + direction[1], direction[2]]
    } else {
        shape.builder.add_cylinder(
            stem_base,
            [0.0, stem_height, 0.0],
            (stem_radius, stem_radius),
        );
        [0.0, base_height + stem_height, 0.0]
    };

    let style = match shape.integer(0, 2) {
        0 => ShadeStyle::Cone,
        1 => ShadeStyle::Drum,
        _ => ShadeStyle::Dome,
    };
    let shade_radius = shape.uniform(0.1, 0.25) * if floor_lamp { 1.3 } else { 1.0 };
    let shade_height = shape.uniform(0.6, 1.2) * shade_radius;
    let shade_bottom = shade_center[1] - 0.6 * shade_height;
    let points: Vec<ProfilePoint> = match style {
        ShadeStyle::Cone => {
            let top_radius = shape.uniform(0.35, 0.7) * shade_radius;
            ring_profile(12, |t| {
                (
                    shade_radius + (top_radius - shade_radius) * t,
                    shade_height * t,
                )
            })
        }
        ShadeStyle::Drum => ring_profile(12, |t| (shade_radius, shade_height * t)),
        ShadeStyle::Dome => {
            let mut points = ring_profile(12, |t| {
                let (sin, cos) = sin_cos_deg(90.0 * t);
                (shade_radius * cos, shade_height * sin)
            });
            if let Some(pole) = points.last_mut() {
                pole.radius = 0.0;
            }
            points
        }
    };
    shape.builder.add_lathe(
        &points,
        Frame::upright([shade_center[0], shade_bottom, shade_center[2]]),
    );
    if shape.chance(0.5) {
        let bulb_radius = shape.uniform(0.25, 0.4) * shade_radius;
        shape.builder.add_ellipsoid(
            [
                shade_center[0],
                shade_bottom - 0.5 * bulb_radius,
                shade_center[2],
            ],
            [bulb_radius; 3],
        );
    }
}

/// Profile of `rings + 1` points from `point(0)` to `point(1)`.
fn ring_profile(rings: u32, point: impl Fn(f64) -> (f64, f64)) -> Vec<ProfilePoint> {
    (0..=rings)
        .map(|i| {
            let (radius, height) = point(f64::from(i) / f64::from(rings));
            ProfilePoint { radius, height }
        })
        .collect()
}
