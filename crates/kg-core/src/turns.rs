//! The cosine and sine of an angle given in turns, in a few lines of arithmetic: the app's
//! module would otherwise carry the standard library's sine and cosine (~4.5 KB of it, mostly
//! the reduction of huge arguments, which angles reduced to one turn never need).

use std::f64::consts::TAU;

/// The cosine and sine of `turns` whole turns (an angle of `2π · turns` radians).
///
/// The angle is reduced to the nearest quarter turn exactly (`turns` minus a multiple of ¼),
/// and the rest, within ±π/4, goes through the sine's and cosine's Taylor series to the 17th
/// and 18th power, whose truncation error there is below 10⁻¹⁹: the results are within a few
/// units in the last place of `f64::cos` and `f64::sin` (the reduction's product with a
/// rounded 2π is most of that).
///
/// # Complexity
/// O(1).
///
/// ```
/// use kg_core::turns::cos_sin_turns;
/// let [c, s] = cos_sin_turns(0.125);
/// assert!((c - 0.5f64.sqrt()).abs() < 1e-15 && (s - 0.5f64.sqrt()).abs() < 1e-15);
/// assert_eq!(cos_sin_turns(3.0), [1.0, 0.0]);
/// ```
pub fn cos_sin_turns(turns: f64) -> [f64; 2] {
    let t = turns - turns.floor();
    let quarter = (t * 4.0).round();
    let x = (t - quarter * 0.25) * TAU;
    let x2 = x * x;
    // Horner's form of Σ (-1)^k x^(2k+1) / (2k+1)! and Σ (-1)^k x^(2k) / (2k)!.
    let (mut s, mut c) = (0.0, 0.0);
    for k in (0..9).rev() {
        s = INVERSE_FACTORIALS[2 * k + 1] - x2 * s;
        c = INVERSE_FACTORIALS[2 * k] - x2 * c;
    }
    let s = x * s;
    match quarter as u8 & 3 {
        0 => [c, s],
        1 => [-s, c],
        2 => [-c, -s],
        _ => [s, -c],
    }
}

/// 1/0! to 1/18!, each the correctly rounded reciprocal of a factorial that an `f64` holds
/// exactly (18! ≈ 6.4 × 10¹⁵ < 2⁵³), worked out when compiling: no division at run time (the
/// spiral calls this for every node of a graph, a million times for a million nodes).
const INVERSE_FACTORIALS: [f64; 19] = {
    let (mut factorial, mut inverse) = (1.0, [1.0; 19]);
    let mut i = 1;
    while i < 19 {
        factorial *= i as f64;
        inverse[i] = 1.0 / factorial;
        i += 1;
    }
    inverse
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_standard_library_all_round_the_circle_and_far_out() {
        let mut worst = 0.0f64;
        for i in 0..200_000u64 {
            // Angles all round, and turns far out (as the standard spiral's at two million nodes).
            for turns in [i as f64 / 200_000.0 - 0.5, i as f64 * 0.381_966_011_250_105_1 * 10.0] {
                let [c, s] = cos_sin_turns(turns);
                let reduced = TAU * (turns - turns.floor());
                worst = worst.max((c - reduced.cos()).abs()).max((s - reduced.sin()).abs());
            }
        }
        assert!(worst < 1e-15, "worst difference {worst:e}");
        assert!(cos_sin_turns(0.25)[0].abs() < 1e-16);
        assert_eq!(cos_sin_turns(0.5), [-1.0, 0.0]);
        assert_eq!(cos_sin_turns(-0.25)[1], -1.0);
    }
}
