//! The improvement plan (scoring.md §9): a scorecard (with its diagnostics) in, prioritised recommendations,
//! their projected annual savings and the surgeon's strengths out. Pure and never stored.

use crate::error::Result;
use crate::scoring::model::{
    AdherenceDiagnostics, AvailabilityDiagnostics, ConsistencyDiagnostics, ImprovementPlan, PILLARS, PillarInfo,
    PillarKey, PlanConfig, ProfitabilityDiagnostics, Recommendation, ScoreSettings, Scorecard, Strength,
};
use crate::scoring::rules::{self, js_round};

/// A pillar at or above the threshold is praised from this score.
pub const STRENGTH_MIN_SCORE: i64 = 75;
/// A praised pillar from this score is "top-tier".
pub const TOP_TIER_MIN_SCORE: i64 = 85;
/// A pillar from this score aims for [`STRETCH_TARGET`] instead of the threshold.
pub const STRETCH_FROM_SCORE: i64 = 55;
/// The target of pillars at or above [`STRETCH_FROM_SCORE`].
pub const STRETCH_TARGET: i64 = 75;
/// Assumed minutes of a case when turning a CV into minutes.
pub const ASSUMED_CASE_MINUTES: f64 = 90.0;
/// Share of a gap (MPM or variability) a surgeon is assumed to close.
pub const CLOSED_GAP_SHARE: f64 = 0.5;
/// Minutes per case assumed when there is no MPM gap, and by the fallback.
pub const FALLBACK_MINUTES_PER_CASE: f64 = 2.0;
/// An MPM gap above this many dollars blames longer OR times.
pub const MPM_GAP_DILUTING: f64 = 5.0;
/// An MPM gap above this many dollars adds the OR-time initiative.
pub const MPM_GAP_INITIATIVE: f64 = 10.0;
/// More severely late cases than this suggest investigating them.
pub const SEVERELY_LATE_INVESTIGATE: i64 = 3;
/// Minutes before the grace window a surgeon should arrive at pre-op.
pub const PRE_OP_LEAD_MINUTES: i64 = 5;

pub use crate::flags::rules::to_fixed;

/// What a pillar-specific analysis says.
struct Advice {
    headline: String,
    insight: String,
    actions: Vec<String>,
    minutes: i64,
}

/// Profitability: the worst scored cohort by raw score (first on ties); `None` without a scored cohort.
fn profitability_advice(d: &ProfitabilityDiagnostics, config: &PlanConfig) -> Option<Advice> {
    let worst = d.procedure_cohorts.iter().filter(|c| c.skipped_reason.is_none()).min_by_key(|c| c.raw_score)?;
    let (mpm, median, procedure) = (worst.surgeon_median_mpm, worst.cohort_median, &worst.procedure_name);
    let gap = median - mpm;
    let headline = if gap > 0.0 {
        format!("${}/min below peers on {procedure}", to_fixed(gap, 0))
    } else {
        "Close to peer median — small optimizations add up".to_string()
    };
    let insight = if mpm > 0.0 {
        let why = if gap > MPM_GAP_DILUTING {
            "This suggests longer OR times are diluting per-minute revenue."
        } else {
            "The gap is modest — focus on consistency to maximize scheduling."
        };
        format!(
            "Your {procedure} cases generate ${}/min vs the peer median of ${}/min. {why}",
            to_fixed(mpm, 2),
            to_fixed(median, 2)
        )
    } else {
        format!(
            "Your {procedure} cases are operating at a loss (${}/min). Reducing OR time is the most direct path to \
             profitability.",
            to_fixed(mpm, 2)
        )
    };
    let mut actions = vec![
        "Review case setup and equipment positioning protocols to reduce non-cutting time".to_string(),
        "Identify the 10% longest cases — look for common patterns (equipment, team, time of day)".to_string(),
        "Work with OR coordinator to ensure preferred instrument trays are pre-staged".to_string(),
    ];
    if gap > MPM_GAP_INITIATIVE {
        actions.push(
            "Consider a focused OR time reduction initiative with a target of reducing average case time by 10-15 \
             minutes"
                .to_string(),
        );
    }
    let per_case = if gap > 0.0 { gap * CLOSED_GAP_SHARE } else { FALLBACK_MINUTES_PER_CASE };
    let cohort_cases = (worst.valid_cases * config.annual_case_multiplier) as f64;
    Some(Advice { headline, insight, actions, minutes: js_round(per_case * cohort_cases) as i64 })
}

