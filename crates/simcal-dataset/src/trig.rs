//! Sine and cosine built only from IEEE 754 addition, multiplication and
//! rounding, so that generated shapes and rotations are bit-identical on every
//! platform. The standard library forwards `sin`/`cos` to the platform's libm,
//! whose last-bit results differ between C libraries.

/// pi/2 split into a leading part and a correction (Cody-Waite reduction).
const HALF_PI_HIGH: f64 = std::f64::consts::FRAC_PI_2;
const HALF_PI_LOW: f64 = 6.123_233_995_736_766e-17;

/// Returns `(sin, cos)` of an angle in degrees.
///
/// Multiples of 90 degrees give exact results (`sin_cos_deg(90.0) == (1.0, 0.0)`),
/// and elsewhere the result is within 1e-14 of the exact value.
pub(crate) fn sin_cos_deg(degrees: f64) -> (f64, f64) {
    let quadrant = (degrees / 90.0).round();
    let remainder_deg = degrees - quadrant * 90.0;
    let radians = remainder_deg * (HALF_PI_HIGH / 90.0) + remainder_deg * (HALF_PI_LOW / 90.0);
    let (sin, cos) = sin_cos_reduced(radians);
    // `quadrant` is an integer-valued f64; rem_euclid on it is exact.
    match quadrant.rem_euclid(4.0) as u8 {
        0 => (sin, cos),
        1 => (cos, -sin),
        2 => (-sin, -cos),
        _ => (-cos, sin),
    }
}

/// Taylor series for |x| <= pi/4; the first omitted terms are below 1e-17.
fn sin_cos_reduced(x: f64) -> (f64, f64) {
    let x2 = x * x;
    let sin = x
        * (1.0
            - x2 / 6.0
                * (1.0
                    - x2 / 20.0
                        * (1.0
                            - x2 / 42.0
                                * (1.0
                                    - x2 / 72.0
                                        * (1.0
                                            - x2 / 110.0
                                                * (1.0 - x2 / 156.0 * (1.0 - x2 / 210.0)))))));
    let cos = 1.0
        - x2 / 2.0
            * (1.0
                - x2 / 12.0
                    * (1.0
                        - x2 / 30.0
                            * (1.0
                                - x2 / 56.0
                                    * (1.0
                                        - x2 / 90.0 * (1.0 - x2 / 132.0 * (1.0 - x2 / 182.0))))));
    (sin, cos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_angles_are_exact() {
        assert_eq!(sin_cos_deg(0.0), (0.0, 1.0));
        assert_eq!(sin_cos_deg(90.0), (1.0, 0.0));
        assert_eq!(sin_cos_deg(180.0), (0.0, -1.0));
        assert_eq!(sin_cos_deg(-90.0), (-1.0, 0.0));
        assert_eq!(sin_cos_deg(270.0), (-1.0, 0.0));
    }

    #[test]
    fn matches_std_within_ulps() {
        for step in -1440..=1440 {
            let degrees = f64::from(step) * 0.37;
            let (sin, cos) = sin_cos_deg(degrees);
            let radians = degrees.to_radians();
            assert!(
                (sin - radians.sin()).abs() < 1e-14,
                "sin({degrees} deg) = {sin}"
            );
            assert!(
                (cos - radians.cos()).abs() < 1e-14,
                "cos({degrees} deg) = {cos}"
            );
        }
    }
}
