//! Financial configuration and re-pricing through the public API (financials-kpis.md §0.3, §1.1–§1.7, §2.1,
//! §2.4, §2.5, §5; worked examples E1, E2, E5): version writes, the pricing conveniences, reads, targets,
//! access, audit, "nothing written on failure", the targeted re-pricing of validated cases, and a property
//! test of the version rules against a per-day model on a real store.

mod common;

use std::collections::BTreeMap;

use common::w::{W, at, obj};
use orbit_core::financials::pricing::{ProcedurePricingInput, SurgeonOverridesInput};
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{AuditQuery, ErrorKind, NewCase, Scope};
use serde_json::{Value, json};

const MINUTE: i64 = 60_000;

/// Setup W plus the provisioned categories and payers by name.
struct Fin {
    w: W,
    cats: BTreeMap<String, String>,
    payers: BTreeMap<String, String>,
}

impl Fin {
    fn new(now: &str) -> Fin {
        let w = W::new(now);
        let names = |t: RefTable| -> BTreeMap<String, String> {
            w.admin
                .list(t, &ListOptions::default())
                .unwrap()
                .into_iter()
                .map(|r| (r["name"].as_str().unwrap().to_string(), r["id"].as_str().unwrap().to_string()))
                .collect()
        };
        let cats = names(RefTable::CostCategories);
        let payers = names(RefTable::Payers);
        Fin { w, cats, payers }
    }

    fn cat(&self, name: &str) -> &str {
        &self.cats[name]
    }

    fn payer(&self, name: &str) -> &str {
        &self.payers[name]
    }

