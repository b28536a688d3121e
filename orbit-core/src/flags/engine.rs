//! Baselines (flags.md §5) and the evaluation of one case (§6) as pure functions.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::flags::catalog;
use crate::flags::metrics::{self, CaseFacts, DayValues, Settings};
use crate::flags::rules::{self, Baseline, Threshold};

/// A rule as the engine evaluates it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSpec {
    /// Rule id.
    pub id: String,
    /// Metric id.
    pub metric: String,
    /// Operator, type and values.
    pub threshold: Threshold,
    /// `facility` or `personal`.
    pub comparison_scope: String,
    /// `info`, `warning` or `critical`.
    pub severity: String,
}

/// A threshold flag to store (§6.4e).
#[derive(Debug, Clone, PartialEq)]
pub struct NewFlag {
    /// The rule.
    pub rule_id: String,
    /// round1(x).
    pub metric_value: f64,
    /// round1(T) (`between`: round1(v)).
    pub threshold_value: f64,
    /// The rule's scope.
    pub comparison_scope: String,
    /// The rule's severity.
    pub severity: String,
}

fn is_turnover(metric: &str) -> bool {
    matches!(metric, "turnover_time" | "room_idle_gap")
}

/// The baseline keys a value of `metric` for case `c` joins (§5.2).
fn keys(metric: &str, c: &CaseFacts) -> Vec<String> {
    let mut out = Vec::new();
    let per_procedure = !is_turnover(metric);
    if per_procedure && let Some(p) = &c.procedure_type_id {
        out.push(format!("{metric}:{p}"));
    }
    out.push(metric.to_string());
    if let Some(s) = &c.surgeon_id {
        if per_procedure && let Some(p) = &c.procedure_type_id {
            out.push(format!("{metric}:{s}:{p}"));
        }
        out.push(format!("{metric}:{s}"));
    }
    out
}

/// The baselines of one window: key → statistics of its values (keys with fewer than three values have none).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Baselines {
    by_key: HashMap<String, Baseline>,
}

/// The metrics whose baselines `rules` need: relative rules' metrics (when the metric supports a median),
/// plus total_case_time when an excess_time_cost rule exists.
pub fn baseline_metrics(rules: &[RuleSpec]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |m: &str| {
        if !out.iter().any(|x| x == m) {
            out.push(m.to_string());
        }
    };
    for r in rules {
        let supports = catalog::metric(&r.metric).is_none_or(|m| m.supports_median);
        if supports && rules::needs_baseline(&r.threshold.threshold_type) {
            add(&r.metric);
        }
        if r.metric == "excess_time_cost" {
            add("total_case_time");
        }
    }
    out
}

impl Baselines {
    /// Builds the baselines of `metrics` over the window's eligible cases with their day values (§5.1):
    /// values as in §3 without the template guard, nulls and (pos metrics) values ≤ 0 skipped.
    pub fn build(metrics: &[String], window: &[(&CaseFacts, DayValues)], settings: &Settings) -> Baselines {
        let values: Vec<CaseValues> = window.iter().map(|(c, day)| case_values(metrics, c, *day, settings)).collect();
        Baselines::from_values(values.iter())
    }

    /// [`build`](Baselines::build) from values already computed per case ([`case_values`]): a pass over many
    /// dates computes each case's values and keys once and reuses them in every window.
    pub fn from_values<'a>(window: impl IntoIterator<Item = &'a CaseValues>) -> Baselines {
        let mut values: HashMap<&str, Vec<f64>> = HashMap::new();
        for case in window {
            for (x, keys) in &case.0 {
                for key in keys {
                    values.entry(key.as_str()).or_default().push(*x);
                }
            }
        }
        Baselines { by_key: values.into_iter().filter_map(|(k, v)| Some((k.to_string(), Baseline::of(v)?))).collect() }
    }

    /// The baseline for `c` under `scope` (§5.2): facility `metric:P` → `metric`; personal (only with a
    /// surgeon) `metric:S:P` → `metric:S`, never falling back to the facility.
    pub fn lookup(&self, metric: &str, scope: &str, c: &CaseFacts) -> Option<&Baseline> {
        chain(metric, scope, c).iter().find_map(|k| self.by_key.get(k))
    }
}

