//! The per-case stats formulas of lifecycle-and-stats.md §4.1 as a pure function: the case, its peers of
//! the same day (N(X)) and its money in, the 41-column values out. No `Connection`.

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::clock::Millis;
use crate::values;

/// `minutes(a, b)` = (b − a) / 60 000, unrounded.
pub fn minutes(a: Millis, b: Millis) -> f64 {
    (b - a) as f64 / 60_000.0
}

/// Rounds half away from zero (C4).
pub fn round_int(x: f64) -> i64 {
    x.round() as i64
}

/// OR time cost (financials-kpis.md §1.6, §2.2 step 4) in cents: `round_money(minutes × rate / 60)`, rounded
/// half away from zero (W3); 0 without a rate. Stats rows pass whole minutes, projections a median.
pub fn or_time_cost_cents(minutes: f64, rate_cents_per_hour: Option<i64>) -> i64 {
    rate_cents_per_hour.map_or(0, |rate| round_int(minutes * rate as f64 / 60.0))
}

/// The case being computed.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseInput {
    /// Scheduled date (facility-local).
    pub case_date: NaiveDate,
    /// Scheduled start (facility-local).
    pub start_time: Option<NaiveTime>,
    /// The facility's zone.
    pub tz: Tz,
    /// OR room.
    pub or_room_id: Option<String>,
    /// Surgeon.
    pub surgeon_id: Option<String>,
    /// "Patient called" instant.
    pub call_time: Option<Millis>,
    /// patient_in.
    pub pi: Millis,
    /// patient_out.
    pub po: Millis,
    /// incision.
    pub inc: Option<Millis>,
    /// closing (start of closing).
    pub cl: Option<Millis>,
    /// anes_start.
    pub anes_start: Option<Millis>,
    /// anes_end.
    pub anes_end: Option<Millis>,
}

/// A case of N(X) on the same date: same facility, not a draft, not cancelled, not X.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    /// OR room.
    pub or_room_id: Option<String>,
    /// Surgeon.
    pub surgeon_id: Option<String>,
    /// patient_in.
    pub pi: Option<Millis>,
    /// patient_out.
    pub po: Option<Millis>,
    /// closing.
    pub cl: Option<Millis>,
}

/// The money inputs (from the cost function, §4.2), in cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// Reimbursement.
    pub reimbursement: i64,
    /// Σ debit categories.
    pub total_debits: i64,
    /// Σ credit categories.
    pub total_credits: i64,
    /// The facility's OR rate, cents per hour.
    pub or_hourly_rate: Option<i64>,
    /// `surgeon_override` or `procedure_default`.
    pub cost_source: &'static str,
}

/// The computed columns (identity columns are copied by the store).
#[derive(Debug, Clone, PartialEq)]
pub struct StatsValues {
    /// `local_time(pi)`.
    pub actual_start_time: String,
    /// round_int(minutes(pi, po)).
    pub total_duration_minutes: i64,
    /// round_int(minutes(inc, cl)).
    pub surgical_duration_minutes: Option<i64>,
    /// minutes(anes_start, anes_end).
    pub anesthesia_duration_minutes: Option<f64>,
    /// minutes(call_time, pi).
    pub call_to_patient_in_minutes: Option<f64>,
    /// minutes(scheduled start instant, pi).
    pub schedule_variance_minutes: Option<f64>,
    /// Minutes since the previous patient_out in the room.
    pub room_turnover_minutes: Option<f64>,
    /// Minutes from the surgeon's previous closing to this incision.
    pub surgical_turnover_minutes: Option<f64>,
    /// First case of the room-day.
    pub is_first_case_of_day_room: bool,
    /// First case of the surgeon-day.
    pub is_first_case_of_day_surgeon: bool,
    /// Distinct rooms of the surgeon-day.
    pub surgeon_room_count: i64,
    /// Position in the surgeon-day.
    pub surgeon_case_sequence: i64,
    /// Position in the room-day.
    pub room_case_sequence: i64,
    /// Reimbursement (cents).
    pub reimbursement: i64,
    /// Σ debits (cents).
    pub total_debits: i64,
    /// Σ credits (cents).
    pub total_credits: i64,
    /// debits − credits.
    pub net_cost: i64,
    /// round_money(total minutes × rate / 60), 0 without a rate.
    pub or_time_cost: i64,
    /// reimbursement − debits + credits − or_time_cost.
    pub profit: i64,
    /// The rate used.
    pub or_hourly_rate: Option<i64>,
    /// Where the amounts came from.
    pub cost_source: &'static str,
}