    fn procedure(&self, name: &str) -> String {
        self.w.admin.create(RefTable::ProcedureTypes, &obj(json!({ "name": name }))).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A case run to validation: patient_in at `pi` (UTC), incision +5, closing and patient_out at
    /// `minutes` after patient_in.
    fn run_case(
        &self,
        number: &str,
        date: &str,
        who: (&str, &str),
        payer: Option<&str>,
        pi: &str,
        minutes: i64,
    ) -> String {
        let (surgeon, procedure) = who;
        let case = self
            .w
            .user
            .create_case(NewCase {
                case_number: number.into(),
                scheduled_date: date.into(),
                start_time: Some("07:30".into()),
                or_room_id: Some(self.w.room.clone()),
                surgeon_id: Some(surgeon.into()),
                procedure_type_id: Some(procedure.into()),
                payer_id: payer.map(str::to_string),
                ..NewCase::default()
            })
            .unwrap();
        let start = at(pi);
        for (m, offset) in [("patient_in", 0), ("incision", 5), ("closing", minutes - 5), ("patient_out", minutes)] {
            self.w.clock.set(start + offset * MINUTE);
            self.w.user.record_milestone(&case, self.w.m(m), None, None).unwrap();
        }
        if self.w.user.case_stats(&case).unwrap().is_none() {
            self.w.user.validate_case(&case).unwrap();
        }
        case
    }

    fn stats(&self, case: &str) -> Value {
        Value::Object(self.w.user.case_stats(case).unwrap().expect("a stats row"))
    }

    fn money(&self, case: &str) -> [i64; 6] {
        let s = self.stats(case);
        let n = |k: &str| s[k].as_i64().unwrap();
        [n("total_debits"), n("total_credits"), n("net_cost"), n("reimbursement"), n("or_time_cost"), n("profit")]
    }

    fn rate(&self, cents: i64) {
        self.w.admin.update(RefTable::Facilities, &self.w.f, &obj(json!({ "or_hourly_rate": cents }))).unwrap();
    }

    /// Overwrites a stats row's profit behind the library's back: a later recompute of the case rewrites it.
    fn tamper(&self, case: &str) {
        self.w.fx.raw().execute("UPDATE case_completion_stats SET profit = -1 WHERE case_id = ?1", [case]).unwrap();
    }

    fn audit_actions(&self) -> Vec<String> {
        let q = AuditQuery { facility_id: Some(self.w.f.clone()), action: None, limit: Some(1000) };
        self.w.fx.global_admin().audit_log(&q).unwrap().into_iter().map(|r| r.action).collect()
    }
}

fn costs(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn kind<T: std::fmt::Debug>(r: orbit_core::Result<T>) -> ErrorKind {
    r.unwrap_err().kind()
}

// -------------------------------------------------------------------------------------------------------
// Worked examples

#[test]
fn e1_stored_stats_and_pricing_set_after_the_cases_reprices_them() {
    let f = Fin::new("2026-02-09T15:00:00Z");
    f.rate(6_000);
    let debit = f.w.admin.create(RefTable::CostCategories, &obj(json!({"name": "Supplies", "type": "debit"}))).unwrap();
    let credit = f.w.admin.create(RefTable::CostCategories, &obj(json!({"name": "Rebate", "type": "credit"}))).unwrap();
    let (debit, credit) = (debit["id"].as_str().unwrap(), credit["id"].as_str().unwrap());
    let who = (f.w.surgeon.as_str(), f.w.procedure.as_str());
    let c1 = f.run_case("1", "2026-02-10", who, None, "2026-02-10T12:35:20Z", 126);
    let c2 = f.run_case("2", "2026-02-10", who, None, "2026-02-10T15:05:00Z", 75);
    assert_eq!(f.stats(&c1)["profit"], json!(-12_600), "no pricing yet: only the OR time");
    f.w.clock.set(at("2026-02-11T15:00:00Z"));
    let save =
        f.w.admin
            .set_procedure_pricing(&ProcedurePricingInput {
                procedure_type_id: f.w.procedure.clone(),
                effective_from: Some("2026-01-01".into()),
                costs: costs(&[(debit, 100_000), (credit, 10_000)]),
                default_reimbursement: Some(500_000),
                payer_reimbursements: BTreeMap::new(),
            })
            .unwrap();
    assert_eq!((save.rows_written, save.repriced_cases), (3, 2));
    assert_eq!((save.pricing.total_debits, save.pricing.total_credits), (100_000, 10_000));
    assert_eq!(f.money(&c1), [100_000, 10_000, 90_000, 500_000, 12_600, 397_400]);
    assert_eq!(f.money(&c2), [100_000, 10_000, 90_000, 500_000, 7_500, 402_500]);
    assert_eq!(f.stats(&c1)["cost_source"], json!("procedure_default"));
}

/// E2 base pricing; returns (TKA, Dr A, Dr B).
fn e2_setup(f: &Fin) -> (String, String, String) {
    f.rate(150_000);
    let tka = f.procedure("TKA");
    let dr_a = f.w.another_surgeon("A");
    let dr_b = f.w.another_surgeon("B");
    let a = &f.w.admin;
    a.set_procedure_pricing(&ProcedurePricingInput {
        procedure_type_id: tka.clone(),
        effective_from: Some("2025-01-01".into()),
        costs: costs(&[
            (f.cat("Implants"), 420_000),
            (f.cat("Soft Goods"), 35_000),
            (f.cat("Device Rep Rebates"), 20_000),
        ]),
        default_reimbursement: Some(1_200_000),
        payer_reimbursements: costs(&[(f.payer("Medicare"), 1_050_000)]),
    })
    .unwrap();
    (tka, dr_a, dr_b)
}

#[test]
fn e2_effective_dating_overrides_payer_rates_and_the_rate_change() {
    let f = Fin::new("2025-01-02T15:00:00Z");
    let (tka, dr_a, dr_b) = e2_setup(&f);
    let a = &f.w.admin;
    let x = f.run_case("X", "2025-06-15", (&dr_a, &tka), Some(f.payer("Medicare")), "2025-06-15T12:00:00Z", 95);
    let y = f.run_case("Y", "2025-05-20", (&dr_b, &tka), Some(f.payer("Self-Pay")), "2025-05-20T12:00:00Z", 97);
    f.w.clock.set(at("2025-06-20T15:00:00Z"));
    // Implants 4 500.00 from June: only X (dated after) is re-priced.
    let implants = a.set_cost_item_version(&tka, f.cat("Implants"), 450_000, Some("2025-06-01")).unwrap();
    assert_eq!((implants.action.as_str(), implants.closed_item_ids.len(), implants.repriced_cases), ("created", 1, 1));
    // Dr A's Soft Goods override from March: X only (Dr B's Y is not Dr A's).
    let over = a.set_surgeon_cost_version(&dr_a, &tka, f.cat("Soft Goods"), 50_000, Some("2025-03-01")).unwrap();
    assert_eq!((over.item.surgeon_id.as_deref(), over.repriced_cases), (Some(dr_a.as_str()), 1));
    // Medicare 11 000.00 from July: no case is dated after.
    let medicare = a.set_reimbursement_version(&tka, Some(f.payer("Medicare")), 1_100_000, Some("2025-07-01")).unwrap();
    assert_eq!((medicare.action.as_str(), medicare.repriced_cases), ("created", 0));

    assert_eq!(f.money(&x), [500_000, 20_000, 480_000, 1_050_000, 237_500, 332_500]);
    assert_eq!(f.stats(&x)["cost_source"], json!("surgeon_override"));
    assert_eq!(f.money(&y), [455_000, 20_000, 435_000, 1_200_000, 242_500, 522_500]);
    assert_eq!(f.stats(&y)["cost_source"], json!("procedure_default"));

    // The pricing read resolves like the cost function.
    let px = a.procedure_pricing(&tka, Some("2025-06-15"), Some(&dr_a)).unwrap();
    assert_eq!((px.total_debits, px.total_credits, px.net_cost), (500_000, 20_000, 480_000));
    let soft = px.categories.iter().find(|c| c.name == "Soft Goods").unwrap();
    assert_eq!((soft.amount, soft.source.as_str()), (50_000, "surgeon_override"));
    let hard = px.categories.iter().find(|c| c.name == "Hard Goods").unwrap();
    assert_eq!((hard.amount, hard.source.as_str(), hard.item_id.clone()), (0, "none", None));
    assert_eq!(px.default_reimbursement.as_ref().unwrap().reimbursement, 1_200_000);
    assert_eq!(
        px.payer_reimbursements.iter().map(|p| (p.payer_name.clone().unwrap(), p.reimbursement)).collect::<Vec<_>>(),
        vec![("Medicare".to_string(), 1_050_000)]
    );
    let py = a.procedure_pricing(&tka, Some("2025-05-20"), None).unwrap();
    assert_eq!((py.total_debits, py.total_credits), (455_000, 20_000));
    let july = a.procedure_pricing(&tka, Some("2025-07-10"), None).unwrap();
    assert_eq!(july.payer_reimbursements[0].reimbursement, 1_100_000);
    let before = a.procedure_pricing(&tka, Some("2024-12-31"), None).unwrap();
    assert!(before.categories.iter().all(|c| c.source == "none") && before.default_reimbursement.is_none());

    // The OR rate is not dated: 1 200.00/h re-prices both.
    f.rate(120_000);
    assert_eq!(f.stats(&x)["profit"], json!(380_000));
    assert_eq!(f.stats(&y)["profit"], json!(571_000));
    // Rounding: 97 min at 1 234.56/h = 199 587.2 ¢ → 199 587 ¢.
    f.rate(123_456);
    assert_eq!(f.stats(&y)["or_time_cost"], json!(199_587));
}

// -------------------------------------------------------------------------------------------------------
// Targeted re-pricing (§2.4)

#[test]
fn repricing_visits_only_the_affected_cases() {
    let f = Fin::new("2025-05-01T15:00:00Z");
    let (tka, dr_a, dr_b) = e2_setup(&f);
    let other = f.procedure("Hip");
    let a_early = f.run_case("1", "2025-05-20", (&dr_a, &tka), None, "2025-05-20T12:00:00Z", 60);
    let a_late = f.run_case("2", "2025-06-15", (&dr_a, &tka), None, "2025-06-15T12:00:00Z", 60);
    let hip = f.run_case("3", "2025-06-15", (&dr_a, &other), None, "2025-06-15T14:00:00Z", 60);
    let b_late = f.run_case("4", "2025-06-20", (&dr_b, &tka), None, "2025-06-20T12:00:00Z", 60);
    f.w.clock.set(at("2025-07-01T15:00:00Z"));
    let all = [&a_early, &a_late, &hip, &b_late];
    let tampered = |ids: &[&String]| -> Vec<bool> {
        all.iter().map(|c| ids.contains(c) && f.stats(c)["profit"] == json!(-1)).collect()
    };
    let a = &f.w.admin;

    // A procedure row from June 1: the TKA cases dated on/after June 1 are recomputed, nothing else.
    all.iter().for_each(|c| f.tamper(c));
    let w = a.set_cost_item_version(&tka, f.cat("Hard Goods"), 1_000, Some("2025-06-01")).unwrap();
    assert_eq!(w.repriced_cases, 2);
    assert_eq!(tampered(&all), [true, false, true, false]);

    // An override for (Dr A, TKA) from June 1: only Dr A's TKA case after June 1.
    all.iter().for_each(|c| f.tamper(c));
    let o = a.set_surgeon_cost_version(&dr_a, &tka, f.cat("Implants"), 400_000, Some("2025-06-01")).unwrap();
    assert_eq!(o.repriced_cases, 1);
    assert_eq!(tampered(&all), [true, false, true, true]);

    // Ending that override on June 17: only Dr A's TKA cases after June 17 — none.
    all.iter().for_each(|c| f.tamper(c));
    let e = a.end_surgeon_cost_version(&o.item.id, Some("2025-06-17")).unwrap();
    assert_eq!((e.action.as_str(), e.repriced_cases), ("ended", 0));
    assert_eq!(tampered(&all), [true, true, true, true]);

    // Ending the Hard Goods row on June 17: the TKA cases from June 18 on (Dr B's).
    let e = a.end_cost_item_version(&w.item.id, Some("2025-06-17")).unwrap();
    assert_eq!(e.repriced_cases, 1);
    assert_eq!(tampered(&all), [true, true, true, false]);
    assert_eq!(f.stats(&b_late)["total_debits"], json!(455_000), "no Hard Goods after June 17");

    // A reimbursement row from June 16: TKA cases from June 16 on.
    all.iter().for_each(|c| f.tamper(c));
    let r = a.set_reimbursement_version(&tka, None, 1_300_000, Some("2025-06-16")).unwrap();
    assert_eq!(r.repriced_cases, 1);
    assert_eq!(tampered(&all), [true, true, true, false]);
    assert_eq!(f.stats(&b_late)["reimbursement"], json!(1_300_000));

    // An unchanged set writes nothing and recomputes nothing.
    all.iter().for_each(|c| f.tamper(c));
    let again = a.set_reimbursement_version(&tka, None, 1_300_000, Some("2025-06-16")).unwrap();
    assert_eq!((again.action.as_str(), again.repriced_cases), ("unchanged", 0));
    assert_eq!(tampered(&all), [true, true, true, true]);
}

// -------------------------------------------------------------------------------------------------------
// §2.5 version rules

#[test]
fn set_version_rules_conflict_update_in_place_insert_and_close() {
    let f = Fin::new("2025-01-02T15:00:00Z");
    let a = &f.w.admin;
    let (p, implants) = (f.w.procedure.as_str(), f.cat("Implants"));
    let first = a.set_cost_item_version(p, implants, 420_000, Some("2025-01-01")).unwrap();
    assert_eq!((first.action.as_str(), first.item.effective_to.clone()), ("created", None));
    let second = a.set_cost_item_version(p, implants, 450_000, Some("2025-06-01")).unwrap();
    assert_eq!(second.closed_item_ids, vec![first.item.id.clone()]);
    let history = a.procedure_pricing_history(p).unwrap().cost_items;
    assert_eq!(
        history.iter().map(|r| (r.effective_from.as_str(), r.effective_to.as_deref(), r.amount)).collect::<Vec<_>>(),
        vec![("2025-01-01", Some("2025-05-31"), 420_000), ("2025-06-01", None, 450_000)]
    );
    // Rule 1: a start before a later version → Conflict, nothing written.
    let before = f.w.content();
    assert_eq!(kind(a.set_cost_item_version(p, implants, 1, Some("2025-03-01"))), ErrorKind::Conflict);
    f.w.assert_unchanged(&before, "conflicting set");
    // Rule 2: same start → update in place.
    let same = a.set_cost_item_version(p, implants, 460_000, Some("2025-06-01")).unwrap();
    assert_eq!(
        (same.action.as_str(), same.item.id.clone(), same.item.amount),
        ("updated", second.item.id.clone(), 460_000)
    );
    assert_eq!(a.procedure_pricing_history(p).unwrap().cost_items.len(), 2);
    // Same value again: unchanged, no audit row.
    let audits = f.audit_actions().len();
    assert_eq!(a.set_cost_item_version(p, implants, 460_000, Some("2025-06-01")).unwrap().action, "unchanged");
    assert_eq!(f.audit_actions().len(), audits);
    // An ended row set again on its start is re-opened.
    a.end_cost_item_version(&second.item.id, Some("2025-08-31")).unwrap();
    let reopened = a.set_cost_item_version(p, implants, 460_000, Some("2025-06-01")).unwrap();
    assert_eq!((reopened.action.as_str(), reopened.item.effective_to.clone()), ("updated", None));
    // Rule 3 also ends a row that ends after the new start.
    a.end_cost_item_version(&second.item.id, Some("2025-12-31")).unwrap();
    let third = a.set_cost_item_version(p, implants, 470_000, Some("2025-09-01")).unwrap();
    assert_eq!(third.closed_item_ids, vec![second.item.id.clone()]);
    let history = a.procedure_pricing_history(p).unwrap().cost_items;
    assert_eq!(history[1].effective_to.as_deref(), Some("2025-08-31"));
    // After a gap, no closing is needed.
    a.end_cost_item_version(&third.item.id, Some("2025-09-30")).unwrap();
    let fourth = a.set_cost_item_version(p, implants, 1, Some("2025-11-01")).unwrap();
    assert!(fourth.closed_item_ids.is_empty());
    assert_eq!(
        a.procedure_pricing(p, Some("2025-10-15"), None)
            .unwrap()
            .categories
            .iter()
            .find(|c| c.name == "Implants")
            .unwrap()
            .source,
        "none"
    );
    let actions = f.audit_actions();
    for action in ["procedure_cost_items.created", "procedure_cost_items.updated", "procedure_cost_items.ended"] {
        assert!(actions.iter().any(|a| a == action), "{action}");
    }
}

#[test]
fn end_version_rules_and_date_defaults_follow_the_facility_clock() {
    // 03:00 UTC on June 10 is still June 9 in New York.
    let f = Fin::new("2025-06-10T03:00:00Z");
    let a = &f.w.admin;
    let (p, soft) = (f.w.procedure.as_str(), f.cat("Soft Goods"));
    let today = a.set_cost_item_version(p, soft, 100, None).unwrap();
    assert_eq!(today.item.effective_from, "2025-06-09");
    // Default end = local today − 1 = June 8, before the start → InvalidInput, nothing written.
    let before = f.w.content();
    assert_eq!(kind(a.end_cost_item_version(&today.item.id, None)), ErrorKind::InvalidInput);
    assert_eq!(kind(a.end_cost_item_version(&today.item.id, Some("2025-06-08"))), ErrorKind::InvalidInput);
    f.w.assert_unchanged(&before, "end before start");
    let old = a.set_cost_item_version(p, f.cat("Implants"), 100, Some("2025-01-01")).unwrap();
    let ended = a.end_cost_item_version(&old.item.id, None).unwrap();
    assert_eq!(ended.item.effective_to.as_deref(), Some("2025-06-08"));
    // Already ended → InvalidState (even with a valid date).
    let before = f.w.content();
    assert_eq!(kind(a.end_cost_item_version(&old.item.id, Some("2025-06-30"))), ErrorKind::InvalidState);
    f.w.assert_unchanged(&before, "end of an ended row");
    // Ending on the start day itself is allowed.
    assert_eq!(
        a.end_cost_item_version(&today.item.id, Some("2025-06-09")).unwrap().item.effective_to.as_deref(),
        Some("2025-06-09")
    );
    // Reimbursement default start too.
    let r = a.set_reimbursement_version(p, None, 5, None).unwrap();
    assert_eq!(r.reimbursement.effective_date, "2025-06-09");
    // The wrong table's end call does not find the row.
    assert_eq!(kind(a.end_surgeon_cost_version(&old.item.id, None)), ErrorKind::NotFound);
    assert_eq!(kind(a.end_cost_item_version(&orbit_core::values::new_id(), None)), ErrorKind::NotFound);
}

#[test]
fn reimbursement_versions_have_no_end_and_are_superseded() {
    let f = Fin::new("2025-01-02T15:00:00Z");
    let a = &f.w.admin;
    let p = f.w.procedure.as_str();
    let medicare = f.payer("Medicare");
    a.set_reimbursement_version(p, Some(medicare), 1_050_000, Some("2025-01-01")).unwrap();
    a.set_reimbursement_version(p, Some(medicare), 1_100_000, Some("2025-07-01")).unwrap();
    a.set_reimbursement_version(p, None, 1_200_000, Some("2025-01-01")).unwrap();
    assert_eq!(kind(a.set_reimbursement_version(p, Some(medicare), 1, Some("2025-03-01"))), ErrorKind::Conflict);
    // The default key is separate from the payer's: a default row before July is fine.
    a.set_reimbursement_version(p, None, 1_250_000, Some("2025-03-01")).unwrap();
    let same = a.set_reimbursement_version(p, Some(medicare), 1_000_000, Some("2025-07-01")).unwrap();
    assert_eq!(same.action, "updated");
    let history = a.procedure_pricing_history(p).unwrap().reimbursements;
    assert_eq!(
        history.iter().map(|r| (r.payer_id.is_some(), r.effective_date.as_str(), r.reimbursement)).collect::<Vec<_>>(),
        vec![
            (false, "2025-01-01", 1_200_000),
            (false, "2025-03-01", 1_250_000),
            (true, "2025-01-01", 1_050_000),
            (true, "2025-07-01", 1_000_000)
        ]
    );
    let june = a.procedure_pricing(p, Some("2025-06-30"), None).unwrap();
    assert_eq!(june.default_reimbursement.unwrap().reimbursement, 1_250_000);
    assert_eq!(june.payer_reimbursements[0].reimbursement, 1_050_000);
}

#[test]
fn set_procedure_pricing_is_all_or_nothing_and_clears_omitted_categories() {
    let f = Fin::new("2025-01-02T15:00:00Z");
    let a = &f.w.admin;
    let p = f.w.procedure.clone();
    let (implants, soft, hard, rebates) =
        (f.cat("Implants"), f.cat("Soft Goods"), f.cat("Hard Goods"), f.cat("Device Rep Rebates"));
    let input = |start: &str, c: &[(&str, i64)]| ProcedurePricingInput {
        procedure_type_id: p.clone(),
        effective_from: Some(start.into()),
        costs: costs(c),
        default_reimbursement: None,
        payer_reimbursements: BTreeMap::new(),
    };
    a.set_procedure_pricing(&ProcedurePricingInput {
        default_reimbursement: Some(100),
        payer_reimbursements: costs(&[(f.payer("Medicare"), 90)]),
        ..input("2025-01-01", &[(implants, 10), (soft, 20), (hard, 30), (rebates, 5)])
    })
    .unwrap();
    // From March: Soft Goods given 0, Hard Goods omitted → both end Feb 28; Implants changes; Rebates kept.
    let save = a.set_procedure_pricing(&input("2025-03-01", &[(implants, 11), (soft, 0), (rebates, 5)])).unwrap();
    let by_name = |pr: &orbit_core::financials::pricing::ProcedurePricing, n: &str| {
        let c = pr.categories.iter().find(|c| c.name == n).unwrap();
        (c.amount, c.source.clone())
    };
    assert_eq!(by_name(&save.pricing, "Implants"), (11, "procedure_default".into()));
    assert_eq!(by_name(&save.pricing, "Soft Goods"), (0, "none".into()));
    assert_eq!(by_name(&save.pricing, "Hard Goods"), (0, "none".into()));
    assert_eq!(by_name(&save.pricing, "Device Rep Rebates"), (5, "procedure_default".into()));
    // Rows written: Implants closed + inserted, Soft and Hard ended; Rebates unchanged (a start of its own
    // would be a new version: it is re-set from March).
    let history = a.procedure_pricing_history(&p).unwrap().cost_items;
    let rows = |id: &str| {
        history
            .iter()
            .filter(|r| r.cost_category_id == id)
            .map(|r| (r.effective_from.clone(), r.effective_to.clone(), r.amount))
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(soft), vec![("2025-01-01".into(), Some("2025-02-28".into()), 20)]);
    assert_eq!(rows(hard), vec![("2025-01-01".into(), Some("2025-02-28".into()), 30)]);
    assert_eq!(rows(rebates).len(), 2);
    // Reimbursements are set only when given.
    assert_eq!(a.procedure_pricing_history(&p).unwrap().reimbursements.len(), 2);
    assert_eq!(save.pricing.default_reimbursement.as_ref().unwrap().reimbursement, 100);
    // A row starting exactly at the start gets amount 0 when omitted.
    let again = a.set_procedure_pricing(&input("2025-03-01", &[(rebates, 5)])).unwrap();
    assert_eq!(by_name(&again.pricing, "Implants"), (0, "procedure_default".into()));
    assert_eq!(
        a.procedure_pricing_history(&p).unwrap().cost_items.iter().filter(|r| r.cost_category_id == implants).count(),
        2
    );
    // Any touched key with a later version → Conflict, nothing written: an omitted category's row...
    a.set_cost_item_version(&p, rebates, 6, Some("2025-09-01")).unwrap();
    let before = f.w.content();
    let e = a.set_procedure_pricing(&input("2025-05-01", &[(implants, 12)])).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    f.w.assert_unchanged(&before, "omitted category conflict");
    // ... or a given reimbursement's.
    a.set_reimbursement_version(&p, None, 3, Some("2025-12-01")).unwrap();
    let before = f.w.content();
    let with_default = ProcedurePricingInput {
        default_reimbursement: Some(2),
        ..input("2025-10-01", &[(implants, 12), (rebates, 6)])
    };
    assert_eq!(kind(a.set_procedure_pricing(&with_default)), ErrorKind::Conflict);
    f.w.assert_unchanged(&before, "reimbursement conflict");
    let ok = a.set_procedure_pricing(&input("2025-10-01", &[(implants, 12), (rebates, 6)])).unwrap();
    assert_eq!(by_name(&ok.pricing, "Implants"), (12, "procedure_default".into()));
    assert_eq!(ok.pricing.default_reimbursement.unwrap().reimbursement, 100, "not given: left as is");
}

#[test]
fn set_surgeon_overrides_sets_zero_and_refuses_dropping_a_same_day_override() {
    let f = Fin::new("2025-01-02T15:00:00Z");
    let (tka, dr_a, _) = e2_setup(&f);
    let a = &f.w.admin;
    let (implants, soft) = (f.cat("Implants"), f.cat("Soft Goods"));
    let input = |start: &str, c: &[(&str, i64)]| SurgeonOverridesInput {
        surgeon_id: dr_a.clone(),
        procedure_type_id: tka.clone(),
        effective_from: Some(start.into()),
        overrides: costs(c),
    };
    let save = a.set_surgeon_overrides(&input("2025-03-01", &[(soft, 50_000), (implants, 0)])).unwrap();
    assert_eq!(save.rows_written, 2);
    let cat = |s: &orbit_core::financials::pricing::PricingSave, n: &str| {
        let c = s.pricing.categories.iter().find(|c| c.name == n).unwrap();
        (c.amount, c.source.clone())
    };
    assert_eq!(cat(&save, "Implants"), (0, "surgeon_override".into()), "a zero override is real");
    assert_eq!(cat(&save, "Soft Goods"), (50_000, "surgeon_override".into()));
    assert_eq!(cat(&save, "Hard Goods"), (0, "none".into()));
    assert_eq!(cat(&save, "Device Rep Rebates"), (20_000, "procedure_default".into()));
    // Omitting an override that starts exactly at the start → Conflict, nothing written.
    let before = f.w.content();
    assert_eq!(kind(a.set_surgeon_overrides(&input("2025-03-01", &[(soft, 1)]))), ErrorKind::Conflict);
    f.w.assert_unchanged(&before, "omitted same-day override");
    // Later: Implants omitted → its override ends the day before; Soft Goods re-set.
    let later = a.set_surgeon_overrides(&input("2025-05-01", &[(soft, 60_000)])).unwrap();
    assert_eq!(cat(&later, "Implants"), (420_000, "procedure_default".into()));
    let rows = a.surgeon_overrides(&dr_a, Some(&tka)).unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.surgeon_id.as_deref() == Some(dr_a.as_str())));
    let implants_row = rows.iter().find(|r| r.cost_category_id == implants).unwrap();
    assert_eq!(implants_row.effective_to.as_deref(), Some("2025-04-30"));
    // Before a later override → Conflict.
    assert_eq!(kind(a.set_surgeon_overrides(&input("2025-04-01", &[(soft, 1)]))), ErrorKind::Conflict);
    assert_eq!(f.w.user.surgeon_overrides(&dr_a, None).unwrap().len(), 3);
}