/// The fallback chain of keys for `c`'s `metric` under `scope` (§5.2), most specific first.
fn chain(metric: &str, scope: &str, c: &CaseFacts) -> Vec<String> {
    let per_procedure = !is_turnover(metric);
    let procedure = c.procedure_type_id.as_ref().filter(|_| per_procedure);
    match scope {
        "personal" => {
            let Some(s) = c.surgeon_id.as_ref() else { return Vec::new() };
            procedure.map(|p| format!("{metric}:{s}:{p}")).into_iter().chain([format!("{metric}:{s}")]).collect()
        }
        _ => procedure.map(|p| format!("{metric}:{p}")).into_iter().chain([metric.to_string()]).collect(),
    }
}

/// Every key [`evaluate`] may look up for `c` under `rules`.
pub fn lookup_keys(rules: &[RuleSpec], c: &CaseFacts) -> Vec<String> {
    let mut out = chain("total_case_time", "facility", c);
    for r in rules.iter().filter(|r| rules::needs_baseline(&r.threshold.threshold_type)) {
        out.extend(chain(&r.metric, &r.comparison_scope, c));
    }
    out
}

/// A window of baseline values that slides over dates: cases enter and leave it one at a time, and a date's
/// baselines are built only for the keys its cases look up. The result equals [`Baselines::from_values`]
/// over the same cases, for those keys. A window made [`for_keys`](Window::for_keys) keeps only the values
/// of those keys (a pass knows every key its cases will look up), so a case entering costs a lookup per key
/// and no allocation.
#[derive(Debug, Clone, Default)]
pub struct Window {
    /// Each key's values, in no particular order ([`Baseline::of`] sorts them).
    by_key: FxHashMap<String, Vec<f64>>,
    /// Whether only the keys given to [`for_keys`](Window::for_keys) are kept.
    restricted: bool,
}

impl Window {
    /// An empty window that keeps the values of `keys` only.
    pub fn for_keys(keys: impl IntoIterator<Item = String>) -> Window {
        Window { by_key: keys.into_iter().map(|k| (k, Vec::new())).collect(), restricted: true }
    }

    /// A case enters the window.
    pub fn add(&mut self, case: &CaseValues) {
        for (x, keys) in &case.0 {
            for key in keys {
                match self.by_key.get_mut(key) {
                    Some(values) => values.push(*x),
                    None if !self.restricted => {
                        self.by_key.insert(key.clone(), vec![*x]);
                    }
                    None => {}
                }
            }
        }
    }

    /// A case that entered leaves the window.
    pub fn remove(&mut self, case: &CaseValues) {
        for (x, keys) in &case.0 {
            for key in keys {
                if let Some(values) = self.by_key.get_mut(key)
                    && let Some(at) = values.iter().position(|y| y.total_cmp(x).is_eq())
                {
                    values.swap_remove(at);
                }
            }
        }
    }

    /// The baselines of `keys` over the cases now in the window.
    pub fn baselines(&self, keys: impl IntoIterator<Item = String>) -> Baselines {
        let mut by_key = HashMap::new();
        for key in keys {
            if by_key.contains_key(&key) {
                continue;
            }
            if let Some(b) = self.by_key.get(&key).and_then(|v| Baseline::of(v.clone())) {
                by_key.insert(key, b);
            }
        }
        Baselines { by_key }
    }
}

/// A baseline case's values of the baseline metrics, each with the keys it joins (§5.1–5.2).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseValues(Vec<(f64, Vec<String>)>);

/// The values of `metrics` for one baseline case (§5.1: as in §3, without the template guard); nulls and
/// out-of-domain values are left out.
pub fn case_values(metrics: &[String], c: &CaseFacts, day: DayValues, settings: &Settings) -> CaseValues {
    CaseValues(
        metrics.iter().filter_map(|m| metrics::value(m, c, day, settings, None).map(|x| (x, keys(m, c)))).collect(),
    )
}

