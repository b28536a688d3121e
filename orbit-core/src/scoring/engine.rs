//! The facility's scorecards for a period (scoring.md §4, §4.6, §5): scored cases in, every qualifying
//! surgeon's scorecard (with the previous period's trend) and the insufficient surgeons out. Pure: no
//! `Connection`, and the result does not depend on the order of the input rows.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono_tz::Tz;

use crate::error::{Error, ErrorKind, Result};
use crate::scoring::model::{
    Diagnostics, InsufficientSurgeon, OrbitScores, Period, Pillars, ProcedureCount, ScoreCase, ScoreSettings,
    Scorecard, Trend,
};
use crate::scoring::rules::{self, PeerCohorts};

/// `Dr. ` + last name.
pub fn surgeon_name(last_name: &str) -> String {
    format!("Dr. {last_name}")
}

/// Scores `cases` of one period, already filtered to it and in the §1.1 order. Trends are left `stable`
/// without a previous composite; scorecards and insufficient surgeons come back sorted.
fn score_period(settings: &ScoreSettings, tz: Tz, cases: &[&ScoreCase], diagnostics: bool) -> OrbitScores {
    let min_procedure_cases = usize::try_from(settings.min_procedure_cases).unwrap_or(usize::MAX);
    let min_cases = usize::try_from(settings.min_case_threshold).unwrap_or(usize::MAX);
    let peers = PeerCohorts::build(cases.iter().copied(), min_procedure_cases);
    let mut scorecards = Vec::new();
    let mut insufficient = Vec::new();
    for (surgeon_id, own) in rules::group_by(cases.iter().copied(), |c: &ScoreCase| Some(c.surgeon_id.as_str())) {
        let first = own[0];
        if own.len() < min_cases {
            insufficient.push((
                first,
                InsufficientSurgeon {
                    surgeon_id: surgeon_id.to_string(),
                    surgeon_name: surgeon_name(&first.surgeon_last_name),
                    case_count: own.len() as i64,
                },
            ));
            continue;
        }
        let profitability = rules::profitability(&own, &peers, min_procedure_cases);
        let consistency = rules::consistency(&own, &peers, min_procedure_cases);
        let sched_adherence = rules::sched_adherence(&own, settings, tz);
        let availability = rules::availability(&own, settings);
        let pillars = Pillars {
            profitability: profitability.final_score,
            consistency: consistency.final_score,
            sched_adherence: sched_adherence.final_score,
            availability: availability.final_score,
        };
        let composite = rules::composite(&pillars);
        let procedure_breakdown = procedure_breakdown(&own);
        scorecards.push(Scorecard {
            surgeon_id: surgeon_id.to_string(),
            surgeon_name: surgeon_name(&first.surgeon_last_name),
            first_name: first.surgeon_first_name.clone(),
            last_name: first.surgeon_last_name.clone(),
            case_count: own.len() as i64,
            procedures: procedure_breakdown.iter().map(|p| p.name.clone()).collect(),
            procedure_breakdown,
            flip_room: flip_room(&own),
            pillars,
            composite,
            grade: rules::grade(composite),
            trend: Trend::Stable,
            previous_composite: None,
            diagnostics: diagnostics.then_some(Diagnostics {
                profitability,
                consistency,
                sched_adherence,
                availability,
            }),
        });
    }
    scorecards.sort_by(|a, b| {
        b.composite
            .cmp(&a.composite)
            .then_with(|| a.last_name.cmp(&b.last_name))
            .then_with(|| a.first_name.cmp(&b.first_name))
            .then_with(|| a.surgeon_id.cmp(&b.surgeon_id))
    });
    insufficient.sort_by(|(fa, a), (fb, b)| {
        b.case_count
            .cmp(&a.case_count)
            .then_with(|| fa.surgeon_last_name.cmp(&fb.surgeon_last_name))
            .then_with(|| fa.surgeon_first_name.cmp(&fb.surgeon_first_name))
            .then_with(|| a.surgeon_id.cmp(&b.surgeon_id))
    });
    OrbitScores { scorecards, insufficient: insufficient.into_iter().map(|(_, s)| s).collect() }
}

/// Cases per procedure name: count desc, ties in first-appearance order.
fn procedure_breakdown(cases: &[&ScoreCase]) -> Vec<ProcedureCount> {
    let mut out: Vec<ProcedureCount> =
        rules::group_by(cases.iter().copied(), |c: &ScoreCase| Some(rules::procedure_name(c)))
            .into_iter()
            .map(|(name, group)| ProcedureCount { name: name.to_string(), count: group.len() as i64 })
            .collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.count));
    out
}

/// Whether on some scheduled date the cases used more than one distinct room (NULL counts as a room).
fn flip_room(cases: &[&ScoreCase]) -> bool {
    let mut rooms: HashMap<chrono::NaiveDate, HashSet<Option<&str>>> = HashMap::default();
    for c in cases {
        rooms.entry(c.scheduled_date).or_default().insert(c.or_room_id.as_deref());
    }
    rooms.values().any(|r| r.len() > 1)
}

/// The cases of `period`, in the §1.1 order.
fn cases_in(cases: &[ScoreCase], period: Period) -> Vec<&ScoreCase> {
    let mut out: Vec<&ScoreCase> = cases.iter().filter(|c| period.contains(c.scheduled_date)).collect();
    out.sort_by(|a, b| rules::case_order(a, b));
    out
}