// -------------------------------------------------------------------------------------------------------
// Validation and access

#[test]
fn invalid_references_and_amounts_are_refused_and_write_nothing() {
    let f = Fin::new("2025-01-02T15:00:00Z");
    let a = &f.w.admin;
    let p = f.w.procedure.clone();
    let g = f.w.fx.global_admin();
    let f2 = f.w.fx.facility("G");
    let foreign_cat =
        g.create(RefTable::CostCategories, &obj(json!({"name": "X", "type": "debit", "facility_id": f2})));
    let foreign_cat = foreign_cat.unwrap()["id"].as_str().unwrap().to_string();
    let foreign_payer = g
        .list(RefTable::Payers, &ListOptions { facility_id: Some(f2.clone()), ..Default::default() })
        .unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (foreign_user, _) = f.w.fx.member(&f2, "user", "Fay");
    let foreign_surgeon = foreign_user.id;
    let archived = a.create(RefTable::CostCategories, &obj(json!({"name": "Old", "type": "debit"}))).unwrap();
    let archived = archived["id"].as_str().unwrap().to_string();
    a.archive(RefTable::CostCategories, &archived).unwrap();
    let archived_proc = f.procedure("Gone");
    a.archive(RefTable::ProcedureTypes, &archived_proc).unwrap();
    let implants = f.cat("Implants");
    let before = f.w.content();
    let cases: Vec<(&str, orbit_core::Result<()>)> = vec![
        ("negative", a.set_cost_item_version(&p, implants, -1, None).map(|_| ())),
        (
            "too large",
            a.set_cost_item_version(&p, implants, orbit_core::financials::pricing::MAX_AMOUNT_CENTS + 1, None)
                .map(|_| ()),
        ),
        ("bad date", a.set_cost_item_version(&p, implants, 1, Some("2025-02-30")).map(|_| ())),
        ("bad id", a.set_cost_item_version("nope", implants, 1, None).map(|_| ())),
        ("bad end date", a.end_cost_item_version(&orbit_core::values::new_id(), Some("2025-13-01")).map(|_| ())),
        ("negative reimbursement", a.set_reimbursement_version(&p, None, -5, None).map(|_| ())),
        (
            "negative override",
            a.set_surgeon_overrides(&SurgeonOverridesInput {
                surgeon_id: f.w.surgeon.clone(),
                procedure_type_id: p.clone(),
                effective_from: None,
                overrides: costs(&[(implants, -1)]),
            })
            .map(|_| ()),
        ),
    ];
    for (what, r) in cases {
        assert_eq!(kind(r), ErrorKind::InvalidInput, "{what}");
    }
    let not_found: Vec<(&str, orbit_core::Result<()>)> = vec![
        ("foreign category", a.set_cost_item_version(&p, &foreign_cat, 1, None).map(|_| ())),
        ("unknown procedure", a.set_cost_item_version(&orbit_core::values::new_id(), implants, 1, None).map(|_| ())),
        ("foreign payer", a.set_reimbursement_version(&p, Some(&foreign_payer), 1, None).map(|_| ())),
        ("foreign surgeon", a.set_surgeon_cost_version(&foreign_surgeon, &p, implants, 1, None).map(|_| ())),
        (
            "foreign category in map",
            a.set_procedure_pricing(&ProcedurePricingInput {
                procedure_type_id: p.clone(),
                costs: costs(&[(&foreign_cat, 1)]),
                ..ProcedurePricingInput::default()
            })
            .map(|_| ()),
        ),
        (
            "foreign payer in map",
            a.set_procedure_pricing(&ProcedurePricingInput {
                procedure_type_id: p.clone(),
                payer_reimbursements: costs(&[(&foreign_payer, 1)]),
                ..ProcedurePricingInput::default()
            })
            .map(|_| ()),
        ),
    ];
    for (what, r) in not_found {
        assert_eq!(kind(r), ErrorKind::NotFound, "{what}");
    }
    let archived_refs: Vec<(&str, orbit_core::Result<()>)> = vec![
        ("archived category", a.set_cost_item_version(&p, &archived, 1, None).map(|_| ())),
        ("archived procedure", a.set_cost_item_version(&archived_proc, implants, 1, None).map(|_| ())),
    ];
    for (what, r) in archived_refs {
        assert_eq!(kind(r), ErrorKind::InvalidInput, "{what}");
    }
    f.w.assert_unchanged(&before, "refused calls");
    // An archived payer and an archived surgeon are refused too.
    let payer = f.payer("Self-Pay");
    a.archive(RefTable::Payers, payer).unwrap();
    let dr = f.w.another_surgeon("Gone");
    g.archive(RefTable::Users, &dr).unwrap();
    let before = f.w.content();
    assert_eq!(kind(a.set_reimbursement_version(&p, Some(payer), 1, None)), ErrorKind::InvalidInput);
    assert_eq!(kind(a.set_surgeon_cost_version(&dr, &p, implants, 1, None)), ErrorKind::InvalidInput);
    f.w.assert_unchanged(&before, "archived references");
}

