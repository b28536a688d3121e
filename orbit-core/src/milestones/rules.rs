//! Pure milestone rules (no `Connection`): phase groups, template structure (T3–T5), advisory warnings and
//! derived phase boundaries (lifecycle-and-stats.md §1.2–1.5).

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, ErrorKind, Result};

/// Phases every complete template has (advisory).
pub const REQUIRED_PHASE_NAMES: [&str; 4] = ["pre_op", "surgical", "closing", "post_op"];

/// Milestones every complete template has (advisory).
pub const REQUIRED_MILESTONE_NAMES: [&str; 7] =
    ["patient_in", "prep_drape_start", "prep_drape_complete", "incision", "closing", "closing_complete", "patient_out"];

/// The 9 required placements (phase, milestone) (advisory).
pub const REQUIRED_PLACEMENTS: [(&str, &str); 9] = [
    ("pre_op", "patient_in"),
    ("pre_op", "prep_drape_start"),
    ("pre_op", "prep_drape_complete"),
    ("surgical", "incision"),
    ("surgical", "closing"),
    ("closing", "closing"),
    ("closing", "closing_complete"),
    ("post_op", "closing_complete"),
    ("post_op", "patient_out"),
];

/// The seeded milestone names, reserved for the catalogue copies (data-model.md §3.4).
pub const RESERVED_MILESTONE_NAMES: [&str; 10] = [
    "patient_in",
    "anes_start",
    "anes_end",
    "prep_drape_start",
    "prep_drape_complete",
    "incision",
    "closing",
    "closing_complete",
    "patient_out",
    "room_cleaned",
];

/// The phase group of a milestone name (the "PG-map" of lifecycle-and-stats.md §1.2; name lower-cased and
/// trimmed): `pre_op`, `surgical`, `closing`, `post_op`, or `None`.
pub fn phase_group_for(name: &str) -> Option<&'static str> {
    match name.trim().to_lowercase().as_str() {
        "patient_in" | "anes_start" | "anes_end" | "prep_drape_start" | "prep_drape_complete" => Some("pre_op"),
        "incision" => Some("surgical"),
        "closing" | "closing_complete" | "surgeon_left" => Some("closing"),
        "patient_out" | "room_cleaned" => Some("post_op"),
        _ => None,
    }
}

/// One placement of a template, as the structure rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Facility milestone id.
    pub milestone_id: String,
    /// Milestone name.
    pub milestone_name: String,
    /// Phase id (`None` = unphased).
    pub phase_id: Option<String>,
    /// Phase name.
    pub phase_name: Option<String>,
    /// The milestone's pairing: (partner id, `start` | `end`).
    pub pair: Option<(String, String)>,
}

fn structure_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidTemplateStructure, message)
}

/// Checks T3 (a (milestone, phase) pair at most once) and T5 (the sub-phase map: keys and values are
/// phases with items, child ≠ parent, one level only). T1, T2 (active rows of the facility) and T4
/// (renumbering) are the caller's.
pub fn check_structure(items: &[Placement], sub_phase_map: &BTreeMap<String, String>) -> Result<()> {
    let mut seen = BTreeSet::new();
    for (i, p) in items.iter().enumerate() {
        if !seen.insert((p.milestone_id.clone(), p.phase_id.clone())) {
            return Err(structure_error(format!(
                "items[{i}]: milestone {} is placed twice in the same phase",
                p.milestone_name
            )));
        }
    }
    let phases_with_items: BTreeSet<&str> = items.iter().filter_map(|p| p.phase_id.as_deref()).collect();
    for (child, parent) in sub_phase_map {
        if !phases_with_items.contains(child.as_str()) || !phases_with_items.contains(parent.as_str()) {
            return Err(structure_error(
                "sub_phase_map: every key and value must be a phase with items in the template",
            ));
        }
        if child == parent {
            return Err(structure_error("sub_phase_map: a phase cannot be its own parent"));
        }
        if sub_phase_map.contains_key(parent) {
            return Err(structure_error("sub_phase_map: sub-phases nest one level only (a parent is never a child)"));
        }
    }
    Ok(())
}

