//! Pure rules of the flag engine: rule validation (flags.md §4), thresholds, baseline statistics (§5.3) and
//! the rounding of §14. No `Connection`.

use crate::error::{Error, Result};

/// Comparison operators.
pub const OPERATORS: &[&str] = &["gt", "gte", "lt", "lte"];
/// Threshold types.
pub const THRESHOLD_TYPES: &[&str] =
    &["median_plus_sd", "median_plus_offset", "absolute", "percentage_of_median", "percentile", "between"];
/// Comparison scopes.
pub const SCOPES: &[&str] = &["facility", "personal"];
/// Severities, lowest first.
pub const SEVERITIES: &[&str] = &["info", "warning", "critical"];

/// Whether a threshold type needs a baseline.
pub fn needs_baseline(threshold_type: &str) -> bool {
    matches!(threshold_type, "median_plus_sd" | "median_plus_offset" | "percentage_of_median" | "percentile")
}

/// The threshold fields of a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// `gt`, `gte`, `lt` or `lte`.
    pub operator: String,
    /// One of [`THRESHOLD_TYPES`].
    pub threshold_type: String,
    /// v.
    pub value: f64,
    /// v_max (`between` only).
    pub value_max: Option<f64>,
}

fn one_of(param: &str, value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(Error::invalid(param, format!("must be one of {}", allowed.join(", "))))
    }
}

/// Write-time validation (§4): known operator and type, finite values, the per-type bounds, `between` with
/// v_max ≥ v, and no relative type on a metric without median support. Returns the threshold to store
/// (v_max cleared for every type but `between`).
pub fn validate(t: &Threshold, supports_median: bool) -> Result<Threshold> {
    one_of("operator", &t.operator, OPERATORS)?;
    one_of("threshold_type", &t.threshold_type, THRESHOLD_TYPES)?;
    if !t.value.is_finite() {
        return Err(Error::invalid("threshold_value", "must be a finite number"));
    }
    let ty = t.threshold_type.as_str();
    match ty {
        "median_plus_sd" | "percentage_of_median" if t.value < 0.0 => {
            return Err(Error::invalid("threshold_value", format!("must be ≥ 0 for {ty}")));
        }
        "percentile" if !(0.0..=100.0).contains(&t.value) => {
            return Err(Error::invalid("threshold_value", "must be between 0 and 100 for percentile"));
        }
        _ => {}
    }
    let value_max = if ty == "between" {
        match t.value_max {
            Some(m) if !m.is_finite() => return Err(Error::invalid("threshold_value_max", "must be a finite number")),
            Some(m) if m < t.value => {
                return Err(Error::invalid("threshold_value_max", "must be ≥ threshold_value for between"));
            }
            Some(m) => Some(m),
            None => return Err(Error::invalid("threshold_value_max", "is required for between")),
        }
    } else {
        None
    };
    if needs_baseline(ty) && !supports_median {
        return Err(Error::invalid(
            "threshold_type",
            format!("{ty} needs a median, which this metric does not support"),
        ));
    }
    Ok(Threshold { value_max, ..t.clone() })
}

/// JS `Math.round`: half toward +∞ (−22.5 → −22, 2.5 → 3).
pub fn js_round(x: f64) -> f64 {
    let f = x.floor();
    if x - f >= 0.5 { f + 1.0 } else { f }
}

/// `toFixed(x, digits)` of JavaScript: decimal rounding of the exact binary value, ties to the larger
/// magnitude (Rust's `{:.k}` rounds exact ties to even, which differs). A negative x keeps its sign even when
/// it rounds to zero (`-0.001` → `-0.00`). Magnitudes ≥ 1e21, which JavaScript prints in exponent form, and
/// non-finite values fall back to Rust's shortest form (no caller produces them).
pub fn to_fixed(x: f64, digits: usize) -> String {
    if !x.is_finite() || x.abs() >= 1e21 {
        return format!("{x}");
    }
    // An f64 has at most 1074 fractional decimal digits, so this expansion is exact.
    let exact = format!("{:.1100}", x.abs());
    let (int_part, frac) = exact.split_once('.').expect("fixed-point output has a point");
    let mut kept: Vec<u8> = int_part.bytes().chain(frac.bytes().take(digits)).collect();
    if frac.as_bytes()[digits] >= b'5' {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let mut text = String::from_utf8(kept).expect("ASCII digits");
    if digits > 0 {
        text.insert(text.len() - digits, '.');
    }
    if x < 0.0 { format!("-{text}") } else { text }
}

/// round1 (§14): JS round of x × 10, over 10; −0 becomes 0.
pub fn round1(x: f64) -> f64 {
    let r = js_round(x * 10.0) / 10.0;
    if r == 0.0 { 0.0 } else { r }
}

/// A baseline (§5.3): median (even n: JS-rounded midpoint), population SD JS-rounded, sorted values.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// Median.
    pub median: f64,
    /// Population standard deviation, rounded.
    pub sd: f64,
    /// Ascending values.
    pub values: Vec<f64>,
}