/// Consistency: the worst scored cohort by CV (first on ties); `None` without a scored cohort.
fn consistency_advice(d: &ConsistencyDiagnostics, config: &PlanConfig) -> Option<Advice> {
    let worst = d
        .procedure_cohorts
        .iter()
        .filter(|c| c.skipped_reason.is_none())
        .reduce(|best, c| if c.surgeon_cv > best.surgeon_cv { c } else { best })?;
    let procedure = &worst.procedure_name;
    let variability = js_round(worst.surgeon_cv * ASSUMED_CASE_MINUTES);
    let peer = js_round(worst.cohort_median * ASSUMED_CASE_MINUTES);
    let (var_text, peer_text) = (variability as i64, peer as i64);
    let cohort_cases = (worst.valid_cases * config.annual_case_multiplier) as f64;
    Some(Advice {
        headline: format!("±{var_text} min variability on {procedure} (peers: ±{peer_text} min)"),
        insight: format!(
            "Your {procedure} CV is {}% vs the peer median of {}%. This means your case durations vary by \
             approximately ±{var_text} minutes around your average — making it harder for schedulers to plan \
             accurately.",
            to_fixed(worst.surgeon_cv * 100.0, 1),
            to_fixed(worst.cohort_median * 100.0, 1)
        ),
        actions: vec![
            "Request consistent OR team assignments — familiar teams reduce variability".to_string(),
            "Standardize your pre-incision checklist to eliminate variable setup time".to_string(),
            "Track cases that run 20%+ over your average and identify the root cause".to_string(),
            "Consider dictating expected duration to the scheduler per case rather than using defaults".to_string(),
        ],
        minutes: js_round((variability - peer).max(0.0) * CLOSED_GAP_SHARE * cohort_cases) as i64,
    })
}

/// Schedule Adherence; `None` when no case was scored.
fn adherence_advice(
    d: &AdherenceDiagnostics,
    settings: &ScoreSettings,
    target: i64,
    annual_cases: i64,
) -> Option<Advice> {
    if d.total_cases_scored <= 0 {
        return None;
    }
    let floor = settings.start_time_floor_minutes;
    let (a, n, z) = (d.avg_case_score, d.total_cases_scored, d.cases_at_zero);
    let late = js_round((1.0 - a) * floor as f64) as i64;
    let target_late = js_round((1.0 - target as f64 / 100.0) * floor as f64) as i64;
    let on_time = js_round(a * 100.0) as i64;
    let zero_share = js_round(z as f64 / n as f64 * 100.0) as i64;
    Some(Advice {
        headline: format!("Starting ~{late} min late on average ({z} cases severely late)"),
        insight: format!(
            "Your average on-time score is {on_time}% across {n} cases. {z} cases scored zero ({zero_share}%), \
             meaning they started {floor}+ minutes late. Late starts cascade through the schedule, pushing every \
             subsequent case later."
        ),
        actions: vec![
            format!(
                "Arrive to pre-op {} minutes before scheduled start to complete assessments within the grace window",
                settings.start_time_grace_minutes + PRE_OP_LEAD_MINUTES
            ),
            if z > SEVERELY_LATE_INVESTIGATE {
                format!(
                    "Investigate the {z} severely late cases — are they clustered on certain days, rooms, or case \
                     positions?"
                )
            } else {
                "Maintain awareness of the scheduled start time for each case position".to_string()
            },
            "Coordinate with the OR front desk to receive 15-minute pre-start alerts".to_string(),
            "For first cases of the day, verify that pre-op assessment is complete before scheduled OR time"
                .to_string(),
        ],
        minutes: (late - target_late).max(0) * annual_cases,
    })
}

