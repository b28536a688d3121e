//! The metric catalog of flags.md §3: a constant (21 static metrics) plus one dynamic metric per active cost
//! category of the facility (`cost_category_<uuid>`).

use serde::Serialize;

/// What a metric's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataType {
    /// Minutes (unit `min`).
    Minutes,
    /// Dollars.
    Currency,
    /// Percent.
    Percentage,
    /// A count.
    Count,
}

/// Which values are real: `Pos` ignores values ≤ 0 as bad data; `Any` keeps zero and negatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    /// Values ≤ 0 are ignored (evaluation and baselines).
    Pos,
    /// Every value counts.
    Any,
}

/// One static catalog entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metric {
    /// Metric id (`flag_rules.metric`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Catalog description.
    pub description: &'static str,
    /// Rule category.
    pub category: &'static str,
    /// Value kind.
    pub data_type: DataType,
    /// Unit label.
    pub unit: &'static str,
    /// Pair metrics: the milestone pair.
    pub pair: Option<(&'static str, &'static str)>,
    /// Whether relative thresholds (median, percentile) are allowed.
    pub supports_median: bool,
    /// Milestone names that must be in the case's expected list (the template guard). `fcots_delay` instead
    /// needs the facility's FCOTS milestone.
    pub prereq: &'static [&'static str],
    /// Value domain.
    pub domain: Domain,
}

const fn pair(
    id: &'static str,
    name: &'static str,
    description: &'static str,
    start: &'static str,
    end: &'static str,
    prereq: &'static [&'static str],
) -> Metric {
    Metric {
        id,
        name,
        description,
        category: "timing",
        data_type: DataType::Minutes,
        unit: "min",
        pair: Some((start, end)),
        supports_median: true,
        prereq,
        domain: Domain::Pos,
    }
}

const fn other(
    id: &'static str,
    name: &'static str,
    description: &'static str,
    category: &'static str,
    data_type: DataType,
    supports_median: bool,
    domain: Domain,
) -> Metric {
    let unit = match data_type {
        DataType::Minutes => "min",
        DataType::Currency => "$",
        DataType::Percentage => "%",
        DataType::Count => "",
    };
    Metric { id, name, description, category, data_type, unit, pair: None, supports_median, prereq: &[], domain }
}

use DataType::{Count, Currency, Minutes, Percentage};
use Domain::{Any, Pos};

/// The 21 static metrics, in catalog order.
pub const STATIC: [Metric; 21] = [
    pair(
        "total_case_time",
        "Total Case Time",
        "Duration from patient in to patient out",
        "patient_in",
        "patient_out",
        &["patient_in", "patient_out"],
    ),
    pair(
        "surgical_time",
        "Surgical Time",
        "Duration from incision to closing",
        "incision",
        "closing",
        &["incision", "closing"],
    ),
    pair(
        "pre_op_time",
        "Pre-Op Time",
        "Duration from patient in to incision",
        "patient_in",
        "incision",
        &["patient_in", "incision"],
    ),
    pair(
        "anesthesia_time",
        "Anesthesia Induction",
        "Duration from anesthesia start to anesthesia end",
        "anes_start",
        "anes_end",
        &["anes_start", "anes_end"],
    ),
    pair(
        "closing_time",
        "Closing Time",
        "Duration from closing start to closing complete",
        "closing",
        "closing_complete",
        &["closing", "closing_complete"],
    ),
    pair(
        "emergence_time",
        "Emergence Time",
        "Duration from closing complete to patient out",
        "closing_complete",
        "patient_out",
        &["closing_complete", "patient_out"],
    ),
    pair(
        "prep_to_incision",
        "Prep to Incision",
        "Duration from prep/drape complete to incision",
        "prep_drape_complete",
        "incision",
        &["prep_drape_complete", "incision"],
    ),
    other(
        "turnover_time",
        "Room Turnover",
        "Time between patient out (prev case) and patient in (next case) in same room",
        "efficiency",
        Minutes,
        true,
        Pos,
    ),
    other(
        "fcots_delay",
        "First Case Delay",
        "Minutes late for first case of the day",
        "efficiency",
        Minutes,
        false,
        Any,
    ),
    Metric {
        category: "efficiency",
        ..pair(
            "surgeon_readiness_gap",
            "Surgeon Readiness Gap",
            "Gap between prep/drape complete and incision",
            "prep_drape_complete",
            "incision",
            &["prep_drape_complete", "incision"],
        )
    },
    Metric {
        prereq: &["incision"],
        ..other(
            "callback_delay",
            "Callback Delay",
            "Delay from callback request to surgeon arrival",
            "efficiency",
            Minutes,
            true,
            Pos,
        )
    },
    other(
        "room_idle_gap",
        "Room Idle Gap",
        "Gap between cases in same room beyond standard turnover",
        "efficiency",
        Minutes,
        true,
        Pos,
    ),
    other(
        "case_profit",
        "Case Profit",
        "Net profit (reimbursement minus total cost)",
        "financial",
        Currency,
        true,
        Any,
    ),
    other(
        "case_margin",
        "Case Margin",
        "Profit margin as percentage of reimbursement",
        "financial",
        Percentage,
        true,
        Any,
    ),
    Metric {
        unit: "$/min",
        ..other(
            "profit_per_minute",
            "Profit per Minute",
            "Profit divided by total case duration",
            "financial",
            Currency,
            true,
            Any,
        )
    },
    other(
        "total_case_cost",
        "Total Case Cost",
        "Sum of all costs (debits + OR time cost)",
        "financial",
        Currency,
        true,
        Any,
    ),
    other(
        "reimbursement_variance",
        "Reimbursement Variance",
        "Percentage difference between actual and expected reimbursement",
        "financial",
        Percentage,
        false,
        Any,
    ),
    other(
        "or_time_cost",
        "OR Time Cost",
        "Cost of operating room time based on facility hourly rate",
        "financial",
        Currency,
        true,
        Any,
    ),
    other(
        "excess_time_cost",
        "Excess Time Cost",
        "Cost of minutes beyond median duration at facility OR rate",
        "financial",
        Currency,
        false,
        Any,
    ),
    other(
        "missing_milestones",
        "Missing Milestones",
        "Count of expected milestones without a recorded timestamp",
        "quality",
        Count,
        false,
        Any,
    ),
    other(
        "milestone_out_of_order",
        "Milestone Sequence Error",
        "Count of milestones recorded out of expected sequence",
        "quality",
        Count,
        false,
        Any,
    ),
];