#[test]
fn access_follows_section_0_3() {
    let f = Fin::new("2025-01-02T15:00:00Z");
    let p = f.w.procedure.clone();
    let implants = f.cat("Implants").to_string();
    let item = f.w.admin.set_cost_item_version(&p, &implants, 1, Some("2025-01-01")).unwrap().item.id;
    let (_, coordinator) = f.w.fx.member(&f.w.f, "coordinator", "Cora");
    let rep = f.w.device_rep();
    let anon = f.w.fx.orbit.anonymous();
    let other_f = f.w.fx.facility("Other");
    let (_, other_admin) = f.w.fx.member(&other_f, "facility_admin", "Oda");
    let write = |s: &Scope| -> ErrorKind {
        let r = [
            s.set_cost_item_version(&p, &implants, 2, Some("2025-02-01")).map(|_| ()),
            s.set_reimbursement_version(&p, None, 2, Some("2025-02-01")).map(|_| ()),
            s.set_surgeon_cost_version(&f.w.surgeon, &p, &implants, 2, Some("2025-02-01")).map(|_| ()),
            s.end_cost_item_version(&item, Some("2025-03-01")).map(|_| ()),
            s.set_procedure_pricing(&ProcedurePricingInput { procedure_type_id: p.clone(), ..Default::default() })
                .map(|_| ()),
            s.set_financial_target(&f.w.f, 2025, 6, 1).map(|_| ()),
            s.clear_financial_target(&f.w.f, 2025, 6).map(|_| ()),
        ];
        let kinds: Vec<ErrorKind> = r.into_iter().map(|x| x.unwrap_err().kind()).collect();
        assert!(kinds.iter().all(|k| *k == kinds[0]), "{kinds:?}");
        kinds[0]
    };
    let read = |s: &Scope| -> ErrorKind {
        let r = [
            s.procedure_pricing(&p, None, None).map(|_| ()),
            s.procedure_pricing_history(&p).map(|_| ()),
            s.surgeon_overrides(&f.w.surgeon, None).map(|_| ()),
            s.financial_targets(&f.w.f, 2025).map(|_| ()),
            s.target_progress(&f.w.f, 2025, 6, None).map(|_| ()),
        ];
        let kinds: Vec<ErrorKind> = r.into_iter().map(|x| x.unwrap_err().kind()).collect();
        assert!(kinds.iter().all(|k| *k == kinds[0]), "{kinds:?}");
        kinds[0]
    };
    let before = f.w.content();
    assert_eq!(write(&f.w.user), ErrorKind::PermissionDenied);
    assert_eq!(write(&coordinator), ErrorKind::PermissionDenied);
    assert_eq!(write(&rep), ErrorKind::PermissionDenied);
    assert_eq!(write(&anon), ErrorKind::PermissionDenied);
    assert_eq!(write(&other_admin), ErrorKind::NotFound);
    f.w.assert_unchanged(&before, "refused writes");
    assert_eq!(read(&rep), ErrorKind::PermissionDenied);
    assert_eq!(read(&anon), ErrorKind::PermissionDenied);
    assert_eq!(read(&other_admin), ErrorKind::NotFound);
    for member in [&f.w.user, &coordinator, &f.w.admin, &f.w.fx.global_admin()] {
        member.procedure_pricing(&p, None, None).unwrap();
        member.procedure_pricing_history(&p).unwrap();
        member.surgeon_overrides(&f.w.surgeon, None).unwrap();
        member.financial_targets(&f.w.f, 2025).unwrap();
        member.target_progress(&f.w.f, 2025, 6, None).unwrap();
    }
    // Global admins and the system write.
    f.w.fx.global_admin().set_cost_item_version(&p, &implants, 3, Some("2025-02-01")).unwrap();
    f.w.fx.orbit.system().set_financial_target(&f.w.f, 2025, 6, 10).unwrap();
}