/// Advisory warnings (never blocking): a start milestone placed after its end partner; required phases,
/// milestones or placements missing.
pub fn structure_warnings(items: &[Placement]) -> Vec<String> {
    let mut warnings = Vec::new();
    let first_pos = |id: &str| items.iter().position(|p| p.milestone_id == id);
    for p in items {
        if let Some((partner, position)) = &p.pair
            && position == "start"
            && let (Some(me), Some(other)) = (first_pos(&p.milestone_id), first_pos(partner))
            && me > other
        {
            warnings.push(format!("pair order: {} (start) is placed after its end partner", p.milestone_name));
        }
    }
    let names: BTreeSet<&str> = items.iter().map(|p| p.milestone_name.as_str()).collect();
    let phases: BTreeSet<&str> = items.iter().filter_map(|p| p.phase_name.as_deref()).collect();
    for phase in REQUIRED_PHASE_NAMES {
        if !phases.contains(phase) {
            warnings.push(format!("required structure missing: phase {phase}"));
        }
    }
    for m in REQUIRED_MILESTONE_NAMES {
        if !names.contains(m) {
            warnings.push(format!("required structure missing: milestone {m}"));
        }
    }
    for (phase, m) in REQUIRED_PLACEMENTS {
        let placed = items.iter().any(|p| p.milestone_name == m && p.phase_name.as_deref() == Some(phase));
        if phases.contains(phase) && names.contains(m) && !placed {
            warnings.push(format!("required structure missing: {m} in {phase}"));
        }
    }
    warnings
}

/// One phase of a template for the duration computation: its boundary milestones and parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseSpan {
    /// Phase id.
    pub phase_id: String,
    /// Parent phase (sub-phases), if any.
    pub parent_phase_id: Option<String>,
    /// First milestone of the phase.
    pub start_milestone_id: String,
    /// Last milestone of the phase.
    pub end_milestone_id: String,
}

/// A phase's measured span on one case.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseDuration {
    /// Phase id.
    pub phase_id: String,
    /// Start instant used (own, or the fallback for top-level phases).
    pub start_at: Option<i64>,
    /// End instant used.
    pub end_at: Option<i64>,
    /// (end − start) / 1000 when both exist and end > start; sub-phases are clipped to their parent.
    pub duration_seconds: Option<f64>,
    /// Sub-phases: seconds from the parent's start (`None` for top-level phases).
    pub offset_seconds: Option<f64>,
}