/// The flags case `c` should carry (§6 steps 3–4): none without patient_in and patient_out; otherwise, per
/// rule in order, the guard, the value, the baseline and the test. The caller checks eligibility.
pub fn evaluate(
    c: &CaseFacts,
    day: DayValues,
    rules: &[RuleSpec],
    baselines: &Baselines,
    settings: &Settings,
) -> Vec<NewFlag> {
    if !(c.milestones.contains_key("patient_in") && c.milestones.contains_key("patient_out")) {
        return Vec::new();
    }
    let excess_median = baselines.lookup("total_case_time", "facility", c).map(|b| b.median);
    let mut out = Vec::new();
    for r in rules {
        if !c.passes_guard(&r.metric, &settings.fcots_milestone) {
            continue;
        }
        let Some(x) = metrics::value(&r.metric, c, day, settings, excess_median) else {
            continue;
        };
        let baseline = if rules::needs_baseline(&r.threshold.threshold_type) {
            match baselines.lookup(&r.metric, &r.comparison_scope, c) {
                Some(b) => Some(b),
                None => continue,
            }
        } else {
            None
        };
        if let Some(hit) = rules::test(&r.threshold, x, baseline) {
            out.push(NewFlag {
                rule_id: r.id.clone(),
                metric_value: rules::round1(x),
                threshold_value: rules::round1(hit.threshold),
                comparison_scope: r.comparison_scope.clone(),
                severity: r.severity.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn settings() -> Settings {
        Settings {
            fcots_milestone: "patient_in".into(),
            turnover_threshold_minutes: 30.0,
            tz: chrono_tz::America::New_York,
        }
    }

    /// A case of `minutes` total time (patient_in at 0).
    fn case(id: &str, surgeon: &str, procedure: &str, minutes: f64) -> CaseFacts {
        CaseFacts {
            id: id.into(),
            case_number: id.into(),
            scheduled_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            surgeon_id: Some(surgeon.into()),
            procedure_type_id: Some(procedure.into()),
            milestones: [("patient_in".to_string(), 0), ("patient_out".to_string(), (minutes * 60_000.0) as i64)]
                .into(),
            ..CaseFacts::default()
        }
    }

    fn rule(id: &str, scope: &str, ty: &str, value: f64) -> RuleSpec {
        RuleSpec {
            id: id.into(),
            metric: "total_case_time".into(),
            threshold: Threshold { operator: "gt".into(), threshold_type: ty.into(), value, value_max: None },
            comparison_scope: scope.into(),
            severity: "warning".into(),
        }
    }

    fn window(cases: &[CaseFacts]) -> Vec<(&CaseFacts, DayValues)> {
        cases.iter().map(|c| (c, DayValues::default())).collect()
    }

    #[test]
    fn worked_example_3_facility_baseline_by_procedure() {
        let cases: Vec<CaseFacts> = [41.0, 44.0, 45.0, 47.0, 52.0]
            .iter()
            .enumerate()
            .map(|(i, m)| case(&format!("c{i}"), &format!("s{i}"), "P", *m))
            .collect();
        let rules = [rule("A", "facility", "median_plus_sd", 1.0)];
        let b = Baselines::build(&baseline_metrics(&rules), &window(&cases), &settings());
        let flags = evaluate(&cases[4], DayValues::default(), &rules, &b, &settings());
        assert_eq!(flags.len(), 1);
        assert_eq!((flags[0].metric_value, flags[0].threshold_value), (52.0, 49.0));
        assert!(evaluate(&cases[3], DayValues::default(), &rules, &b, &settings()).is_empty(), "47 ≤ 49");
        let late = case("x", "s9", "P", 52.25);
        assert_eq!(evaluate(&late, DayValues::default(), &rules, &b, &settings())[0].metric_value, 52.3);
    }

    #[test]
    fn worked_example_4_personal_rules_never_fall_back_to_the_facility() {
        let mut cases: Vec<CaseFacts> = (0..5).map(|i| case(&format!("o{i}"), "other", "P", 40.0)).collect();
        cases.push(case("s1", "S", "P", 90.0));
        cases.push(case("s2", "S", "Q", 95.0));
        let rules =
            [rule("personal", "personal", "median_plus_sd", 1.0), rule("facility", "facility", "median_plus_sd", 1.0)];
        let b = Baselines::build(&baseline_metrics(&rules), &window(&cases), &settings());
        let flags = evaluate(&cases[5], DayValues::default(), &rules, &b, &settings());
        let ids: Vec<&str> = flags.iter().map(|f| f.rule_id.as_str()).collect();
        assert_eq!(ids, ["facility"], "S has 2 values overall: no personal baseline");
        let mut without_surgeon = cases[5].clone();
        without_surgeon.surgeon_id = None;
        assert!(b.lookup("total_case_time", "personal", &without_surgeon).is_none());
    }

    #[test]
    fn cases_without_patient_in_and_out_get_no_flags_and_absolute_rules_need_no_baseline() {
        let rules = [rule("abs", "facility", "absolute", 30.0)];
        let c = case("c", "S", "P", 45.0);
        let flags = evaluate(&c, DayValues::default(), &rules, &Baselines::default(), &settings());
        assert_eq!((flags[0].metric_value, flags[0].threshold_value), (45.0, 30.0));
        let mut open = c.clone();
        open.milestones.remove("patient_out");
        assert!(evaluate(&open, DayValues::default(), &rules, &Baselines::default(), &settings()).is_empty());
    }

    #[test]
    fn turnover_baselines_are_keyed_by_surgeon_only() {
        let c = case("c", "S", "P", 45.0);
        assert_eq!(keys("turnover_time", &c), ["turnover_time", "turnover_time:S"]);
        assert_eq!(
            keys("total_case_time", &c),
            ["total_case_time:P", "total_case_time", "total_case_time:S:P", "total_case_time:S"]
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn cases() -> impl Strategy<Value = Vec<CaseFacts>> {
            proptest::collection::vec((0usize..2, 0usize..2, 5.0f64..200.0), 3..30).prop_map(|v| {
                v.into_iter()
                    .enumerate()
                    .map(|(i, (s, p, m))| case(&format!("c{i:02}"), ["S", "T"][s], ["P", "Q"][p], m))
                    .collect()
            })
        }

        fn flagged(cases: &[CaseFacts], rules: &[RuleSpec]) -> Vec<(String, String)> {
            let b = Baselines::build(&baseline_metrics(rules), &window(cases), &settings());
            let mut out: Vec<(String, String)> = cases
                .iter()
                .flat_map(|c| {
                    evaluate(c, DayValues::default(), rules, &b, &settings())
                        .into_iter()
                        .map(|f| (c.id.clone(), f.rule_id))
                })
                .collect();
            out.sort();
            out
        }

        const TYPES: [&str; 5] =
            ["absolute", "median_plus_sd", "median_plus_offset", "percentage_of_median", "percentile"];

        proptest! {
            #[test]
            fn raising_a_greater_than_threshold_never_adds_flags(
                cases in cases(), ty in 0usize..5, scope in 0usize..2, v in 0.0f64..100.0, raise in 0.0f64..50.0,
            ) {
                let scope = ["facility", "personal"][scope];
                let low = [rule("r", scope, TYPES[ty], v)];
                let high = [rule("r", scope, TYPES[ty], (v + raise).min(100.0))];
                let (a, b) = (flagged(&cases, &low), flagged(&cases, &high));
                prop_assert!(b.iter().all(|f| a.contains(f)), "raised {:?} ⊄ {:?}", b, a);
            }

            #[test]
            fn a_sliding_window_gives_the_baselines_of_its_cases(
                cases in cases(), leave in proptest::collection::vec(any::<bool>(), 30), ty in 0usize..5,
            ) {
                // Every case enters; the flagged ones leave again: the window must equal a fresh build over the rest.
                let rules = [rule("f", "facility", TYPES[ty], 10.0), rule("p", "personal", TYPES[ty], 10.0)];
                let metrics = baseline_metrics(&rules);
                let values: Vec<CaseValues> =
                    cases.iter().map(|c| case_values(&metrics, c, DayValues::default(), &settings())).collect();
                // Both kinds of window: every key, and only the keys the cases look up.
                let keys = || cases.iter().flat_map(|c| lookup_keys(&rules, c));
                for mut w in [Window::default(), Window::for_keys(keys())] {
                    values.iter().for_each(|v| w.add(v));
                    let stay: Vec<usize> = (0..cases.len()).filter(|&i| !leave[i]).collect();
                    (0..cases.len()).filter(|&i| leave[i]).for_each(|i| w.remove(&values[i]));
                    let fresh = Baselines::from_values(stay.iter().map(|&i| &values[i]));
                    let slid = w.baselines(keys());
                    for c in &cases {
                        for scope in ["facility", "personal"] {
                            prop_assert_eq!(
                                fresh.lookup("total_case_time", scope, c), slid.lookup("total_case_time", scope, c)
                            );
                        }
                    }
                }
            }

            #[test]
            fn results_do_not_depend_on_case_order(cases in cases(), ty in 0usize..5, v in 0.0f64..100.0, seed in any::<u64>()) {
                let rules = [rule("f", "facility", TYPES[ty], v), rule("p", "personal", TYPES[ty], v)];
                let mut shuffled = cases.clone();
                // A deterministic shuffle from the seed.
                let mut state = seed | 1;
                for i in (1..shuffled.len()).rev() {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    shuffled.swap(i, (state % (i as u64 + 1)) as usize);
                }
                prop_assert_eq!(flagged(&cases, &rules), flagged(&shuffled, &rules));
            }
        }
    }
}
