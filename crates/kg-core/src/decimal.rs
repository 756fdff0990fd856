//! Decimal numbers in text without the standard library's float code: reading them from a URL
//! (`?max-mb=0.5`, the camera in a shared view's fragment) without its float parser, whose table
//! of powers of five (10 KB, hardly compressible) was the largest table in the app's module, and
//! writing them with a fixed number of places ([`fixed`]: SVG coordinates, the camera, the time
//! bar) without its float printer (14 KB of code and tables). The page's other numbers come
//! through serde_json, which has a parser and a printer of its own.

use std::fmt;

/// Powers of ten that an `f64` holds exactly.
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses a decimal number: an optional sign, digits with an optional fraction (`12`, `0.5`,
/// `.5`, `5.`), and an optional exponent (`1e3`, `2.5E-4`).
///
/// # Returns
/// The number, or `None` for anything else (empty text, `inf`, `NaN`, other characters). The
/// result is the nearest `f64` when the digits, without the point, make a number under 2^53
/// and the exponent (with the fraction's length) is within ±22, as with every number a URL of
/// ours carries; beyond that it is within a few units in the last place.
///
/// # Complexity
/// O(length of the text).
///
/// ```
/// use kg_core::decimal::parse;
/// assert_eq!(parse("0.001"), Some(0.001));
/// assert_eq!(parse("-12.5e1"), Some(-125.0));
/// assert_eq!(parse("12 MB"), None);
/// ```
pub fn parse(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    // The significant digits as an integer (the first 19), and the power of ten to scale by.
    let mut mantissa: u64 = 0;
    let mut kept = 0;
    let mut exponent: i32 = 0;
    let mut digits = 0;
    let mut seen_point = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if kept < 19 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    // Leading zeros are not significant digits.
                    kept += usize::from(mantissa != 0);
                    exponent -= i32::from(seen_point);
                } else if !seen_point {
                    // A digit of the integer part past the 19th: dropped, but counted.
                    exponent += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(i) {
        i += 1;
        let (sign, start) = match bytes.get(i) {
            Some(b'-') => (-1, i + 1),
            Some(b'+') => (1, i + 1),
            _ => (1, i),
        };
        let mut power: i32 = 0;
        i = start;
        while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
            power = power.saturating_mul(10).saturating_add(i32::from(b - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent = exponent.saturating_add(sign * power);
    }
    if i != bytes.len() {
        return None;
    }
    let value = scale(mantissa, exponent);
    Some(if negative { -value } else { value })
}

/// `mantissa` × 10^`exponent`, exact where both factors are (Clinger's fast path).
fn scale(mantissa: u64, exponent: i32) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    let m = mantissa as f64;
    let power = |e: i32| EXACT_POWERS.get(e as usize).copied();
    if (0..=22).contains(&exponent) {
        return m * EXACT_POWERS[exponent as usize];
    }
    if (-22..0).contains(&exponent) {
        return m / EXACT_POWERS[(-exponent) as usize];
    }
    // Far outside any number of ours: in steps of 10^22, so that no step overflows early.
    let mut value = m;
    let mut rest = exponent;
    while rest > 22 && value.is_finite() {
        value *= 1e22;
        rest -= 22;
    }
    while rest < -22 && value != 0.0 {
        value /= 1e22;
        rest += 22;
    }
    match rest {
        0.. => value * power(rest).unwrap_or(1.0),
        _ => value / power(-rest).unwrap_or(1.0),
    }
}

/// A number written with a fixed number of places, as `format!("{:.N}", value)` writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fixed {
    value: f64,
    places: u32,
}

/// `value` with `places` digits after the point (at most 9), rounded as the standard library
/// rounds (`{:.N}`: the exact binary value, ties to even); `-0.00` for a negative number that
/// rounds to zero, `NaN`, `inf` and `-inf` as it writes them.
///
/// # Complexity
/// O(digits written).
///
/// ```
/// use kg_core::decimal::fixed;
/// assert_eq!(fixed(1.25, 1).to_string(), format!("{:.1}", 1.25));
/// assert_eq!(fixed(-0.001, 2).to_string(), "-0.00");
/// assert_eq!(format!("M{} {}", fixed(12.345f32, 1), fixed(3.0, 1)), "M12.3 3.0");
/// ```
pub fn fixed(value: impl Into<f64>, places: u32) -> Fixed {
    Fixed { value: value.into(), places: places.min(9) }
}

/// `a` × `b` as the rounded product and its exact error (Dekker's product, without a fused
/// multiply-add): `a * b == product + error` exactly, barring overflow.
fn exact_product(a: f64, b: f64) -> (f64, f64) {
    let split = |x: f64| {
        let c = 134_217_729.0 * x;
        let hi = c - (c - x);
        (hi, x - hi)
    };
    let product = a * b;
    let ((ah, al), (bh, bl)) = (split(a), split(b));
    (product, ((ah * bh - product) + ah * bl + al * bh) + al * bl)
}

/// The exact decimal digits of an integer-valued `f64` of 2^128 or more: its mantissa doubled
/// as often as its exponent says, in base 10^9.
fn big_integer(a: f64) -> String {
    let bits = a.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32 - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    // Little-endian limbs of nine decimal digits.
    let mut limbs: Vec<u64> = vec![mantissa % 1_000_000_000, (mantissa / 1_000_000_000) % 1_000_000_000, mantissa / 1_000_000_000_000_000_000];
    let mut left = exponent.max(0);
    while left > 0 {
        let step = left.min(29);
        let mut carry = 0u64;
        for limb in &mut limbs {
            let x = (*limb << step) + carry;
            *limb = x % 1_000_000_000;
            carry = x / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push(carry % 1_000_000_000);
            carry /= 1_000_000_000;
        }
        left -= step;
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut text = limbs.last().map_or_else(String::new, u64::to_string);
    for limb in limbs.iter().rev().skip(1) {
        let part = limb.to_string();
        text.extend(std::iter::repeat_n('0', 9 - part.len()));
        text.push_str(&part);
    }
    text
}

/// Up to nine zeros, for the places of a whole number and the zeros after a point.
const ZEROS: &str = "000000000";

/// The decimal digits of `n`, written at the end of `buffer` (39 at most): long division of its
/// four 32-bit limbs by 10^9 in `u64`s, nine digits at a time (`u128`'s own printing and
/// division are code of their own in the module).
fn digits_of(n: u128, buffer: &mut [u8; 40]) -> &str {
    let mut limbs = [(n >> 96) as u32, (n >> 64) as u32, (n >> 32) as u32, n as u32];
    let mut at = buffer.len();
    loop {
        let mut rest = 0u64;
        for limb in &mut limbs {
            let x = (rest << 32) | u64::from(*limb);
            *limb = (x / 1_000_000_000) as u32;
            rest = x % 1_000_000_000;
        }
        let last = limbs.iter().all(|&l| l == 0);
        // The remainder's nine digits; in the last group, only up to its first non-zero one.
        for _ in 0..9 {
            at -= 1;
            buffer[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if last && rest == 0 {
                break;
            }
        }
        if last {
            return std::str::from_utf8(&buffer[at..]).unwrap_or_default();
        }
    }
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.value;
        if v.is_nan() {
            return f.write_str("NaN");
        }
        if v.is_sign_negative() {
            f.write_str("-")?;
        }
        let a = v.abs();
        if a.is_infinite() {
            return f.write_str("inf");
        }
        let places = self.places as usize;
        let mut buffer = [0u8; 40];
        if a >= 9_007_199_254_740_992.0 {
            // An integer already: its exact digits, and zeros for the places.
            let big;
            let digits = if a < 3.4e38 {
                digits_of(a as u128, &mut buffer)
            } else {
                big = big_integer(a);
                big.as_str()
            };
            f.write_str(digits)?;
            if places > 0 {
                f.write_str(".")?;
                f.write_str(&ZEROS[..places])?;
            }
            return Ok(());
        }
        let (product, error) = exact_product(a, EXACT_POWERS[places]);
        // The exact value is `product + error`; it is rounded to an integer, ties to even.
        let n: u128 = if product >= 9_007_199_254_740_992.0 {
            // `product` is an integer: the fraction is all in `error`.
            let below = error.floor();
            let k = (product as u128 as i128 + below as i128) as u128;
            let fraction = error - below;
            k + u128::from(fraction > 0.5 || (fraction == 0.5 && k % 2 == 1))
        } else {
            let floor = product.floor();
            let fraction = product - floor;
            let up = fraction > 0.5 || (fraction == 0.5 && (error > 0.0 || (error == 0.0 && floor % 2.0 == 1.0)));
            floor as u128 + u128::from(up)
        };
        let digits = digits_of(n, &mut buffer);
        // The digits with the point `places` from the end (and zeros before them as needed).
        if places == 0 {
            return f.write_str(digits);
        }
        if digits.len() <= places {
            f.write_str("0.")?;
            f.write_str(&ZEROS[..places - digits.len()])?;
            f.write_str(digits)
        } else {
            let (whole, part) = digits.split_at(digits.len() - places);
            f.write_str(whole)?;
            f.write_str(".")?;
            f.write_str(part)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_those_the_standard_library_writes() {
        let mut values = vec![0u128, 1, 9, 10, 999_999_999, 1_000_000_000, 1_000_000_001, u64::MAX.into(), u128::from(u64::MAX) + 1, 10u128.pow(38), u128::MAX];
        let mut x = 0x9E37_79B9_7F4A_7C15u128;
        for shift in 0..128 {
            x = x.wrapping_mul(0x2545_F491_4F6C_DD1D_0000_0001).wrapping_add(12345);
            values.push(x >> shift);
            values.push((1u128 << shift) - 1);
        }
        for n in values {
            assert_eq!(digits_of(n, &mut [0; 40]), n.to_string());
        }
    }

    /// Within `ulps` units in the last place of the standard library's reading.
    fn close(text: &str, ulps: u64) {
        let ours = parse(text);
        let std: Option<f64> = text.parse().ok().filter(|v: &f64| v.is_finite() || text.contains(['e', 'E']));
        match (ours, std) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) if a.is_finite() && b.is_finite() && a.signum() == b.signum() => {
                let distance = (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs();
                assert!(distance <= ulps, "{text}: {a} against {b} ({distance} ulps)");
            }
            (a, b) => assert_eq!(a, b, "{text}"),
        }
    }

    #[test]
    fn the_numbers_a_url_carries_read_exactly() {
        for text in [
            "0", "1", "12", "0.001", "0.5", ".5", "5.", "+5", "-0.25", "200", "12.34", "-5.67", "1.2345", "0.0001", "1e3", "2.5E-4",
            "123456789.123456", "9007199254740991", "-1234.5678", "3.14159265358979", "1e22", "1e-22", "000123", "0.000",
        ] {
            close(text, 0);
        }
        assert_eq!(parse("-0"), Some(-0.0));
    }

    #[test]
    fn long_and_extreme_numbers_read_closely() {
        for text in [
            "12345678901234567890123", "0.12345678901234567890123", "1.7976931348623157e308", "2.2250738585072014e-308",
            "4.9e-324", "1e400", "1e-400", "123456789012345678e-30", "0.1e-5", "98765.4321e10",
        ] {
            close(text, 4);
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for text in ["", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "12 MB", "0x10", "inf", "NaN", "1,5", " 1", "1 "] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn fixed_writes_what_the_standard_library_writes() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut values: Vec<f64> = vec![
            0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.005, 2.675, 0.05, 0.15, 0.25, 0.35, 1e-10, -1e-10, 123456.789, 1e15, 4503599627370497.5,
            9007199254740993.0, 1e20, 1.8e19, 3.3e38, f64::MAX, f64::MIN_POSITIVE, 5e-324, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.045, 1280.0, 799.5,
        ];
        for _ in 0..20_000 {
            let bits = next();
            values.push((bits % 100_000_000) as f64 / 1000.0 - 50_000.0);
            values.push(f64::from_bits(bits) % 1e6);
            values.push(f32::from_bits((bits >> 32) as u32 & 0x4fff_ffff) as f64);
            values.push((bits % 4096) as f64 / 64.0);
        }
        values.extend([3.5e38, -1e300, 1.7976931348623157e308, 2f64.powi(600) + 2f64.powi(548)]);
        for &v in &values {
            for places in 0..=4 {
                let p = places as usize;
                assert_eq!(fixed(v, places).to_string(), format!("{v:.p$}"), "{v:e} to {places} places");
            }
        }
        assert_eq!(fixed(12.345f32, 1).to_string(), format!("{:.1}", 12.345f32));
    }

    #[test]
    fn many_generated_decimals_read_as_the_standard_library_reads_them() {
        // Every number a view's fragment writes (`{:.2}` and `{:.4}`), over a wide range.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = (state % 2_000_000_000) as f64 / 1000.0 - 1_000_000.0;
            close(&format!("{value:.2}"), 0);
            close(&format!("{:.4}", value / 1e5), 0);
        }
    }
}