/// `compute_orbit_scores` without I/O (§4–5): scores the facility's surgeons over `period` and compares each
/// composite with the previous period of the same length (§1.4), scored independently from its own cases.
///
/// `cases` are the facility's scored cases (§1.1 filter applied by the loader) of at least
/// [`Period::with_previous`]; cases dated outside both periods are ignored, and the input order does not
/// matter. `tz` is the facility's time zone. Diagnostics are attached when `diagnostics` is set.
/// `InvalidInput` for settings out of range or a period ending before it starts.
pub fn score_facility(
    settings: &ScoreSettings,
    tz: Tz,
    cases: &[ScoreCase],
    period: Period,
    diagnostics: bool,
) -> Result<OrbitScores> {
    settings.validate()?;
    period.validate()?;
    let previous = score_period(settings, tz, &cases_in(cases, period.previous()), false);
    let previous: HashMap<&str, i64> =
        previous.scorecards.iter().map(|s| (s.surgeon_id.as_str(), s.composite)).collect();
    let mut scores = score_period(settings, tz, &cases_in(cases, period), diagnostics);
    for card in &mut scores.scorecards {
        card.previous_composite = previous.get(card.surgeon_id.as_str()).copied();
        card.trend = rules::trend(card.composite, card.previous_composite);
    }
    Ok(scores)
}

/// `compute_surgeon_scorecard` without I/O: the surgeon's card from a facility's scores, or
/// `InsufficientCases` naming the surgeon's scored-case count (0 when none) and the required threshold.
pub fn surgeon_scorecard(scores: &OrbitScores, surgeon_id: &str, settings: &ScoreSettings) -> Result<Scorecard> {
    if let Some(card) = scores.scorecards.iter().find(|s| s.surgeon_id == surgeon_id) {
        return Ok(card.clone());
    }
    let case_count = scores.insufficient.iter().find(|s| s.surgeon_id == surgeon_id).map_or(0, |s| s.case_count);
    Err(Error::new(
        ErrorKind::InsufficientCases,
        format!(
            "surgeon_id: {case_count} scored cases in the period; a scorecard needs at least {} (min_case_threshold)",
            settings.min_case_threshold
        ),
    ))
}

