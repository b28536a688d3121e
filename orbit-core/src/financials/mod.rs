//! Financials (financials-kpis.md §1–§6): the effective-dated pricing writes and re-pricing (`pricing`), monthly
//! targets and progress (`targets`), projected financials of a case without stats (`projection`), a surgeon's
//! full-day financials (`full_day`) and the financial analytics rollups (`analytics`). The single cost function
//! itself lives with the stats pipeline (`crate::stats::cost`). The case-level reads (projection, comparison,
//! case drawer) and the financial access check are in `case_store`; the pure analytics engine is `rollups`.
pub mod analytics;
pub mod case_store;
pub mod full_day;
pub mod pricing;
pub mod projection;
pub mod rollups;
pub mod targets;