/// Minimum values for a baseline key.
pub const MIN_BASELINE_VALUES: usize = 3;

impl Baseline {
    /// The baseline of `values` (`None` below [`MIN_BASELINE_VALUES`]).
    pub fn of(mut values: Vec<f64>) -> Option<Baseline> {
        if values.len() < MIN_BASELINE_VALUES {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let median = if n % 2 == 1 { values[n / 2] } else { js_round((values[n / 2 - 1] + values[n / 2]) / 2.0) };
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = js_round((values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64).sqrt());
        Some(Baseline { median, sd, values })
    }

    /// P_p of the values (§4): linear interpolation at (p / 100)(n − 1), unrounded.
    pub fn percentile(&self, p: f64) -> f64 {
        let idx = p / 100.0 * (self.values.len() - 1) as f64;
        let (lo, hi) = (idx.floor() as usize, idx.ceil() as usize);
        if lo == hi {
            return self.values[lo];
        }
        let w = idx - lo as f64;
        self.values[lo] * (1.0 - w) + self.values[hi] * w
    }
}

/// The outcome of testing one value: the effective threshold to report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Triggered {
    /// The unrounded effective threshold (`between`: v).
    pub threshold: f64,
}

/// Tests x against a rule's threshold (§4); `baseline` is required by the relative types (none → no flag).
pub fn test(t: &Threshold, x: f64, baseline: Option<&Baseline>) -> Option<Triggered> {
    if x.is_nan() {
        return None;
    }
    let upward = matches!(t.operator.as_str(), "gt" | "gte");
    let v = t.value;
    let threshold = match t.threshold_type.as_str() {
        "between" => {
            let max = t.value_max?;
            return (v <= x && x <= max).then_some(Triggered { threshold: v });
        }
        "absolute" => v,
        relative => {
            let b = baseline?;
            let (m, s) = (b.median, b.sd);
            match (relative, upward) {
                ("median_plus_sd", true) => m + v * s,
                ("median_plus_sd", false) => m - v * s,
                ("median_plus_offset", true) => m + v,
                ("median_plus_offset", false) => m - v,
                ("percentage_of_median", true) => m * (1.0 + v / 100.0),
                ("percentage_of_median", false) => m * (1.0 - v / 100.0),
                ("percentile", _) => b.percentile(v),
                _ => return None,
            }
        }
    };
    if threshold.is_nan() {
        return None;
    }
    let hit = match t.operator.as_str() {
        "gt" => x > threshold,
        "gte" => x >= threshold,
        "lt" => x < threshold,
        "lte" => x <= threshold,
        _ => false,
    };
    hit.then_some(Triggered { threshold })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(operator: &str, ty: &str, value: f64, value_max: Option<f64>) -> Threshold {
        Threshold { operator: operator.into(), threshold_type: ty.into(), value, value_max }
    }

    #[test]
    fn worked_example_1_even_median_and_population_sd() {
        let b = Baseline::of(vec![60.0, 30.0, 50.0, 40.0]).unwrap();
        assert_eq!((b.median, b.sd), (45.0, 11.0));
        let rule = t("gt", "median_plus_sd", 1.0, None);
        assert_eq!(test(&rule, 60.0, Some(&b)), Some(Triggered { threshold: 56.0 }));
        assert_eq!(test(&rule, 56.0, Some(&b)), None);
        assert!(test(&t("gte", "median_plus_sd", 1.0, None), 56.0, Some(&b)).is_some());
    }

    #[test]
    fn worked_examples_2_and_3_medians() {
        assert_eq!(Baseline::of(vec![20.0, 25.0, 30.0, 33.0]).unwrap().median, 28.0);
        assert_eq!(Baseline::of(vec![-30.0, -25.0, -20.0, -10.0]).unwrap().median, -22.0);
        let b = Baseline::of(vec![41.0, 44.0, 45.0, 47.0, 52.0]).unwrap();
        assert_eq!((b.median, b.sd), (45.0, 4.0));
        let rule = t("gt", "median_plus_sd", 1.0, None);
        assert_eq!(test(&rule, 52.0, Some(&b)).unwrap().threshold, 49.0);
        assert_eq!(test(&rule, 47.0, Some(&b)), None);
        assert_eq!(round1(52.25), 52.3);
        assert_eq!(Baseline::of(vec![1.0, 2.0]), None, "fewer than 3 values");
    }

    #[test]
    fn worked_examples_5_to_8_threshold_types() {
        let gaps = Baseline::of(vec![2.0, 3.0, 4.0, 9.0]).unwrap();
        assert_eq!((gaps.median, gaps.sd), (4.0, 3.0));
        assert_eq!(test(&t("gt", "median_plus_sd", 1.5, None), 9.0, Some(&gaps)).unwrap().threshold, 8.5);
        let m45 = Baseline { median: 45.0, sd: 0.0, values: vec![45.0; 3] };
        assert_eq!(test(&t("gt", "percentage_of_median", 20.0, None), 100.0, Some(&m45)).unwrap().threshold, 54.0);
        assert_eq!(test(&t("lt", "percentage_of_median", 20.0, None), 0.0, Some(&m45)).unwrap().threshold, 36.0);
        let b = Baseline::of(vec![10.0, 20.0, 30.0, 40.0]).unwrap();
        assert!((b.percentile(90.0) - 37.0).abs() < 1e-9);
        assert_eq!(b.percentile(50.0), 25.0);
        assert_eq!(Baseline::of(vec![12.0, 18.0, 25.0, 40.0, 41.0]).unwrap().percentile(75.0), 40.0);
        let between = t("gt", "between", 10.0, Some(20.0));
        assert_eq!(test(&between, 20.0, None), Some(Triggered { threshold: 10.0 }));
        assert_eq!(test(&between, 20.01, None), None);
        assert_eq!(test(&t("gt", "median_plus_sd", 1.0, None), 100.0, None), None, "no baseline, no flag");
        assert_eq!(test(&t("gt", "absolute", 1.0, None), f64::NAN, None), None);
    }

    #[test]
    fn worked_example_9_round1() {
        assert_eq!(round1(-2.25), -2.2);
        assert_eq!(round1(2.25), 2.3);
        assert_eq!(round1(12.345), 12.3);
        assert_eq!(round1(55.55), 55.6);
        let z = round1(-0.05);
        assert!(z == 0.0 && z.is_sign_positive(), "stored 0, not −0");
        assert_eq!(js_round(-22.5), -22.0);
        assert_eq!(js_round(2.5), 3.0);
    }

    #[test]
    fn bad_rule_definitions_are_refused() {
        let kind = |r: Result<Threshold>| r.unwrap_err().kind();
        use crate::error::ErrorKind::InvalidInput;
        assert_eq!(kind(validate(&t("gt", "between", 10.0, Some(5.0)), true)), InvalidInput);
        assert_eq!(kind(validate(&t("gt", "between", 10.0, None), true)), InvalidInput);
        assert_eq!(kind(validate(&t("gt", "percentile", -1.0, None), true)), InvalidInput);
        assert_eq!(kind(validate(&t("gt", "percentile", 101.0, None), true)), InvalidInput);
        assert_eq!(kind(validate(&t("gt", "median_plus_sd", -0.5, None), true)), InvalidInput);
        assert_eq!(kind(validate(&t("gt", "percentage_of_median", -1.0, None), true)), InvalidInput);
        assert_eq!(kind(validate(&t("gt", "median_plus_sd", 1.0, None), false)), InvalidInput);
        assert_eq!(kind(validate(&t("gt", "absolute", f64::INFINITY, None), true)), InvalidInput);
        assert_eq!(kind(validate(&t("ge", "absolute", 1.0, None), true)), InvalidInput);
        assert_eq!(kind(validate(&t("gt", "median", 1.0, None), true)), InvalidInput);
        // Accepted: negative offsets and absolutes; v_max cleared outside between.
        assert_eq!(validate(&t("lt", "absolute", -10.0, Some(3.0)), false).unwrap().value_max, None);
        assert!(validate(&t("gt", "median_plus_offset", -5.0, None), true).is_ok());
        assert_eq!(validate(&t("gt", "between", 0.0, Some(0.0)), false).unwrap().value_max, Some(0.0));
    }

    #[test]
    fn to_fixed_matches_javascript() {
        assert_eq!(to_fixed(5.0, 0), "5");
        assert_eq!(to_fixed(2.5, 0), "3");
        assert_eq!(to_fixed(0.5, 0), "1");
        assert_eq!(to_fixed(-2.5, 0), "-3", "ties to the larger magnitude");
        assert_eq!(to_fixed(1.005, 2), "1.00", "1.005 is 1.00499999999999989… in binary");
        assert_eq!(to_fixed(1.125, 2), "1.13", "exact tie rounds up (Rust's {{:.2}} gives 1.12)");
        assert_eq!(format!("{:.2}", 1.125), "1.12");
        assert_eq!(to_fixed(10.0, 2), "10.00");
        assert_eq!(to_fixed(9.999, 2), "10.00");
        assert_eq!(to_fixed(99.96, 1), "100.0");
        assert_eq!(to_fixed(17.3, 1), "17.3");
        assert_eq!(to_fixed(-5.0, 2), "-5.00");
        assert_eq!(to_fixed(-0.001, 2), "-0.00");
        assert_eq!(to_fixed(0.0, 1), "0.0");
        assert_eq!(to_fixed(133.3, 0), "133");
        assert_eq!(to_fixed(42.5, 0), "43", "worked example 17 of flags.md");
        assert_eq!(format!("{:.0}", 42.5), "42", "why to_fixed exists");
        assert_eq!(to_fixed(42.5 / 20.0, 1), "2.1");
    }
}