/// Availability (always has an analysis once diagnostics exist). The excess is 0 when no gap was scored.
fn availability_advice(
    d: &AvailabilityDiagnostics,
    settings: &ScoreSettings,
    target: i64,
    annual_cases: i64,
) -> Advice {
    let gap_floor = settings.waiting_on_surgeon_floor_minutes as f64;
    let waiting = settings.waiting_on_surgeon_minutes;
    let excess = if d.gap_cases_scored > 0 { js_round((1.0 - d.avg_gap_score) * gap_floor) as i64 } else { 0 };
    let headline = if excess > 0 {
        format!("OR team waiting ~{excess} min per case for surgeon")
    } else if d.delay_rate > 0.0 {
        format!("{}% of cases have surgeon-caused delays", to_fixed(d.delay_rate, 0))
    } else {
        "Availability score below target".to_string()
    };
    let insight = if excess > 0 {
        format!(
            "Your average prep-to-incision gap score is {}% across {} cases. The team completes patient prep and \
             waits approximately {excess} minutes for you beyond the expected {waiting}-minute window. This is idle \
             OR time with full staff standing by.",
            js_round(d.avg_gap_score * 100.0) as i64,
            d.gap_cases_scored
        )
    } else {
        format!(
            "Your delay rate of {}% indicates surgeon-caused delays are impacting the schedule.",
            to_fixed(d.delay_rate, 1)
        )
    };
    let target_excess = js_round((1.0 - target as f64 / 100.0) * gap_floor) as i64;
    Advice {
        headline,
        insight,
        actions: vec![
            "Scrub in during patient prep — be present in the OR before draping is complete".to_string(),
            format!("Target being gowned and gloved within {waiting} minutes of the patient entering the room"),
            "Use the callback system to time your arrival precisely with prep completion".to_string(),
            "For flip-room setups, transition to the next room immediately after closing".to_string(),
        ],
        minutes: (excess - target_excess).max(0) * annual_cases,
    }
}

/// The generic advice when there is nothing specific to say (no diagnostics, no scored cohort, no scored
/// adherence case).
fn fallback_advice(info: &PillarInfo, score: i64, threshold: i64, annual_cases: i64) -> Advice {
    Advice {
        headline: format!("{} at {score} — below the facility target of {threshold}", info.label),
        insight: "This pillar is scoring below the facility B threshold. Review the detailed diagnostics for \
                  specific areas to address."
            .to_string(),
        actions: vec![
            "Review pillar diagnostics with your OR director".to_string(),
            "Identify the top 2-3 cases that scored lowest".to_string(),
        ],
        minutes: js_round(annual_cases as f64 * FALLBACK_MINUTES_PER_CASE) as i64,
    }
}