// -------------------------------------------------------------------------------------------------------
// Reference writes that re-price (§1.1, §1.6, §2.4)

#[test]
fn category_writes_reprice_the_facility_and_archive_their_flag_rules() {
    let f = Fin::new("2025-01-02T15:00:00Z");
    let (tka, dr_a, _) = e2_setup(&f);
    let x = f.run_case("X", "2025-01-15", (&dr_a, &tka), None, "2025-01-15T12:00:00Z", 60);
    let a = &f.w.admin;
    let rebates = f.cat("Device Rep Rebates");
    // Create: every validated case is recomputed (the tampered row is rewritten).
    f.tamper(&x);
    let extra = a.create(RefTable::CostCategories, &obj(json!({"name": "Extra", "type": "debit"}))).unwrap();
    assert_eq!(f.stats(&x)["profit"], json!(1_200_000 - 455_000 + 20_000 - 150_000));
    // Type change: the rebate becomes a debit.
    a.update(RefTable::CostCategories, rebates, &obj(json!({"type": "debit"}))).unwrap();
    assert_eq!((f.stats(&x)["total_debits"].clone(), f.stats(&x)["total_credits"].clone()), (json!(475_000), json!(0)));
    a.update(RefTable::CostCategories, rebates, &obj(json!({"type": "credit"}))).unwrap();
    // Archive (through update) drops the amount and archives the category's flag rules; restore brings the
    // amount back but not the rules.
    let rule = a
        .create_flag_rule(orbit_core::NewFlagRule {
            name: "Rebates".into(),
            metric: format!("cost_category_{rebates}"),
            ..Default::default()
        })
        .unwrap();
    let rule_id = rule["id"].as_str().unwrap().to_string();
    let rule_active = || -> bool {
        f.w.fx.raw().query_row("SELECT is_active FROM flag_rules WHERE id = ?1", [&rule_id], |r| r.get(0)).unwrap()
    };
    a.update(RefTable::CostCategories, rebates, &obj(json!({"is_active": false}))).unwrap();
    assert_eq!(f.stats(&x)["total_credits"], json!(0));
    assert!(!rule_active());
    assert!(f.audit_actions().iter().any(|a| a == "flag_rules.archived"));
    a.restore(RefTable::CostCategories, rebates).unwrap();
    assert_eq!(f.stats(&x)["total_credits"], json!(20_000));
    assert!(!rule_active(), "restoring the category does not restore its rules");
    // archive() too.
    a.archive(RefTable::CostCategories, extra["id"].as_str().unwrap()).unwrap();
    f.tamper(&x);
    a.restore(RefTable::CostCategories, extra["id"].as_str().unwrap()).unwrap();
    assert_ne!(f.stats(&x)["profit"], json!(-1));
    // The time zone re-prices too (recompute of every case).
    f.tamper(&x);
    a.update(RefTable::Facilities, &f.w.f, &obj(json!({"timezone": "America/Chicago"}))).unwrap();
    assert_ne!(f.stats(&x)["profit"], json!(-1));
}