/// Builders and named fixtures for the scoring tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use chrono::{NaiveDate, NaiveTime};
    use chrono_tz::Tz;

    use crate::clock::Millis;
    use crate::scoring::model::{Period, ScoreCase, ScoreSettings};

    /// The facility zone of the worked examples.
    pub(crate) const TZ: Tz = chrono_tz::America::New_York;

    /// 2026-03-`d`.
    pub(crate) fn march(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    /// The instant of a local wall-clock time `HH:MM:SS` in [`TZ`].
    pub(crate) fn local(date: NaiveDate, hms: &str) -> Millis {
        crate::values::local_instant(date, NaiveTime::parse_from_str(hms, "%H:%M:%S").unwrap(), TZ)
    }

    /// A fluent builder of a scored case of surgeon `s` (first name `{s}-first`, last name `{s}-last`).
    #[derive(Debug, Clone)]
    pub(crate) struct CaseBuilder(ScoreCase);

    impl CaseBuilder {
        pub(crate) fn new(id: &str, surgeon: &str, date: NaiveDate) -> Self {
            CaseBuilder(ScoreCase {
                id: id.into(),
                case_number: id.into(),
                surgeon_id: surgeon.into(),
                surgeon_first_name: format!("{surgeon}-first"),
                surgeon_last_name: format!("{surgeon}-last"),
                scheduled_date: date,
                ..Default::default()
            })
        }
        pub(crate) fn procedure(mut self, id: &str, name: &str) -> Self {
            self.0.procedure_type_id = Some(id.into());
            self.0.procedure_name = Some(name.into());
            self
        }
        pub(crate) fn room(mut self, room: Option<&str>) -> Self {
            self.0.or_room_id = room.map(Into::into);
            self
        }
        pub(crate) fn start(mut self, hhmm: &str) -> Self {
            self.0.start_time = Some(hhmm.into());
            self
        }
        /// patient_in at a local time on the scheduled date.
        pub(crate) fn patient_in(mut self, hms: &str) -> Self {
            self.0.patient_in = Some(local(self.0.scheduled_date, hms));
            self
        }
        /// patient_out `minutes` after patient_in.
        pub(crate) fn duration(mut self, minutes: i64) -> Self {
            self.0.patient_out = Some(self.0.patient_in.expect("patient_in first") + minutes * 60_000);
            self
        }
        /// Incision 10 minutes after patient_in, prep `minutes` before it (negative: incision before prep).
        pub(crate) fn gap(mut self, minutes: i64) -> Self {
            let incision = self.0.patient_in.expect("patient_in first") + 10 * 60_000;
            self.0.incision = Some(incision);
            self.0.prep_drape_complete = Some(incision - minutes * 60_000);
            self
        }
        pub(crate) fn profit(mut self, dollars: f64) -> Self {
            self.0.profit = Some(dollars);
            self
        }
        pub(crate) fn delays(mut self, n: u32) -> Self {
            self.0.delay_flag_count = n;
            self
        }
        pub(crate) fn build(self) -> ScoreCase {
            self.0
        }
    }

    /// The settings of worked example 3: threshold 4, 2 values per procedure, the rest default.
    pub(crate) fn example_settings() -> ScoreSettings {
        ScoreSettings { min_case_threshold: 4, min_procedure_cases: 2, ..ScoreSettings::default() }
    }

    /// The period of worked example 3.
    pub(crate) fn example_period() -> Period {
        Period::new(march(2), march(6)).unwrap()
    }

    /// Worked example 3: surgeons A and B scored, C insufficient but a Hip peer.
    pub(crate) fn three_surgeon_facility() -> Vec<ScoreCase> {
        let knee = |b: CaseBuilder| b.procedure("P", "Knee");
        let hip = |b: CaseBuilder| b.procedure("Q", "Hip");
        let a = |id, d| CaseBuilder::new(id, "A", march(d)).room(Some("OR1"));
        let b = |id, d| CaseBuilder::new(id, "B", march(d)).room(Some("OR2"));
        let c = |id, d| CaseBuilder::new(id, "C", march(d)).room(Some("OR3"));
        vec![
            knee(a("A1", 2)).start("07:30").patient_in("07:30:40").duration(60).profit(1200.0).gap(2).build(),
            knee(a("A2", 3)).start("07:30").patient_in("07:40:59").duration(70).profit(1400.0).gap(5).build(),
            knee(a("A3", 4))
                .start("09:00")
                .patient_in("09:20:00")
                .duration(80)
                .profit(1600.0)
                .gap(13)
                .delays(1)
                .build(),
            hip(a("A4", 5)).start("07:30").patient_in("07:25:00").duration(100).profit(3000.0).gap(4).build(),
            hip(a("A5", 6)).start("12:00").patient_in("12:04:00").duration(120).profit(3000.0).build(),
            knee(b("B1", 2)).start("07:30").patient_in("07:32:00").duration(90).profit(900.0).gap(6).build(),
            knee(b("B2", 3)).start("08:00").patient_in("08:30:00").duration(90).profit(900.0).gap(3).delays(2).build(),
            knee(b("B3", 4)).start("10:00").patient_in("10:13:00").duration(120).profit(1200.0).gap(-1).build(),
            hip(b("B4", 5)).start("13:00").patient_in("13:08:00").duration(110).profit(2200.0).build(),
            hip(c("C1", 5)).patient_in("08:00:00").duration(100).profit(2700.0).build(),
            hip(c("C2", 6)).patient_in("08:00:00").duration(100).profit(2700.0).build(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::scoring::model::{ConsistencyCohort, ProfitabilityCohort, StartTimeMilestone};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn score(settings: &ScoreSettings, cases: &[ScoreCase], period: Period) -> OrbitScores {
        score_facility(settings, TZ, cases, period, true).unwrap()
    }

    fn card<'a>(scores: &'a OrbitScores, surgeon: &str) -> &'a Scorecard {
        scores.scorecards.iter().find(|s| s.surgeon_id == surgeon).expect("scorecard")
    }

    fn pillars(p: i64, c: i64, s: i64, a: i64) -> Pillars {
        Pillars { profitability: p, consistency: c, sched_adherence: s, availability: a }
    }

    fn profit_cohort(
        id: &str,
        name: &str,
        values: (f64, f64, f64, f64),
        counts: (i64, i64, i64),
        raw_score: i64,
    ) -> ProfitabilityCohort {
        ProfitabilityCohort {
            procedure_id: id.into(),
            procedure_name: name.into(),
            surgeon_median_mpm: values.0,
            cohort_median: values.1,
            cohort_mad: values.2,
            effective_mad: values.3,
            cohort_size: counts.0,
            valid_cases: counts.1,
            total_cases: counts.2,
            raw_score,
            skipped_reason: None,
        }
    }

    /// The full output for the canonical fixture (worked example 3, with diagnostics), pinned as a snapshot.
    #[test]
    fn snapshot_of_the_three_surgeon_facility() {
        let scores = score(&example_settings(), &three_surgeon_facility(), example_period());
        insta::assert_snapshot!("three_surgeon_facility", serde_json::to_string_pretty(&scores).unwrap());
    }

    #[test]
    fn worked_example_3_three_surgeon_facility() {
        let scores = score(&example_settings(), &three_surgeon_facility(), example_period());
        let ids: Vec<&str> = scores.scorecards.iter().map(|s| s.surgeon_id.as_str()).collect();
        assert_eq!(ids, ["A", "B"], "by composite desc");
        assert_eq!(
            scores.insufficient,
            [InsufficientSurgeon { surgeon_id: "C".into(), surgeon_name: "Dr. C-last".into(), case_count: 2 }]
        );

        let a = card(&scores, "A");
        assert_eq!(a.pillars, pillars(61, 53, 75, 64));
        assert_eq!(a.composite, 63);
        assert_eq!((a.grade.letter.as_str(), a.grade.label.as_str()), ("C", "Developing"));
        assert_eq!((a.trend, a.previous_composite), (Trend::Stable, None), "no previous-period cases");
        assert_eq!((a.surgeon_name.as_str(), a.first_name.as_str(), a.case_count), ("Dr. A-last", "A-first", 5));
        assert_eq!(
            a.procedure_breakdown,
            [ProcedureCount { name: "Knee".into(), count: 3 }, ProcedureCount { name: "Hip".into(), count: 2 }]
        );
        assert_eq!(a.procedures, ["Knee", "Hip"]);
        assert!(!a.flip_room);

        let b = card(&scores, "B");
        assert_eq!(b.pillars, pillars(33, 33, 56, 30));
        assert_eq!(b.composite, 38);
        assert_eq!(b.grade.letter, "D");

        // Diagnostics of A.
        let d = a.diagnostics.as_ref().unwrap();
        assert_eq!(
            d.profitability.procedure_cohorts,
            [
                profit_cohort("P", "Knee", (20.0, 15.0, 5.0, 5.0), (2, 3, 3), 67),
                profit_cohort("Q", "Hip", (27.5, 27.25, 0.25, 1.36), (2, 2, 2), 53),
            ]
        );
        assert_eq!(
            (d.profitability.final_score, d.profitability.method.as_str()),
            (61, "volume-weighted across 2 cohorts")
        );
        let cv_of = |c: &ConsistencyCohort| {
            (c.surgeon_cv, c.cohort_median, c.cohort_mad, c.effective_mad, c.cohort_size, c.valid_cases, c.raw_score)
        };
        let cvs: Vec<_> = d.consistency.procedure_cohorts.iter().map(cv_of).collect();
        assert_eq!(cvs, [(0.143, 0.158, 0.015, 0.015, 2, 3, 67), (0.129, 0.064, 0.064, 0.064, 2, 2, 33)]);
        assert_eq!(d.consistency.final_score, 53);
        let s = &d.sched_adherence;
        assert_eq!(
            (s.total_cases_scored, s.avg_case_score, s.cases_within_grace, s.cases_at_zero, s.final_score),
            (5, 0.75, 2, 0, 75)
        );
        let v = &d.availability;
        assert_eq!(
            (
                v.gap_cases_scored,
                v.avg_gap_score,
                v.delay_rate,
                v.gap_pillar_score,
                v.delay_pillar_score,
                v.final_score
            ),
            (4, 0.675, 20.0, 68, 60, 64)
        );

        // Diagnostics of B.
        let d = b.diagnostics.as_ref().unwrap();
        let mut skipped = profit_cohort("Q", "Hip", (0.0, 0.0, 0.0, 0.0), (0, 1, 1), 0);
        skipped.skipped_reason =
            Some("Only 1 valid cases (need 2). 1 total, 1 with financials, 1 with duration.".into());
        assert_eq!(
            d.profitability.procedure_cohorts,
            [profit_cohort("P", "Knee", (10.0, 15.0, 5.0, 5.0), (2, 3, 3), 33), skipped]
        );
        assert_eq!(d.profitability.method, "single cohort");
        assert_eq!(
            d.consistency.procedure_cohorts[1].skipped_reason.as_deref(),
            Some("Only 1 valid durations (need 2)")
        );
        let s = &d.sched_adherence;
        assert_eq!(
            (s.total_cases_scored, s.avg_case_score, s.cases_within_grace, s.cases_at_zero, s.final_score),
            (4, 0.563, 1, 1, 56)
        );
        let v = &d.availability;
        assert_eq!(
            (
                v.gap_cases_scored,
                v.avg_gap_score,
                v.delay_rate,
                v.gap_pillar_score,
                v.delay_pillar_score,
                v.final_score
            ),
            (2, 0.85, 50.0, 50, 10, 30)
        );
    }

    #[test]
    fn worked_example_3_ignores_input_order_and_drops_diagnostics_on_request() {
        let cases = three_surgeon_facility();
        let forward = score(&example_settings(), &cases, example_period());
        let mut reversed = cases.clone();
        reversed.reverse();
        assert_eq!(score(&example_settings(), &reversed, example_period()), forward);
        let plain = score_facility(&example_settings(), TZ, &cases, example_period(), false).unwrap();
        assert!(plain.scorecards.iter().all(|s| s.diagnostics.is_none()));
        assert_eq!(plain.scorecards[0].pillars, forward.scorecards[0].pillars);
    }

    #[test]
    fn worked_example_8_periods() {
        let p =
            Period::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap())
                .unwrap();
        let prev = p.previous();
        assert_eq!((prev.start.to_string(), prev.end.to_string()), ("2025-10-03".into(), "2025-12-31".into()));
        assert_eq!(p.with_previous(), Period { start: prev.start, end: p.end });
        let d = Period::default_ending(march(15));
        assert_eq!((d.start.to_string(), d.end.to_string()), ("2025-12-15".into(), "2026-03-15".into()));
        assert_eq!(
            example_period().previous(),
            Period { start: NaiveDate::from_ymd_opt(2026, 2, 25).unwrap(), end: march(1) }
        );
        let err = Period::new(march(2), march(1)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        let err = score_facility(&example_settings(), TZ, &[], Period { start: march(2), end: march(1) }, false);
        assert_eq!(err.unwrap_err().kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn settings_out_of_range_are_refused() {
        let bad = [
            ScoreSettings { start_time_grace_minutes: 16, ..Default::default() },
            ScoreSettings { start_time_grace_minutes: -1, ..Default::default() },
            ScoreSettings { start_time_floor_minutes: 4, ..Default::default() },
            ScoreSettings { waiting_on_surgeon_minutes: 16, ..Default::default() },
            ScoreSettings { waiting_on_surgeon_floor_minutes: 31, ..Default::default() },
            ScoreSettings { min_procedure_cases: 0, ..Default::default() },
            ScoreSettings { min_case_threshold: 101, ..Default::default() },
        ];
        for s in bad {
            assert_eq!(s.validate().unwrap_err().kind(), ErrorKind::InvalidInput, "{s:?}");
            assert_eq!(
                score_facility(&s, TZ, &[], example_period(), false).unwrap_err().kind(),
                ErrorKind::InvalidInput
            );
        }
        assert!(ScoreSettings::default().validate().is_ok());
        let edges = ScoreSettings {
            start_time_milestone: "incision".parse().unwrap(),
            start_time_grace_minutes: 0,
            start_time_floor_minutes: 60,
            waiting_on_surgeon_minutes: 15,
            waiting_on_surgeon_floor_minutes: 3,
            min_procedure_cases: 10,
            min_case_threshold: 1,
        };
        assert!(edges.validate().is_ok());
        assert_eq!(
            "surgeon_in".parse::<crate::scoring::StartTimeMilestone>().unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
        assert_eq!(ScoreSettings::default().start_time_milestone.as_str(), "patient_in");
    }

    /// `n` Knee cases of `surgeon` on consecutive days from March 2, with the given durations and profits.
    fn knee_cases(surgeon: &str, durations: &[i64], profit: f64) -> Vec<ScoreCase> {
        durations
            .iter()
            .enumerate()
            .map(|(i, d)| {
                CaseBuilder::new(&format!("{surgeon}{i}"), surgeon, march(2 + i as u32))
                    .procedure("P", "Knee")
                    .start("07:30")
                    .patient_in("07:30:00")
                    .duration(*d)
                    .profit(profit)
                    .build()
            })
            .collect()
    }

    fn settings(min_case_threshold: i64, min_procedure_cases: i64) -> ScoreSettings {
        ScoreSettings { min_case_threshold, min_procedure_cases, ..ScoreSettings::default() }
    }

    #[test]
    fn solo_surgeon_scores_50_on_relative_pillars() {
        let cases = knee_cases("S", &[60, 90, 75], 3000.0);
        let scores = score(&settings(3, 3), &cases, example_period());
        let s = &scores.scorecards[0];
        assert_eq!((s.pillars.profitability, s.pillars.consistency), (50, 50));
        assert_eq!(s.pillars.sched_adherence, 100);
        let d = s.diagnostics.as_ref().unwrap();
        assert_eq!(d.profitability.procedure_cohorts[0].cohort_size, 1);
        assert_eq!(d.profitability.procedure_cohorts[0].raw_score, 50);
    }

    #[test]
    fn two_surgeons_score_67_and_33_unless_a_floor_applies() {
        let mut cases = knee_cases("A", &[60, 60, 60], 1200.0);
        cases.extend(knee_cases("B", &[60, 60, 60], 600.0));
        let scores = score(&settings(3, 3), &cases, example_period());
        assert_eq!((card(&scores, "A").pillars.profitability, card(&scores, "B").pillars.profitability), (67, 33));
        // MPM 101 vs 100: the 5 % floor dominates → 52 / 48.
        let mut cases = knee_cases("A", &[60, 60, 60], 6060.0);
        cases.extend(knee_cases("B", &[60, 60, 60], 6000.0));
        let scores = score(&settings(3, 3), &cases, example_period());
        assert_eq!((card(&scores, "A").pillars.profitability, card(&scores, "B").pillars.profitability), (52, 48));
        // Identical durations everywhere: every CV 0 → effective MAD 0.01 → 50.
        assert_eq!((card(&scores, "A").pillars.consistency, card(&scores, "B").pillars.consistency), (50, 50));
    }

    #[test]
    fn zero_mad_floors() {
        // Profit 0 is a value: MPMs 0, 0, 500/min → range interpolation 10, 10, 100.
        let mut cases = knee_cases("A", &[60, 60], 0.0);
        cases.extend(knee_cases("B", &[60, 60], 0.0));
        cases.extend(knee_cases("C", &[60, 60], 30_000.0));
        let scores = score(&settings(2, 2), &cases, example_period());
        let p: Vec<i64> = ["A", "B", "C"].iter().map(|s| card(&scores, s).pillars.profitability).collect();
        assert_eq!(p, [10, 10, 100]);
        // All MPMs 0 → 50.
        let mut cases = knee_cases("A", &[60, 60], 0.0);
        cases.extend(knee_cases("B", &[60, 60], 0.0));
        let scores = score(&settings(2, 2), &cases, example_period());
        assert_eq!(card(&scores, "A").pillars.profitability, 50);
        // Identical non-zero MPMs: eff = 5 % of the median → 50.
        let mut cases = knee_cases("A", &[60, 60], 600.0);
        cases.extend(knee_cases("B", &[60, 60], 600.0));
        let scores = score(&settings(2, 2), &cases, example_period());
        assert_eq!(card(&scores, "B").pillars.profitability, 50);
        let d = card(&scores, "B").diagnostics.clone().unwrap();
        assert_eq!(
            (d.profitability.procedure_cohorts[0].cohort_mad, d.profitability.procedure_cohorts[0].effective_mad),
            (0.0, 0.5)
        );
    }

    #[test]
    fn no_cohort_meets_min_procedure_cases() {
        let cases = knee_cases("A", &[60, 70, 80], 1000.0);
        let scores = score(&settings(3, 4), &cases, example_period());
        let a = card(&scores, "A");
        assert_eq!((a.pillars.profitability, a.pillars.consistency), (50, 50));
        let d = a.diagnostics.as_ref().unwrap();
        assert_eq!(d.profitability.method, "default (no valid procedure cohorts)");
        assert_eq!(d.consistency.method, "default (no valid procedure cohorts)");
        assert_eq!(
            d.profitability.procedure_cohorts[0].skipped_reason.as_deref(),
            Some("Only 3 valid cases (need 4). 3 total, 3 with financials, 3 with duration.")
        );
    }

    #[test]
    fn min_procedure_cases_1_and_a_single_case_gives_cv_0() {
        let mut cases = knee_cases("A", &[60], 1000.0);
        cases.extend(knee_cases("B", &[60, 90], 1000.0));
        let scores = score(&settings(1, 1), &cases, example_period());
        let d = card(&scores, "A").diagnostics.clone().unwrap();
        assert_eq!(d.consistency.procedure_cohorts[0].surgeon_cv, 0.0);
        // Peers [0, 0.28284]: A is the best (lowest CV) → above 50.
        assert!(card(&scores, "A").pillars.consistency > 50);
    }

    #[test]
    fn missing_durations_profits_and_starts() {
        let d = march(2);
        let cases = vec![
            // No patient_out: no duration, so no MPM and no CV value; still a case with a delay flag.
            CaseBuilder::new("A1", "A", d)
                .procedure("P", "Knee")
                .start("07:30")
                .patient_in("07:30:00")
                .profit(100.0)
                .delays(1)
                .build(),
            // patient_out before patient_in.
            CaseBuilder::new("A2", "A", d)
                .procedure("P", "Knee")
                .start("09:00")
                .patient_in("09:00:00")
                .duration(-5)
                .profit(100.0)
                .build(),
            // No stats row: dropped from Profitability only.
            CaseBuilder::new("A3", "A", d)
                .procedure("P", "Knee")
                .start("10:00")
                .patient_in("10:00:00")
                .duration(60)
                .build(),
            // Negative profit: negative MPM.
            CaseBuilder::new("A4", "A", d)
                .procedure("P", "Knee")
                .start("11:00")
                .patient_in("11:00:00")
                .duration(60)
                .profit(-600.0)
                .build(),
            // No start_time: not scored for adherence.
            CaseBuilder::new("A5", "A", d)
                .procedure("P", "Knee")
                .patient_in("12:00:00")
                .duration(60)
                .profit(0.0)
                .build(),
        ];
        let scores = score(&settings(5, 2), &cases, example_period());
        let a = card(&scores, "A");
        assert_eq!(a.case_count, 5);
        let d = a.diagnostics.as_ref().unwrap();
        let p = &d.profitability.procedure_cohorts[0];
        assert_eq!((p.valid_cases, p.total_cases, p.surgeon_median_mpm), (2, 5, -5.0), "median(−10, 0)");
        assert_eq!(d.consistency.procedure_cohorts[0].valid_cases, 3);
        assert_eq!(d.sched_adherence.total_cases_scored, 4);
        assert_eq!(d.availability.delay_rate, 20.0, "1 flag over all 5 cases");
        assert_eq!(d.availability.gap_cases_scored, 0);
        assert_eq!(d.availability.gap_pillar_score, 50);
        // No actual start anywhere → adherence 50.
        let cases = vec![CaseBuilder::new("X", "X", march(2)).start("07:30").build()];
        let scores = score(&settings(1, 1), &cases, example_period());
        assert_eq!(scores.scorecards[0].pillars.sched_adherence, 50);
        let settings_incision = ScoreSettings { start_time_milestone: StartTimeMilestone::Incision, ..settings(1, 1) };
        let cases = vec![CaseBuilder::new("X", "X", march(2)).start("07:30").patient_in("07:00:00").gap(3).build()];
        let s = score_facility(&settings_incision, TZ, &cases, example_period(), true).unwrap();
        // Incision at 07:10 against 07:30: early → 100.
        assert_eq!(s.scorecards[0].pillars.sched_adherence, 100);
    }

    #[test]
    fn cases_without_procedure_count_but_join_no_cohort() {
        let mut cases = knee_cases("A", &[60, 70], 1000.0);
        cases.push(
            CaseBuilder::new("A9", "A", march(4)).patient_in("07:30:00").duration(500).profit(1.0).delays(1).build(),
        );
        let scores = score(&settings(3, 2), &cases, example_period());
        let a = card(&scores, "A");
        assert_eq!(a.case_count, 3);
        assert_eq!(
            a.procedure_breakdown,
            [ProcedureCount { name: "Knee".into(), count: 2 }, ProcedureCount { name: "Unknown".into(), count: 1 }]
        );
        let d = a.diagnostics.as_ref().unwrap();
        assert_eq!(d.profitability.procedure_cohorts.len(), 1);
        assert_eq!(d.consistency.procedure_cohorts[0].valid_cases, 2);
        assert_eq!(d.availability.delay_rate, 33.3);
    }

    #[test]
    fn flip_room_and_breakdown_order() {
        let d = march(2);
        let cases = vec![
            CaseBuilder::new("1", "A", d).procedure("H", "Hip").room(Some("OR1")).build(),
            CaseBuilder::new("2", "A", d).procedure("K", "Knee").room(None).build(),
            CaseBuilder::new("3", "A", march(3)).procedure("K", "Knee").room(Some("OR1")).build(),
            CaseBuilder::new("4", "A", march(3)).procedure("H", "Hip").room(Some("OR1")).build(),
            CaseBuilder::new("5", "A", march(4)).procedure("S", "Shoulder").room(Some("OR1")).build(),
        ];
        let scores = score(&settings(1, 1), &cases, example_period());
        let a = &scores.scorecards[0];
        assert!(a.flip_room, "OR1 and NULL on March 2");
        assert_eq!(a.procedures, ["Hip", "Knee", "Shoulder"], "ties in first-appearance order");
        let same_room: Vec<ScoreCase> = cases.into_iter().filter(|c| c.id != "2").collect();
        assert!(!score(&settings(1, 1), &same_room, example_period()).scorecards[0].flip_room);
    }

    #[test]
    fn ties_sort_by_name_then_id() {
        let mk = |id: &str, surgeon: &str, last: &str, first: &str| {
            let mut c = CaseBuilder::new(id, surgeon, march(2)).build();
            c.surgeon_last_name = last.into();
            c.surgeon_first_name = first.into();
            c
        };
        let cases = vec![
            mk("1", "s3", "Baker", "Zoe"),
            mk("2", "s1", "Baker", "Amy"),
            mk("3", "s2", "Adams", "Amy"),
            mk("4", "s4", "Baker", "Amy"),
        ];
        let scores = score(&settings(1, 1), &cases, example_period());
        let ids: Vec<&str> = scores.scorecards.iter().map(|s| s.surgeon_id.as_str()).collect();
        assert_eq!(ids, ["s2", "s1", "s4", "s3"], "all composite 50 + 50 + 50 + 55 weights");
        let scores =
            score(&settings(2, 1), &[cases.clone(), vec![mk("5", "s3", "Baker", "Zoe")]].concat(), example_period());
        let ids: Vec<(&str, i64)> = scores.insufficient.iter().map(|s| (s.surgeon_id.as_str(), s.case_count)).collect();
        assert_eq!(ids, [("s2", 1), ("s1", 1), ("s4", 1)]);
        assert_eq!(scores.scorecards[0].surgeon_id, "s3");
    }

    #[test]
    fn trend_against_the_previous_period() {
        let period = example_period();
        // Previous period 2026-02-25..2026-03-01: A had 2 delays on 2 cases there (availability lower).
        let feb = |d: u32| NaiveDate::from_ymd_opt(2026, 2, d).unwrap();
        let mut cases = knee_cases("A", &[60, 60], 1000.0);
        cases.extend(knee_cases("B", &[60, 60], 1000.0));
        cases.push(CaseBuilder::new("pA1", "A", feb(25)).delays(2).build());
        cases.push(CaseBuilder::new("pA2", "A", feb(26)).build());
        cases.push(CaseBuilder::new("pB1", "B", feb(27)).start("07:30").patient_in("09:00:00").build());
        cases.push(CaseBuilder::new("pB2", "B", march(1)).build());
        cases.push(CaseBuilder::new("pC1", "C", march(1)).build());
        // Outside both periods: ignored.
        cases.push(CaseBuilder::new("old", "A", feb(1)).delays(9).build());
        cases.push(CaseBuilder::new("late", "B", march(7)).delays(9).build());
        let scores = score(&settings(2, 2), &cases, period);
        let a = card(&scores, "A");
        let b = card(&scores, "B");
        assert_eq!(a.case_count, 2);
        // 50, 50, 100 (on time), 75 (no gaps, no delays) → 67.5 → 68.
        assert_eq!(
            (a.pillars, a.composite),
            (Pillars { profitability: 50, consistency: 50, sched_adherence: 100, availability: 75 }, 68)
        );
        // Previous A: 50, 50, 50 (no start), availability (50 + 10) / 2 = 30 → 46 (its own flags, 100 %).
        assert_eq!((a.previous_composite, a.trend), (Some(46), Trend::Up));
        // Previous B: 90 minutes late → adherence 10 → 45.
        assert_eq!((b.previous_composite, b.trend), (Some(45), Trend::Up));
        assert!(scores.insufficient.is_empty(), "C had cases only in the previous period");
        // Scoring the previous period itself gives those composites, with no trend of its own.
        let earlier = score(&settings(2, 2), &cases, Period::new(feb(25), march(1)).unwrap());
        assert_eq!((card(&earlier, "A").composite, card(&earlier, "B").composite), (46, 45));
        assert!(earlier.scorecards.iter().all(|s| s.previous_composite.is_none() && s.trend == Trend::Stable));
        assert_eq!(earlier.insufficient.len(), 1, "C with 1 case");

        // The same cases five days earlier: equal composites → stable; more delays now → down.
        let current: Vec<ScoreCase> = cases.iter().filter(|c| period.contains(c.scheduled_date)).cloned().collect();
        let mut repeated = current.clone();
        for c in &current {
            let mut p = c.clone();
            p.id = format!("p-{}", c.id);
            p.scheduled_date = c.scheduled_date - chrono::Duration::days(5);
            p.patient_in = p.patient_in.map(|t| t - 5 * 86_400_000);
            p.patient_out = p.patient_out.map(|t| t - 5 * 86_400_000);
            repeated.push(p);
        }
        let stable = score(&settings(2, 2), &repeated, period);
        assert_eq!((card(&stable, "A").previous_composite, card(&stable, "A").trend), (Some(68), Trend::Stable));
        for c in repeated.iter_mut().filter(|c| period.contains(c.scheduled_date) && c.surgeon_id == "A") {
            c.delay_flag_count = 3;
        }
        let down = score(&settings(2, 2), &repeated, period);
        assert_eq!((card(&down, "A").composite, card(&down, "A").trend), (59, Trend::Down));
    }

    #[test]
    fn surgeon_scorecard_or_insufficient_cases() {
        let scores = score(&example_settings(), &three_surgeon_facility(), example_period());
        assert_eq!(surgeon_scorecard(&scores, "A", &example_settings()).unwrap().composite, 63);
        let err = surgeon_scorecard(&scores, "C", &example_settings()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InsufficientCases);
        assert!(err.to_string().contains("2 scored cases") && err.to_string().contains("at least 4"), "{err}");
        let err = surgeon_scorecard(&scores, "nobody", &example_settings()).unwrap_err();
        assert!(err.to_string().contains("0 scored cases"), "{err}");
    }

    // ─── Properties ──────────────────────────────────────────────────────────────────────────────────────

    /// A random case: surgeon, procedure, day offset from the period start (−5..=4: both periods), scheduled
    /// start, minutes late, duration, incision after patient_in, prep→incision gap, profit, delay flags, room.
    type RawCase = (
        usize,
        Option<usize>,
        i64,
        Option<(u32, u32)>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<f64>,
        u32,
        Option<usize>,
    );

    fn arb_case() -> impl Strategy<Value = RawCase> {
        (
            0usize..4,
            prop::option::weighted(0.85, 0usize..3),
            -5i64..=4,
            prop::option::weighted(0.9, (6u32..20, 0u32..60)),
            prop::option::weighted(0.9, -40i64..120),
            prop::option::weighted(0.9, -10i64..240),
            prop::option::weighted(0.8, 0i64..40),
            prop::option::weighted(0.8, -5i64..30),
            prop::option::weighted(0.8, prop_oneof![Just(0.0), -5000.0f64..20000.0]),
            prop_oneof![4 => Just(0u32), 1 => 0u32..4],
            prop::option::weighted(0.9, 0usize..2),
        )
    }

    /// Builds scored cases from the random tuples (unique ids, case numbers that may repeat, seconds that vary).
    fn build_cases(raw: &[RawCase]) -> Vec<ScoreCase> {
        let base = example_period().start;
        raw.iter()
            .enumerate()
            .map(|(i, &(s, p, day, start, late, dur, inc_after_in, gap, profit, flags, room))| {
                let date = base + chrono::Duration::days(day);
                let mut c = CaseBuilder::new(&format!("case-{i:03}"), &format!("s{s}"), date).build();
                c.case_number = format!("N{}", i % 7);
                if let Some(p) = p {
                    c.procedure_type_id = Some(format!("p{p}"));
                    c.procedure_name = Some(format!("Proc {p}"));
                }
                c.or_room_id = room.map(|r| format!("OR{r}"));
                let slot = start.unwrap_or((8, 0));
                c.start_time = start.map(|(h, m)| format!("{h:02}:{m:02}:00"));
                let slot_instant = local(date, &format!("{:02}:{:02}:00", slot.0, slot.1));
                c.patient_in = late.map(|l| slot_instant + l * 60_000 + (i as i64 * 7_919) % 60_000);
                if let (Some(pi), Some(d)) = (c.patient_in, dur) {
                    c.patient_out = Some(pi + d * 60_000);
                }
                if let (Some(pi), Some(after)) = (c.patient_in, inc_after_in) {
                    c.incision = Some(pi + after * 60_000);
                    c.prep_drape_complete =
                        gap.map(|g| pi + after * 60_000 - g * 60_000 - (i as i64 * 104_729) % 60_000);
                }
                c.profit = profit;
                c.delay_flag_count = flags;
                c
            })
            .collect()
    }

    fn arb_settings() -> impl Strategy<Value = ScoreSettings> {
        (any::<bool>(), 0i64..=15, 5i64..=60, 0i64..=15, 3i64..=30, 1i64..=4, 1i64..=6).prop_map(
            |(incision, grace, floor, waiting, gap_floor, min_proc, min_cases)| ScoreSettings {
                start_time_milestone: if incision {
                    StartTimeMilestone::Incision
                } else {
                    StartTimeMilestone::PatientIn
                },
                start_time_grace_minutes: grace,
                start_time_floor_minutes: floor,
                waiting_on_surgeon_minutes: waiting,
                waiting_on_surgeon_floor_minutes: gap_floor,
                min_procedure_cases: min_proc,
                min_case_threshold: min_cases,
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn pillars_and_composite_stay_in_bounds(
            settings in arb_settings(),
            raw in prop::collection::vec(arb_case(), 0..40),
        ) {
            let cases = build_cases(&raw);
            let scores = score_facility(&settings, TZ, &cases, example_period(), true).unwrap();
            for s in &scores.scorecards {
                for key in crate::scoring::PillarKey::ALL {
                    prop_assert!((10..=100).contains(&s.pillars.get(key)), "{key:?} = {}", s.pillars.get(key));
                }
                prop_assert!((10..=100).contains(&s.composite));
                prop_assert_eq!(s.composite, rules::composite(&s.pillars));
                prop_assert!(s.case_count >= settings.min_case_threshold);
                let d = s.diagnostics.as_ref().unwrap();
                for c in d.profitability.procedure_cohorts.iter().filter(|c| c.skipped_reason.is_none()) {
                    prop_assert!((10..=100).contains(&c.raw_score));
                }
                for c in d.consistency.procedure_cohorts.iter().filter(|c| c.skipped_reason.is_none()) {
                    prop_assert!((10..=100).contains(&c.raw_score));
                }
                for sub in [d.availability.gap_pillar_score, d.availability.delay_pillar_score] {
                    prop_assert!((10..=100).contains(&sub));
                }
                if let Some(prev) = s.previous_composite {
                    prop_assert!((10..=100).contains(&prev));
                }
            }
            for w in scores.scorecards.windows(2) {
                prop_assert!(w[0].composite >= w[1].composite);
            }
            for i in &scores.insufficient {
                prop_assert!(i.case_count >= 1 && i.case_count < settings.min_case_threshold);
            }
        }

        #[test]
        fn scores_do_not_depend_on_case_order(
            settings in arb_settings(),
            (raw, order) in prop::collection::vec(arb_case(), 0..40).prop_flat_map(|raw| {
                let n = raw.len();
                (Just(raw), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
            }),
        ) {
            let cases = build_cases(&raw);
            let shuffled: Vec<ScoreCase> = order.iter().map(|&i| cases[i].clone()).collect();
            let a = score_facility(&settings, TZ, &cases, example_period(), true).unwrap();
            let b = score_facility(&settings, TZ, &shuffled, example_period(), true).unwrap();
            prop_assert_eq!(a, b);
        }

        #[test]
        fn a_surgeon_alone_in_every_cohort_scores_50(
            settings in arb_settings(),
            raw in prop::collection::vec(arb_case(), 1..30),
        ) {
            // Each surgeon gets procedures of their own: every cohort has exactly one peer, the surgeon.
            let mut cases = build_cases(&raw);
            for c in &mut cases {
                if let Some(p) = &c.procedure_type_id {
                    c.procedure_type_id = Some(format!("{}-{p}", c.surgeon_id));
                }
            }
            let scores = score_facility(&settings, TZ, &cases, example_period(), true).unwrap();
            for s in &scores.scorecards {
                prop_assert_eq!(s.pillars.profitability, 50);
                prop_assert_eq!(s.pillars.consistency, 50);
                let d = s.diagnostics.as_ref().unwrap();
                for c in d.profitability.procedure_cohorts.iter().filter(|c| c.skipped_reason.is_none()) {
                    prop_assert_eq!((c.cohort_size, c.raw_score), (1, 50));
                }
                for c in d.consistency.procedure_cohorts.iter().filter(|c| c.skipped_reason.is_none()) {
                    prop_assert_eq!((c.cohort_size, c.raw_score), (1, 50));
                }
            }
        }
    }
}