/// Prefix of the dynamic per-cost-category metrics.
pub const COST_CATEGORY_PREFIX: &str = "cost_category_";

/// A static metric by id.
pub fn metric(id: &str) -> Option<&'static Metric> {
    STATIC.iter().find(|m| m.id == id)
}

/// The dynamic metric of cost category `id` (named "<category name> Cost").
pub fn cost_category_metric(category_id: &str, category_name: &str) -> CatalogEntry {
    CatalogEntry {
        id: format!("{COST_CATEGORY_PREFIX}{category_id}"),
        name: format!("{category_name} Cost"),
        description: format!("Total cost for {category_name} category"),
        category: "financial",
        data_type: DataType::Currency,
        unit: "$",
        start_milestone: None,
        end_milestone: None,
        supports_median: true,
        domain: Domain::Any,
        cost_category_id: Some(category_id.to_string()),
    }
}

/// A catalog entry as listed (`metric_catalog`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogEntry {
    /// Metric id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Rule category.
    pub category: &'static str,
    /// Value kind.
    pub data_type: DataType,
    /// Unit label.
    pub unit: &'static str,
    /// Pair metrics: first milestone.
    pub start_milestone: Option<&'static str>,
    /// Pair metrics: second milestone.
    pub end_milestone: Option<&'static str>,
    /// Whether relative thresholds are allowed.
    pub supports_median: bool,
    /// Value domain.
    pub domain: Domain,
    /// Dynamic entries: the cost category.
    pub cost_category_id: Option<String>,
}

impl From<&Metric> for CatalogEntry {
    fn from(m: &Metric) -> Self {
        CatalogEntry {
            id: m.id.to_string(),
            name: m.name.to_string(),
            description: m.description.to_string(),
            category: m.category,
            data_type: m.data_type,
            unit: m.unit,
            start_milestone: m.pair.map(|p| p.0),
            end_milestone: m.pair.map(|p| p.1),
            supports_median: m.supports_median,
            domain: m.domain,
            cost_category_id: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_has_the_21_static_metrics_of_the_spec() {
        assert_eq!(STATIC.len(), 21);
        let mut ids: Vec<&str> = STATIC.iter().map(|m| m.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 21, "ids are unique");
        let no_median: Vec<&str> = STATIC.iter().filter(|m| !m.supports_median).map(|m| m.id).collect();
        assert_eq!(
            no_median,
            [
                "fcots_delay",
                "reimbursement_variance",
                "excess_time_cost",
                "missing_milestones",
                "milestone_out_of_order"
            ]
        );
        assert_eq!(metric("surgeon_readiness_gap").unwrap().category, "efficiency");
        assert_eq!(metric("surgeon_readiness_gap").unwrap().pair, Some(("prep_drape_complete", "incision")));
        assert_eq!(metric("profit_per_minute").unwrap().unit, "$/min");
        assert!(STATIC.iter().filter(|m| m.data_type == DataType::Minutes).all(|m| m.unit == "min"));
        assert_eq!(metric("nope"), None);
    }
}