// -------------------------------------------------------------------------------------------------------
// Targets (§1.7, §5)

#[test]
fn targets_set_clear_list_and_e5_progress() {
    let f = Fin::new("2025-06-01T15:00:00Z");
    let a = &f.w.admin;
    let p = f.w.procedure.clone();
    a.set_reimbursement_version(&p, None, 3_250_000, Some("2025-06-01")).unwrap();
    let s = f.w.surgeon.clone();
    f.run_case("J1", "2025-06-10", (&s, &p), None, "2025-06-10T12:00:00Z", 60);
    let excluded = f.run_case("J2", "2025-06-11", (&s, &p), None, "2025-06-11T12:00:00Z", 60);
    f.w.user.exclude_case(&excluded, None).unwrap();
    f.run_case("July", "2025-07-01", (&s, &p), None, "2025-07-01T12:00:00Z", 60);
    f.run_case("May", "2025-05-31", (&s, &p), None, "2025-05-31T12:00:00Z", 60);
    let t = a.set_financial_target(&f.w.f, 2025, 6, 5_000_000).unwrap();
    assert_eq!((t.year, t.month, t.profit_target), (2025, 6, 5_000_000));
    let p18 = f.w.user.target_progress(&f.w.f, 2025, 6, Some("2025-06-18")).unwrap();
    assert_eq!((p18.target, p18.month_profit, p18.month_reimbursement), (Some(5_000_000), 3_250_000, 3_250_000));
    assert_eq!(p18.progress_percent, Some(65.0));
    assert_eq!(p18.remaining, Some(1_750_000));
    assert_eq!((p18.days_remaining, p18.operating_days_left, p18.needed_per_operating_day), (12, 9, 194_445));
    assert!((p18.target_margin_percent.unwrap() - 153.846_153_846).abs() < 1e-6);
    // Default as_of: facility-local today by the library clock (the last record moved it to 2025-07-01).
    f.w.clock.set(at("2025-07-01T02:00:00Z")); // June 30, 22:00 in New York
    let today = f.w.user.target_progress(&f.w.f, 2025, 6, None).unwrap();
    assert_eq!((today.as_of.as_str(), today.days_remaining, today.operating_days_left), ("2025-06-30", 0, 1));
    // Upsert, list, clear.
    let updated = a.set_financial_target(&f.w.f, 2025, 6, 6_000_000).unwrap();
    assert_eq!((updated.id.clone(), updated.profit_target), (t.id.clone(), 6_000_000));
    a.set_financial_target(&f.w.f, 2025, 12, 0).unwrap();
    let year = f.w.user.financial_targets(&f.w.f, 2025).unwrap();
    assert_eq!(year.len(), 12);
    assert_eq!(
        year.iter().map(|t| t.as_ref().map(|t| t.profit_target)).collect::<Vec<_>>(),
        [None, None, None, None, None, Some(6_000_000), None, None, None, None, None, Some(0)]
    );
    assert!(a.clear_financial_target(&f.w.f, 2025, 6).unwrap());
    assert!(!a.clear_financial_target(&f.w.f, 2025, 6).unwrap());
    let none = f.w.user.target_progress(&f.w.f, 2025, 6, Some("2025-06-18")).unwrap();
    assert_eq!(
        (none.target, none.progress_percent, none.remaining, none.needed_per_operating_day),
        (None, None, None, 0)
    );
    let actions = f.audit_actions();
    for action in ["financial_targets.created", "financial_targets.updated", "financial_targets.deleted"] {
        assert!(actions.iter().any(|a| a == action), "{action}");
    }
    // Validation, nothing written.
    let before = f.w.content();
    for r in [
        a.set_financial_target(&f.w.f, 2019, 6, 1).map(|_| ()),
        a.set_financial_target(&f.w.f, 2025, 13, 1).map(|_| ()),
        a.set_financial_target(&f.w.f, 2025, 0, 1).map(|_| ()),
        a.set_financial_target(&f.w.f, 2025, 6, -1).map(|_| ()),
        a.set_financial_target("x", 2025, 6, 1).map(|_| ()),
        a.clear_financial_target(&f.w.f, 2100, 1).map(|_| ()),
    ] {
        assert_eq!(kind(r), ErrorKind::InvalidInput);
    }
    assert_eq!(kind(f.w.user.target_progress(&f.w.f, 2025, 6, Some("June"))), ErrorKind::InvalidInput);
    assert_eq!(
        kind(f.w.fx.global_admin().set_financial_target(&orbit_core::values::new_id(), 2025, 6, 1)),
        ErrorKind::NotFound
    );
    f.w.assert_unchanged(&before, "refused target calls");
}