/// §4.1 for case `x` among `peers` (N(X) on the same date).
pub fn compute(x: &CaseInput, peers: &[Peer], money: &Money) -> StatsValues {
    let same_room = |p: &&Peer| x.or_room_id.is_some() && p.or_room_id == x.or_room_id;
    let same_surgeon = |p: &&Peer| x.surgeon_id.is_some() && p.surgeon_id == x.surgeon_id;
    let started_before = |p: &&Peer| p.pi.is_some_and(|t| t < x.pi);
    let room_seq = if x.or_room_id.is_none() {
        1
    } else {
        1 + peers.iter().filter(same_room).filter(started_before).count() as i64
    };
    let surgeon_seq = if x.surgeon_id.is_none() {
        1
    } else {
        1 + peers.iter().filter(same_surgeon).filter(started_before).count() as i64
    };
    let room_turnover = if room_seq == 1 {
        None
    } else {
        peers
            .iter()
            .filter(same_room)
            .filter_map(|p| p.po)
            .filter(|&po| po < x.pi)
            .max()
            .map(|prev| minutes(prev, x.pi))
    };
    let surgical_turnover = if surgeon_seq == 1 {
        None
    } else {
        let prev_close = peers.iter().filter(same_surgeon).filter_map(|p| p.cl).filter(|&cl| cl < x.pi).max();
        prev_close.zip(x.inc).map(|(prev, inc)| minutes(prev, inc))
    };
    let surgeon_room_count = if x.surgeon_id.is_none() {
        0
    } else {
        let mut rooms: Vec<&String> = peers
            .iter()
            .filter(same_surgeon)
            .filter_map(|p| p.or_room_id.as_ref())
            .chain(x.or_room_id.as_ref())
            .collect();
        rooms.sort();
        rooms.dedup();
        rooms.len() as i64
    };
    let total = round_int(minutes(x.pi, x.po));
    let or_time_cost = or_time_cost_cents(total as f64, money.or_hourly_rate);
    StatsValues {
        actual_start_time: values::local_time(x.pi, x.tz),
        total_duration_minutes: total,
        surgical_duration_minutes: x.inc.zip(x.cl).map(|(i, c)| round_int(minutes(i, c))),
        anesthesia_duration_minutes: x.anes_start.zip(x.anes_end).map(|(s, e)| minutes(s, e)),
        call_to_patient_in_minutes: x.call_time.map(|c| minutes(c, x.pi)),
        schedule_variance_minutes: x.start_time.map(|t| minutes(values::local_instant(x.case_date, t, x.tz), x.pi)),
        room_turnover_minutes: room_turnover,
        surgical_turnover_minutes: surgical_turnover,
        is_first_case_of_day_room: room_seq == 1,
        is_first_case_of_day_surgeon: surgeon_seq == 1,
        surgeon_room_count,
        surgeon_case_sequence: surgeon_seq,
        room_case_sequence: room_seq,
        reimbursement: money.reimbursement,
        total_debits: money.total_debits,
        total_credits: money.total_credits,
        net_cost: money.total_debits - money.total_credits,
        or_time_cost,
        profit: money.reimbursement - money.total_debits + money.total_credits - or_time_cost,
        or_hourly_rate: money.or_hourly_rate,
        cost_source: money.cost_source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Millis {
        values::parse_rfc3339("t", s).unwrap()
    }

    fn money() -> Money {
        Money {
            reimbursement: 500_000,
            total_debits: 100_000,
            total_credits: 10_000,
            or_hourly_rate: Some(6_000),
            cost_source: "procedure_default",
        }
    }

    fn c1() -> CaseInput {
        CaseInput {
            case_date: NaiveDate::from_ymd_opt(2026, 2, 10).unwrap(),
            start_time: NaiveTime::from_hms_opt(7, 30, 0),
            tz: "America/New_York".parse().unwrap(),
            or_room_id: Some("OR1".into()),
            surgeon_id: Some("S".into()),
            call_time: None,
            pi: t("2026-02-10T12:35:20Z"),
            po: t("2026-02-10T14:40:50Z"),
            inc: Some(t("2026-02-10T13:10:00Z")),
            cl: Some(t("2026-02-10T14:20:40Z")),
            anes_start: None,
            anes_end: None,
        }
    }

    #[test]
    fn case_c1_of_w7_1() {
        let s = compute(&c1(), &[], &money());
        assert_eq!((s.total_duration_minutes, s.surgical_duration_minutes), (126, Some(71)));
        assert_eq!(s.actual_start_time, "07:35:20");
        assert!((s.schedule_variance_minutes.unwrap() - 5.333_333).abs() < 1e-5);
        assert_eq!((s.room_case_sequence, s.surgeon_case_sequence, s.surgeon_room_count), (1, 1, 1));
        assert!(s.is_first_case_of_day_room && s.is_first_case_of_day_surgeon);
        assert_eq!((s.room_turnover_minutes, s.surgical_turnover_minutes), (None, None));
        assert_eq!((s.or_time_cost, s.net_cost, s.profit), (12_600, 90_000, 397_400));
    }

    #[test]
    fn case_c2_of_w7_1_turns_over_after_c1() {
        let c = c1();
        let peer = Peer {
            or_room_id: c.or_room_id.clone(),
            surgeon_id: c.surgeon_id.clone(),
            pi: Some(c.pi),
            po: Some(c.po),
            cl: c.cl,
        };
        let c2 = CaseInput {
            start_time: NaiveTime::from_hms_opt(10, 0, 0),
            pi: t("2026-02-10T15:05:00Z"),
            po: t("2026-02-10T16:20:00Z"),
            inc: Some(t("2026-02-10T15:30:00Z")),
            cl: Some(t("2026-02-10T16:00:00Z")),
            ..c
        };
        let s = compute(&c2, &[peer], &money());
        assert_eq!((s.total_duration_minutes, s.surgical_duration_minutes), (75, Some(30)));
        assert_eq!((s.room_case_sequence, s.surgeon_case_sequence), (2, 2));
        assert!((s.room_turnover_minutes.unwrap() - 24.166_667).abs() < 1e-5);
        assert!((s.surgical_turnover_minutes.unwrap() - 69.333_333).abs() < 1e-5);
        assert_eq!((s.schedule_variance_minutes, s.or_time_cost, s.profit), (Some(5.0), 7_500, 402_500));
    }

    #[test]
    fn money_rounds_half_away_from_zero_w3() {
        let m = Money { or_hourly_rate: Some(5_555), ..money() };
        let mut x = c1();
        x.po = x.pi + 126 * 60_000;
        assert_eq!(compute(&x, &[], &m).or_time_cost, 11_666);
        x.po = x.pi + 125 * 60_000;
        assert_eq!(compute(&x, &[], &m).or_time_cost, 11_573);
        let none = Money { or_hourly_rate: None, ..money() };
        assert_eq!(compute(&x, &[], &none).or_time_cost, 0);
    }

    #[test]
    fn cases_started_at_the_same_instant_are_all_first() {
        let c = c1();
        let twin = Peer {
            or_room_id: c.or_room_id.clone(),
            surgeon_id: c.surgeon_id.clone(),
            pi: Some(c.pi),
            po: Some(c.po),
            cl: None,
        };
        let s = compute(&c, &[twin], &money());
        assert!(s.is_first_case_of_day_room && s.is_first_case_of_day_surgeon);
    }
}