/// `improvement_plan(scorecard, settings, config)` (§9). Every pillar below `improvement_threshold` gets a
/// recommendation aiming at 75 (from 55) or the threshold, with an analysis from the scorecard's diagnostics
/// (or the generic one) and its projected annual minutes, hours and dollars; recommendations are ranked by
/// composite impact. Pillars at or above the threshold and at least 75 are strengths. `InvalidInput` for
/// settings or a config out of range.
pub fn improvement_plan(card: &Scorecard, settings: &ScoreSettings, config: &PlanConfig) -> Result<ImprovementPlan> {
    settings.validate()?;
    config.validate()?;
    let threshold = config.improvement_threshold;
    let annual_cases = card.case_count * config.annual_case_multiplier;
    let diagnostics = card.diagnostics.as_ref();
    let mut recommendations = Vec::new();
    let mut strengths = Vec::new();
    for info in &PILLARS {
        let score = card.pillars.get(info.key);
        if score >= threshold {
            if score >= STRENGTH_MIN_SCORE {
                let label = info.label.to_lowercase();
                let message = if score >= TOP_TIER_MIN_SCORE {
                    format!("Top-tier {label} — a model for peers")
                } else {
                    format!("Strong {label} — above facility average")
                };
                strengths.push(Strength { pillar_label: info.label.to_string(), score, message });
            }
            continue;
        }
        let target = if score >= STRETCH_FROM_SCORE { STRETCH_TARGET } else { threshold };
        let composite_impact = js_round((target - score) as f64 * info.weight) as i64;
        let advice = diagnostics
            .and_then(|d| match info.key {
                PillarKey::Profitability => profitability_advice(&d.profitability, config),
                PillarKey::Consistency => consistency_advice(&d.consistency, config),
                PillarKey::SchedAdherence => adherence_advice(&d.sched_adherence, settings, target, annual_cases),
                PillarKey::Availability => Some(availability_advice(&d.availability, settings, target, annual_cases)),
            })
            .unwrap_or_else(|| fallback_advice(info, score, threshold, annual_cases));
        recommendations.push(Recommendation {
            pillar: info.key,
            pillar_label: info.label.to_string(),
            pillar_color: info.color.to_string(),
            priority: 0,
            current_score: score,
            target_score: target,
            composite_impact,
            headline: advice.headline,
            insight: advice.insight,
            actions: advice.actions,
            projected_minutes_saved: advice.minutes,
            projected_annual_hours: js_round(advice.minutes as f64 / 60.0 * 10.0) / 10.0,
            projected_annual_dollars: js_round(advice.minutes as f64 * config.or_cost_per_minute) as i64,
        });
    }
    recommendations.sort_by_key(|r| std::cmp::Reverse(r.composite_impact));
    let mut projected = card.pillars;
    for (rank, r) in recommendations.iter_mut().enumerate() {
        r.priority = rank as i64 + 1;
        projected.set(r.pillar, r.target_score);
    }
    let projected_composite = rules::composite(&projected);
    let hours = recommendations.iter().fold(0.0, |acc, r| acc + r.projected_annual_hours);
    Ok(ImprovementPlan {
        surgeon_name: card.surgeon_name.clone(),
        current_composite: card.composite,
        current_grade: card.grade.clone(),
        projected_composite,
        projected_grade: rules::grade(projected_composite),
        total_projected_hours: js_round(hours * 10.0) / 10.0,
        total_projected_dollars: recommendations.iter().map(|r| r.projected_annual_dollars).sum(),
        recommendations,
        strengths,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::scoring::engine::fixtures::*;
    use crate::scoring::engine::score_facility;
    use crate::scoring::model::{Pillars, ProfitabilityCohort};
    use proptest::prelude::*;

    fn example_card(surgeon: &str) -> Scorecard {
        let scores =
            score_facility(&example_settings(), TZ, &three_surgeon_facility(), example_period(), true).unwrap();
        scores.scorecards.into_iter().find(|s| s.surgeon_id == surgeon).unwrap()
    }

    /// pillar, priority, current, target, impact, minutes, hours, dollars.
    type Summary = (PillarKey, i64, i64, i64, i64, i64, f64, i64);

    /// The full improvement plan of worked example 4, pinned as a snapshot.
    #[test]
    fn snapshot_of_the_improvement_plan_for_b() {
        let plan = improvement_plan(&example_card("B"), &example_settings(), &PlanConfig::default()).unwrap();
        insta::assert_snapshot!("improvement_plan_for_b", serde_json::to_string_pretty(&plan).unwrap());
    }

    #[test]
    fn worked_example_4_improvement_plan_for_b() {
        let b = example_card("B");
        let plan = improvement_plan(&b, &example_settings(), &PlanConfig::default()).unwrap();
        assert_eq!(
            (plan.surgeon_name.as_str(), plan.current_composite, plan.current_grade.letter.as_str()),
            ("Dr. B-last", 38, "D")
        );
        let summary: Vec<Summary> = plan
            .recommendations
            .iter()
            .map(|r| {
                (
                    r.pillar,
                    r.priority,
                    r.current_score,
                    r.target_score,
                    r.composite_impact,
                    r.projected_minutes_saved,
                    r.projected_annual_hours,
                    r.projected_annual_dollars,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (PillarKey::Profitability, 1, 33, 65, 10, 30, 0.5, 1800),
                (PillarKey::Consistency, 2, 33, 65, 8, 12, 0.2, 720),
                (PillarKey::Availability, 3, 30, 65, 7, 0, 0.0, 0),
                (PillarKey::SchedAdherence, 4, 56, 75, 5, 64, 1.1, 3840),
            ]
        );
        let r = &plan.recommendations;
        assert_eq!(r[0].headline, "$5/min below peers on Knee");
        assert_eq!(
            r[0].insight,
            "Your Knee cases generate $10.00/min vs the peer median of $15.00/min. The gap is modest — focus on \
             consistency to maximize scheduling."
        );
        assert_eq!(r[0].actions.len(), 3, "gap 5 ≤ 10: no OR-time initiative");
        assert_eq!((r[0].pillar_label.as_str(), r[0].pillar_color.as_str()), ("Profitability", "#2563EB"));
        assert_eq!(r[1].headline, "±16 min variability on Knee (peers: ±14 min)");
        assert!(r[1].insight.starts_with("Your Knee CV is 17.3% vs the peer median of 15.8%. "), "{}", r[1].insight);
        assert_eq!(r[2].headline, "OR team waiting ~2 min per case for surgeon", "excess round(1.5000000000000002)");
        assert!(r[2].insight.starts_with("Your average prep-to-incision gap score is 85% across 2 cases."));
        assert_eq!(r[2].actions[1], "Target being gowned and gloved within 3 minutes of the patient entering the room");
        assert_eq!(r[3].headline, "Starting ~9 min late on average (1 cases severely late)");
        assert_eq!(
            r[3].insight,
            "Your average on-time score is 56% across 4 cases. 1 cases scored zero (25%), meaning they started 20+ \
             minutes late. Late starts cascade through the schedule, pushing every subsequent case later."
        );
        assert_eq!(
            r[3].actions[..2],
            [
                "Arrive to pre-op 8 minutes before scheduled start to complete assessments within the grace window"
                    .to_string(),
                "Maintain awareness of the scheduled start time for each case position".to_string()
            ]
        );
        assert_eq!(
            (plan.projected_composite, plan.projected_grade.letter.as_str()),
            (68, "B"),
            "(65, 65, 75, 65) = 67.5"
        );
        assert_eq!((plan.total_projected_hours, plan.total_projected_dollars), (1.8, 6360));
        assert!(plan.strengths.is_empty());
    }

    #[test]
    fn strengths_and_the_stretch_target() {
        let mut card = example_card("A");
        card.pillars = Pillars { profitability: 90, consistency: 76, sched_adherence: 70, availability: 60 };
        let plan = improvement_plan(&card, &example_settings(), &PlanConfig::default()).unwrap();
        let strengths: Vec<(&str, i64, &str)> =
            plan.strengths.iter().map(|s| (s.pillar_label.as_str(), s.score, s.message.as_str())).collect();
        assert_eq!(
            strengths,
            [
                ("Profitability", 90, "Top-tier profitability — a model for peers"),
                ("Consistency", 76, "Strong consistency — above facility average"),
            ],
            "70 is above the threshold but under 75: neither strength nor recommendation"
        );
        let rec: Vec<(PillarKey, i64, i64)> =
            plan.recommendations.iter().map(|r| (r.pillar, r.target_score, r.composite_impact)).collect();
        assert_eq!(rec, [(PillarKey::Availability, 75, 3)], "60 ≥ 55 aims for 75");
    }

    #[test]
    fn fallback_without_diagnostics_and_without_scored_data() {
        let mut card = example_card("B");
        card.diagnostics = None;
        let plan = improvement_plan(&card, &example_settings(), &PlanConfig::default()).unwrap();
        let r = plan.recommendations.iter().find(|r| r.pillar == PillarKey::Profitability).unwrap();
        assert_eq!(r.headline, "Profitability at 33 — below the facility target of 65");
        assert_eq!(
            r.insight,
            "This pillar is scoring below the facility B threshold. Review the detailed diagnostics for specific areas \
             to address."
        );
        assert_eq!(
            r.actions,
            ["Review pillar diagnostics with your OR director", "Identify the top 2-3 cases that scored lowest"]
        );
        assert_eq!((r.projected_minutes_saved, r.projected_annual_hours, r.projected_annual_dollars), (32, 0.5, 1920));

        // No scored adherence case and no scored cohort → fallback; availability without gaps uses the delay rate.
        let mut card = example_card("B");
        let d = card.diagnostics.as_mut().unwrap();
        d.sched_adherence.total_cases_scored = 0;
        d.profitability.procedure_cohorts.retain(|c| c.skipped_reason.is_some());
        d.availability.gap_cases_scored = 0;
        card.pillars.sched_adherence = 50;
        let plan = improvement_plan(&card, &example_settings(), &PlanConfig::default()).unwrap();
        let by = |k: PillarKey| plan.recommendations.iter().find(|r| r.pillar == k).unwrap();
        assert_eq!(
            by(PillarKey::SchedAdherence).headline,
            "Schedule Adherence at 50 — below the facility target of 65"
        );
        assert_eq!(by(PillarKey::Profitability).headline, "Profitability at 33 — below the facility target of 65");
        let a = by(PillarKey::Availability);
        assert_eq!(a.headline, "50% of cases have surgeon-caused delays");
        assert_eq!(a.insight, "Your delay rate of 50.0% indicates surgeon-caused delays are impacting the schedule.");
        assert_eq!(a.projected_minutes_saved, 0);
        let mut card2 = card.clone();
        card2.diagnostics.as_mut().unwrap().availability.delay_rate = 0.0;
        let plan = improvement_plan(&card2, &example_settings(), &PlanConfig::default()).unwrap();
        let a = plan.recommendations.iter().find(|r| r.pillar == PillarKey::Availability).unwrap();
        assert_eq!(a.headline, "Availability score below target");
    }

    #[test]
    fn profitability_loss_and_large_gaps() {
        let mut card = example_card("B");
        let cohort = &mut card.diagnostics.as_mut().unwrap().profitability.procedure_cohorts[0];
        *cohort = ProfitabilityCohort { surgeon_median_mpm: -4.5, cohort_median: 12.25, ..cohort.clone() };
        let plan = improvement_plan(&card, &example_settings(), &PlanConfig::default()).unwrap();
        let r = &plan.recommendations[0];
        assert_eq!(r.headline, "$17/min below peers on Knee", "16.75 → 17");
        assert_eq!(
            r.insight,
            "Your Knee cases are operating at a loss ($-4.50/min). Reducing OR time is the most direct path to \
             profitability."
        );
        assert_eq!(r.actions.len(), 4, "gap > 10 adds the initiative");
        assert_eq!(r.projected_minutes_saved, 101, "round(8.375 × 12) = round(100.5)");
        // Above the peers: no gap.
        let cohort = &mut card.diagnostics.as_mut().unwrap().profitability.procedure_cohorts[0];
        cohort.surgeon_median_mpm = 20.0;
        let plan = improvement_plan(&card, &example_settings(), &PlanConfig::default()).unwrap();
        assert_eq!(plan.recommendations[0].headline, "Close to peer median — small optimizations add up");
        assert_eq!(plan.recommendations[0].projected_minutes_saved, 24, "2 min × 12 cases");
    }

    #[test]
    fn plan_config_is_validated() {
        let card = example_card("B");
        for config in [
            PlanConfig { or_cost_per_minute: -1.0, ..PlanConfig::default() },
            PlanConfig { or_cost_per_minute: f64::NAN, ..PlanConfig::default() },
            PlanConfig { annual_case_multiplier: 0, ..PlanConfig::default() },
            PlanConfig { improvement_threshold: 101, ..PlanConfig::default() },
        ] {
            assert_eq!(
                improvement_plan(&card, &example_settings(), &config).unwrap_err().kind(),
                ErrorKind::InvalidInput
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn plan_totals_add_up(
            p in 10i64..=100,
            c in 10i64..=100,
            s in 10i64..=100,
            a in 10i64..=100,
            threshold in 0i64..=100,
        ) {
            let mut card = example_card("B");
            card.pillars = Pillars { profitability: p, consistency: c, sched_adherence: s, availability: a };
            let config = PlanConfig { improvement_threshold: threshold, ..PlanConfig::default() };
            let plan = improvement_plan(&card, &example_settings(), &config).unwrap();
            prop_assert!(plan.recommendations.len() + plan.strengths.len() <= 4);
            let dollars: i64 = plan.recommendations.iter().map(|r| r.projected_annual_dollars).sum();
            prop_assert_eq!(plan.total_projected_dollars, dollars);
            for (i, r) in plan.recommendations.iter().enumerate() {
                prop_assert_eq!(r.priority, i as i64 + 1);
                prop_assert!(r.current_score < threshold && r.projected_minutes_saved >= 0);
            }
            for w in plan.recommendations.windows(2) {
                prop_assert!(w[0].composite_impact >= w[1].composite_impact);
            }
        }
    }
}