// -------------------------------------------------------------------------------------------------------
// Property: random set/end sequences on one key, through the store

mod model {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    #[derive(Debug, Clone)]
    enum Op {
        Set(u8, i64),
        /// End the `n`-th row of the key's history (mod its length) on day `e`.
        End(usize, u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (0u8..30, 0i64..4).prop_map(|(s, a)| Op::Set(s, a)),
            2 => (0usize..6, 0u8..30).prop_map(|(i, e)| Op::End(i, e)),
        ]
    }

    fn day(i: u8) -> String {
        (chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(u64::from(i)))
            .format("%Y-%m-%d")
            .to_string()
    }

    #[test]
    fn versions_never_overlap_and_resolve_like_a_day_model() {
        let f = Fin::new("2025-01-02T15:00:00Z");
        let a = &f.w.admin;
        let category = f.cat("Implants").to_string();
        let mut runner = TestRunner::new(Config { cases: 48, ..Config::default() });
        let n = std::cell::Cell::new(0);
        runner
            .run(&proptest::collection::vec(op(), 1..14), |ops| {
                n.set(n.get() + 1);
                let p = f.procedure(&format!("P{}", n.get()));
                // The naive model: the amount on each of 32 days; the latest start and whether its row is open.
                let mut model: Vec<Option<i64>> = vec![None; 32];
                let mut latest: Option<(u8, bool)> = None;
                for op in ops {
                    match op {
                        Op::Set(s, amount) => {
                            let r = a.set_cost_item_version(&p, &category, amount, Some(&day(s)));
                            if latest.is_some_and(|(l, _)| l > s) {
                                prop_assert_eq!(r.unwrap_err().kind(), ErrorKind::Conflict);
                            } else {
                                r.unwrap();
                                latest = Some((s, true));
                                model.iter_mut().skip(usize::from(s)).for_each(|m| *m = Some(amount));
                            }
                        }
                        Op::End(i, e) => {
                            let history = a.procedure_pricing_history(&p).unwrap().cost_items;
                            if history.is_empty() {
                                continue;
                            }
                            let row = &history[i % history.len()];
                            let is_latest = row.effective_from == day(latest.unwrap().0);
                            let r = a.end_cost_item_version(&row.id, Some(&day(e)));
                            match latest {
                                Some((l, true)) if is_latest && e >= l => {
                                    r.unwrap();
                                    latest = Some((l, false));
                                    model.iter_mut().skip(usize::from(e) + 1).for_each(|m| *m = None);
                                }
                                Some((_, true)) if is_latest => {
                                    prop_assert_eq!(r.unwrap_err().kind(), ErrorKind::InvalidInput)
                                }
                                _ => prop_assert_eq!(r.unwrap_err().kind(), ErrorKind::InvalidState),
                            }
                        }
                    }
                }
                let history = a.procedure_pricing_history(&p).unwrap().cost_items;
                for x in &history {
                    for y in &history {
                        if x.id != y.id {
                            let end = |r: &orbit_core::financials::pricing::CostItem| {
                                r.effective_to.clone().unwrap_or("9999-12-31".into())
                            };
                            prop_assert!(
                                !(x.effective_from <= end(y) && y.effective_from <= end(x)),
                                "{x:?} overlaps {y:?}"
                            );
                        }
                    }
                }
                for (i, m) in model.iter().enumerate() {
                    let pricing = a.procedure_pricing(&p, Some(&day(i as u8)), None).unwrap();
                    let c = pricing.categories.iter().find(|c| c.cost_category_id == category).unwrap();
                    let got = (c.source != "none").then_some(c.amount);
                    prop_assert_eq!(got, *m, "day {}", i);
                }
                Ok(())
            })
            .unwrap();
    }
}