/// `case_phase_durations` (lifecycle-and-stats.md §1.5) over phases in display order and the case's
/// recorded instants (`recorded(milestone id)`). Top-level phases fall back to their neighbours' own
/// instants (never to another fallback); sub-phases never fall back and are dropped when they cannot be
/// placed inside their parent.
pub fn phase_durations(phases: &[PhaseSpan], recorded: impl Fn(&str) -> Option<i64>) -> Vec<PhaseDuration> {
    let seconds = |s: Option<i64>, e: Option<i64>| match (s, e) {
        (Some(s), Some(e)) if e > s => Some((e - s) as f64 / 1000.0),
        _ => None,
    };
    let top: Vec<&PhaseSpan> = phases.iter().filter(|p| p.parent_phase_id.is_none()).collect();
    let mut out: Vec<PhaseDuration> = Vec::new();
    for (i, p) in top.iter().enumerate() {
        let own_start = recorded(&p.start_milestone_id);
        let own_end = recorded(&p.end_milestone_id);
        let end = own_end.or_else(|| top.get(i + 1).and_then(|n| recorded(&n.start_milestone_id)));
        let start = own_start.or_else(|| if i > 0 { recorded(&top[i - 1].end_milestone_id) } else { None });
        out.push(PhaseDuration {
            phase_id: p.phase_id.clone(),
            start_at: start,
            end_at: end,
            duration_seconds: seconds(start, end),
            offset_seconds: None,
        });
    }
    for p in phases.iter().filter(|p| p.parent_phase_id.is_some()) {
        let parent_id = p.parent_phase_id.as_deref().unwrap_or_default();
        let Some(parent) = out.iter().find(|d| d.phase_id == parent_id).cloned() else {
            continue;
        };
        let parent_own_start =
            phases.iter().find(|x| x.phase_id == parent_id).and_then(|x| recorded(&x.start_milestone_id));
        let (start, end) = (recorded(&p.start_milestone_id), recorded(&p.end_milestone_id));
        let (Some(parent_duration), Some(parent_start), Some(child_start), Some(child_duration)) =
            (parent.duration_seconds, parent_own_start, start, seconds(start, end))
        else {
            continue;
        };
        let offset = ((child_start - parent_start).max(0)) as f64 / 1000.0;
        let duration = child_duration.min(parent_duration - offset);
        if duration > 0.0 {
            out.push(PhaseDuration {
                phase_id: p.phase_id.clone(),
                start_at: start,
                end_at: end,
                duration_seconds: Some(duration),
                offset_seconds: Some(offset),
            });
        }
    }
    let order = |id: &str| phases.iter().position(|p| p.phase_id == id).unwrap_or(usize::MAX);
    out.sort_by_key(|d| order(&d.phase_id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(m: &str, phase: Option<&str>) -> Placement {
        Placement {
            milestone_id: format!("m-{m}"),
            milestone_name: m.into(),
            phase_id: phase.map(|x| format!("p-{x}")),
            phase_name: phase.map(Into::into),
            pair: None,
        }
    }

    #[test]
    fn phase_group_follows_the_pg_map() {
        assert_eq!(phase_group_for(" Patient_In "), Some("pre_op"));
        assert_eq!(phase_group_for("incision"), Some("surgical"));
        assert_eq!(phase_group_for("surgeon_left"), Some("closing"));
        assert_eq!(phase_group_for("room_cleaned"), Some("post_op"));
        assert_eq!(phase_group_for("tourniquet_on"), None);
    }

    #[test]
    fn t3_refuses_a_repeated_placement_but_allows_shared_boundaries() {
        let shared = [p("incision", Some("pre_op")), p("incision", Some("surgical"))];
        assert!(check_structure(&shared, &BTreeMap::new()).is_ok());
        let twice = [p("incision", Some("pre_op")), p("incision", Some("pre_op"))];
        let e = check_structure(&twice, &BTreeMap::new()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidTemplateStructure);
        let unphased_twice = [p("room_cleaned", None), p("room_cleaned", None)];
        assert!(check_structure(&unphased_twice, &BTreeMap::new()).is_err());
    }

    #[test]
    fn t5_checks_the_sub_phase_map() {
        let items = [p("a", Some("x")), p("b", Some("y")), p("c", Some("z"))];
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs.iter().map(|(c, par)| (format!("p-{c}"), format!("p-{par}"))).collect()
        };
        assert!(check_structure(&items, &map(&[("y", "x")])).is_ok());
        assert!(check_structure(&items, &map(&[("y", "y")])).is_err());
        assert!(check_structure(&items, &map(&[("y", "x"), ("z", "y")])).is_err());
        assert!(check_structure(&items, &map(&[("w", "x")])).is_err());
    }

    fn span(id: &str, parent: Option<&str>, s: &str, e: &str) -> PhaseSpan {
        PhaseSpan {
            phase_id: id.into(),
            parent_phase_id: parent.map(Into::into),
            start_milestone_id: s.into(),
            end_milestone_id: e.into(),
        }
    }

    #[test]
    fn phase_durations_fall_back_for_top_level_phases_only() {
        let phases = [
            span("pre", None, "pi", "inc"),
            span("surg", None, "inc", "cl"),
            span("close", None, "cl", "cc"),
            span("post", None, "cc", "po"),
            span("prep", Some("pre"), "ps", "pc"),
        ];
        let t = |m: &str| match m {
            "pi" => Some(0),
            "inc" => Some(600_000),
            "cc" => Some(4_000_000),
            "po" => Some(4_600_000),
            "ps" => Some(120_000),
            "pc" => Some(900_000),
            _ => None,
        };
        let d = phase_durations(&phases, t);
        let got: Vec<(&str, Option<f64>, Option<f64>)> =
            d.iter().map(|x| (x.phase_id.as_str(), x.duration_seconds, x.offset_seconds)).collect();
        // surgical ends at closing (missing) → the next phase's own start (closing, missing) → NULL;
        // closing starts at closing (missing) → the previous phase's own end (closing, missing) → NULL, but
        // its end cc exists; post_op is complete. The sub-phase is clipped to its parent: 600 − 120 = 480 s.
        assert_eq!(
            got,
            [
                ("pre", Some(600.0), None),
                ("surg", None, None),
                ("close", None, None),
                ("post", Some(600.0), None),
                ("prep", Some(480.0), Some(120.0)),
            ]
        );
    }

    #[test]
    fn warnings_name_missing_structure_and_pair_order() {
        let mut start = p("closing", Some("closing"));
        start.pair = Some(("m-closing_complete".into(), "start".into()));
        let items = [p("closing_complete", Some("closing")), start];
        let w = structure_warnings(&items);
        assert!(w.iter().any(|w| w.starts_with("pair order: closing")), "{w:?}");
        assert!(w.iter().any(|w| w == "required structure missing: phase pre_op"), "{w:?}");
        assert!(w.iter().any(|w| w == "required structure missing: milestone patient_in"), "{w:?}");
    }
}
