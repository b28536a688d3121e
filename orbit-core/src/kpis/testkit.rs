//! Test fixtures of the KPI engine: a fluent [`CaseBuilder`], the worked examples' zone and dates.

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::clock::Millis;
use crate::kpis::model::{ClosingWorkflow, KpiCase, KpiInput, KpiRoom, KpiSettings};
use crate::scoring::Period;

/// The facility zone of the worked examples.
pub(crate) const TZ: Tz = chrono_tz::America::New_York;

/// 2025-03-`d` (03-09 is the spring-forward Sunday; 03-10 is EDT, UTC−4).
pub(crate) fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
}

/// The period 2025-03-`from` … 2025-03-`to`.
pub(crate) fn period(from: u32, to: u32) -> Period {
    Period::new(day(from), day(to)).unwrap()
}

/// The instant of a local wall-clock time `HH:MM:SS` in [`TZ`].
pub(crate) fn local(date: NaiveDate, hms: &str) -> Millis {
    crate::values::local_instant(date, NaiveTime::parse_from_str(hms, "%H:%M:%S").unwrap(), TZ)
}

/// The instant of a UTC wall-clock time `HH:MM:SS` on `date`.
pub(crate) fn utc(date: NaiveDate, hms: &str) -> Millis {
    date.and_time(NaiveTime::parse_from_str(hms, "%H:%M:%S").unwrap()).and_utc().timestamp_millis()
}

/// The input of `period` in [`TZ`] with the default previous period and no filter.
pub(crate) fn input<'a>(cases: &'a [KpiCase], settings: &'a KpiSettings, period: Period) -> KpiInput<'a> {
    KpiInput::new(cases, settings, TZ, period)
}

/// An active room named like its id, without a saved week.
pub(crate) fn room(id: &str, hours: f64) -> KpiRoom {
    KpiRoom {
        id: id.into(),
        name: id.into(),
        display_order: 0,
        available_hours: hours,
        is_active: true,
        has_saved_week: false,
    }
}

/// A fluent builder of a KPI case: number = id, status `scheduled`, no surgeon, room or times.
#[derive(Debug, Clone)]
pub(crate) struct CaseBuilder(KpiCase);

impl CaseBuilder {
    pub(crate) fn new(id: &str, date: NaiveDate) -> Self {
        CaseBuilder(KpiCase {
            id: id.into(),
            case_number: id.into(),
            scheduled_date: date,
            status: "scheduled".into(),
            ..Default::default()
        })
    }
    pub(crate) fn number(mut self, n: &str) -> Self {
        self.0.case_number = n.into();
        self
    }
    pub(crate) fn status(mut self, s: &str) -> Self {
        self.0.status = s.into();
        self
    }
    pub(crate) fn draft(mut self) -> Self {
        self.0.is_draft = true;
        self
    }
    pub(crate) fn excluded(mut self) -> Self {
        self.0.is_excluded = true;
        self
    }
    /// Surgeon `s`: last name `s`, first name `{s}-first`.
    pub(crate) fn surgeon(mut self, s: &str) -> Self {
        self.0.surgeon_id = Some(s.into());
        self.0.surgeon_last_name = Some(s.into());
        self.0.surgeon_first_name = Some(format!("{s}-first"));
        self
    }
    pub(crate) fn pa_closes(mut self, handoff_minutes: i64) -> Self {
        self.0.closing_workflow = ClosingWorkflow::PaCloses;
        self.0.closing_handoff_minutes = handoff_minutes;
        self
    }
    /// Room `r`, named like its id.
    pub(crate) fn room(mut self, r: &str) -> Self {
        self.0.or_room_id = Some(r.into());
        self.0.room_name = Some(r.into());
        self
    }
    pub(crate) fn procedure(mut self, p: &str) -> Self {
        self.0.procedure_type_id = Some(p.into());
        self.0.procedure_name = Some(format!("Procedure {p}"));
        self
    }
    pub(crate) fn start(mut self, hhmm: &str) -> Self {
        self.0.start_time = Some(hhmm.into());
        self
    }
    pub(crate) fn expected(mut self, minutes: f64) -> Self {
        self.0.expected_duration_minutes = Some(minutes);
        self
    }
    /// Milestone `name` at a local time on the scheduled date.
    pub(crate) fn at(mut self, name: &str, hms: &str) -> Self {
        let at = local(self.0.scheduled_date, hms);
        assert!(self.0.set_milestone(name, Some(at)), "unknown milestone {name}");
        self
    }
    /// Milestone `name` at a UTC time on the scheduled date.
    pub(crate) fn at_utc(mut self, name: &str, hms: &str) -> Self {
        let at = utc(self.0.scheduled_date, hms);
        assert!(self.0.set_milestone(name, Some(at)), "unknown milestone {name}");
        self
    }
    pub(crate) fn cancelled_at(mut self, at: Option<Millis>) -> Self {
        self.0.cancelled_at = at;
        self
    }
    pub(crate) fn build(self) -> KpiCase {
        self.0
    }
}
