//! Generator configuration (scheduling-patientflow.md §11.2) with its documented defaults, the constants of
//! the planning rules (§11.3–§11.5), the default fixture of §11.8, and the records the operations return.
//!
//! A configuration arrives as JSON ([`DemoConfig::from_json`]); every key is optional except a surgeon's
//! `surgeon_id`, `specialty`, `operating_days`, `day_rooms` and `procedure_type_ids`. Unknown keys are
//! `InvalidInput` naming the key, so a misspelt outlier type is never silently ignored.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};

// ---------------------------------------------------------------------------------------------------------
// Defaults and limits of the configuration (§11.2)

/// `months_of_history` default.
pub const DEFAULT_MONTHS_OF_HISTORY: u32 = 6;
/// Upper bound of `months_of_history` (library limit).
pub const MAX_MONTHS_OF_HISTORY: u32 = 36;
/// Upper bound of `days_of_history` / `days_ahead` (library limit).
pub const MAX_DAYS: u32 = 1_100;
/// Months of scheduled (future) cases after today when `days_ahead` is not given.
pub const DEFAULT_MONTHS_AHEAD: u32 = 1;
/// Upper bound of `cases_per_day.max` (library limit).
pub const MAX_CASES_PER_DAY: i64 = 20;
/// Upper bound of `bad_days_per_month`.
pub const MAX_BAD_DAYS_PER_MONTH: u32 = 3;
/// Default outlier `frequency` (percent).
pub const DEFAULT_OUTLIER_FREQUENCY: u32 = 30;

/// A surgeon's speed profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeedProfile {
    /// Fast.
    Fast,
    /// Average (default).
    Average,
    /// Slow.
    Slow,
}

impl SpeedProfile {
    /// The stored/JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeedProfile::Fast => "fast",
            SpeedProfile::Average => "average",
            SpeedProfile::Slow => "slow",
        }
    }

    /// Default per-case `speed_multiplier_range`, percent (fast 65–75, average 90–110, slow 120–140).
    pub fn multiplier_range(self) -> PercentRange {
        match self {
            SpeedProfile::Fast => PercentRange { min: 65, max: 75 },
            SpeedProfile::Average => PercentRange { min: 90, max: 110 },
            SpeedProfile::Slow => PercentRange { min: 120, max: 140 },
        }
    }

    /// Tier-3 surgical minutes when the procedure name has no fixed range (fast 28–35, average 48–59, slow
    /// 65–88).
    pub fn tier3_minutes(self) -> (i64, i64) {
        match self {
            SpeedProfile::Fast => (28, 35),
            SpeedProfile::Average => (48, 59),
            SpeedProfile::Slow => (65, 88),
        }
    }

    /// Flip-room callback point, percent of the previous case's surgical time (fast 20–40, average 50–70,
    /// slow 80–100).
    pub fn callback_percent(self) -> (i64, i64) {
        match self {
            SpeedProfile::Fast => (20, 40),
            SpeedProfile::Average => (50, 70),
            SpeedProfile::Slow => (80, 100),
        }
    }

    /// Minutes a future flip-room case is assumed to take without an expected duration (fast 60, others 90).
    pub fn flip_fallback_minutes(self) -> i64 {
        if self == SpeedProfile::Fast { 60 } else { 90 }
    }
}

/// A surgeon's specialty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Specialty {
    /// Total joints.
    Joint,
    /// Hand and wrist.
    HandWrist,
    /// Spine.
    Spine,
}

impl Specialty {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Specialty::Joint => "joint",
            Specialty::HandWrist => "hand_wrist",
            Specialty::Spine => "spine",
        }
    }

    /// Minutes of a case outside the surgical time (joint 40, spine 48, hand_wrist 30), subtracted from an
    /// expected duration to get the surgical time S.
    pub fn overhead_minutes(self) -> i64 {
        match self {
            Specialty::Joint => 40,
            Specialty::Spine => 48,
            Specialty::HandWrist => 30,
        }
    }

    /// Default `cases_per_day` (hand_wrist 5–7, spine 3–5, joint by speed: fast 6–8, average 4–6, slow 3–4).
    pub fn default_cases_per_day(self, speed: SpeedProfile) -> CountRange {
        let (min, max) = match (self, speed) {
            (Specialty::HandWrist, _) => (5, 7),
            (Specialty::Spine, _) => (3, 5),
            (Specialty::Joint, SpeedProfile::Fast) => (6, 8),
            (Specialty::Joint, SpeedProfile::Average) => (4, 6),
            (Specialty::Joint, SpeedProfile::Slow) => (3, 4),
        };
        CountRange { min, max }
    }

    /// The milestone offset table of §11.4 step 4: `(milestone, offset)` in recording order after
    /// patient_in. Fixed offsets are scaled by k; `AfterIncision(d)` = incision base + S + d (not scaled).
    pub fn offsets(self) -> &'static [(&'static str, Offset)] {
        use Offset::{AfterIncision as A, Fixed as F};
        match self {
            Specialty::Joint => &[
                ("anes_start", F(3)),
                ("anes_end", F(15)),
                ("prep_drape_start", F(17)),
                ("prep_drape_complete", F(25)),
                ("incision", F(28)),
                ("closing", A(0)),
                ("closing_complete", A(8)),
                ("patient_out", A(12)),
            ],
            Specialty::HandWrist => &[
                ("prep_drape_start", F(8)),
                ("prep_drape_complete", F(15)),
                ("incision", F(18)),
                ("closing", A(0)),
                ("closing_complete", A(5)),
                ("patient_out", A(10)),
            ],
            Specialty::Spine => &[
                ("anes_start", F(3)),
                ("anes_end", F(18)),
                ("prep_drape_start", F(20)),
                ("prep_drape_complete", F(28)),
                ("incision", F(32)),
                ("closing", A(0)),
                ("closing_complete", A(12)),
                ("patient_out", A(20)),
            ],
        }
    }

    /// The unscaled incision offset (the base of the formula offsets).
    pub fn incision_base(self) -> i64 {
        match self {
            Specialty::Joint => 28,
            Specialty::HandWrist => 18,
            Specialty::Spine => 32,
        }
    }
}

/// A milestone offset of the §11.4 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offset {
    /// Minutes after patient_in, multiplied by k and `round_js`-ed.
    Fixed(i64),
    /// incision base + S + these minutes (not scaled).
    AfterIncision(i64),
}

/// Tier-3 surgical minutes by procedure name (§11.4 step 2).
pub const TIER3_BY_NAME: [(&str, i64, i64); 10] = [
    ("Distal Radius ORIF", 45, 60),
    ("Carpal Tunnel Release", 15, 25),
    ("Trigger Finger Release", 10, 15),
    ("Wrist Arthroscopy", 30, 45),
    ("TFCC Repair", 35, 50),
    ("Lumbar Microdiscectomy", 45, 60),
    ("ACDF", 60, 90),
    ("Lumbar Laminectomy", 50, 75),
    ("Posterior Cervical Foraminotomy", 40, 55),
    ("Kyphoplasty", 30, 45),
];

/// An inclusive whole-percent range (`{min, max}`), drawn as `U(min, max) / 100`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PercentRange {
    /// Lower bound (percent).
    pub min: i64,
    /// Upper bound (percent).
    pub max: i64,
}

/// An inclusive count range (`{min, max}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CountRange {
    /// Lower bound.
    pub min: i64,
    /// Upper bound.
    pub max: i64,
}

/// The outlier types of §11.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OutlierKind {
    /// Minutes late for the first case of the day (and a cascade on the day's later cases).
    #[serde(rename = "lateStarts")]
    LateStarts,
    /// Total same-room turnover minutes.
    #[serde(rename = "longTurnovers")]
    LongTurnovers,
    /// Percent added to the surgical time.
    #[serde(rename = "extendedPhases")]
    ExtendedPhases,
    /// Extra flip-room callback minutes.
    #[serde(rename = "callbackDelays")]
    CallbackDelays,
    /// Percent removed from the surgical time.
    #[serde(rename = "fastCases")]
    FastCases,
}

impl OutlierKind {
    /// Every type, in the spec's order.
    pub const ALL: [OutlierKind; 5] = [
        OutlierKind::LateStarts,
        OutlierKind::LongTurnovers,
        OutlierKind::ExtendedPhases,
        OutlierKind::CallbackDelays,
        OutlierKind::FastCases,
    ];

    /// The JSON key.
    pub fn as_str(self) -> &'static str {
        match self {
            OutlierKind::LateStarts => "lateStarts",
            OutlierKind::LongTurnovers => "longTurnovers",
            OutlierKind::ExtendedPhases => "extendedPhases",
            OutlierKind::CallbackDelays => "callbackDelays",
            OutlierKind::FastCases => "fastCases",
        }
    }

    /// The default range (lateStarts 15–45, longTurnovers 30–60, extendedPhases 40–80, callbackDelays 10–25,
    /// fastCases 15–25).
    pub fn default_range(self) -> (i64, i64) {
        match self {
            OutlierKind::LateStarts => (15, 45),
            OutlierKind::LongTurnovers => (30, 60),
            OutlierKind::ExtendedPhases => (40, 80),
            OutlierKind::CallbackDelays => (10, 25),
            OutlierKind::FastCases => (15, 25),
        }
    }

    /// The allowed range bounds (lateStarts 5–90, longTurnovers 20–90, extendedPhases 10–200, callbackDelays
    /// 5–60, fastCases 5–50).
    pub fn allowed(self) -> (i64, i64) {
        match self {
            OutlierKind::LateStarts => (5, 90),
            OutlierKind::LongTurnovers => (20, 90),
            OutlierKind::ExtendedPhases => (10, 200),
            OutlierKind::CallbackDelays => (5, 60),
            OutlierKind::FastCases => (5, 50),
        }
    }
}

/// One outlier type's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outlier {
    /// On (default off).
    pub enabled: bool,
    /// Percent chance per draw (default 30).
    pub frequency: u32,
    /// Range lower bound (unit per type).
    pub range_min: i64,
    /// Range upper bound.
    pub range_max: i64,
}

impl Outlier {
    /// The defaults of `kind` (off, 30 %, the default range).
    pub fn default_for(kind: OutlierKind) -> Outlier {
        let (range_min, range_max) = kind.default_range();
        Outlier { enabled: false, frequency: DEFAULT_OUTLIER_FREQUENCY, range_min, range_max }
    }

    /// On, at `frequency` percent, with the default range.
    pub fn on(kind: OutlierKind, frequency: u32) -> Outlier {
        Outlier { enabled: true, frequency, ..Outlier::default_for(kind) }
    }
}

/// The five outlier settings of a surgeon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outliers {
    /// lateStarts.
    #[serde(rename = "lateStarts")]
    pub late_starts: Outlier,
    /// longTurnovers.
    #[serde(rename = "longTurnovers")]
    pub long_turnovers: Outlier,
    /// extendedPhases.
    #[serde(rename = "extendedPhases")]
    pub extended_phases: Outlier,
    /// callbackDelays.
    #[serde(rename = "callbackDelays")]
    pub callback_delays: Outlier,
    /// fastCases.
    #[serde(rename = "fastCases")]
    pub fast_cases: Outlier,
}

impl Default for Outliers {
    fn default() -> Self {
        Outliers {
            late_starts: Outlier::default_for(OutlierKind::LateStarts),
            long_turnovers: Outlier::default_for(OutlierKind::LongTurnovers),
            extended_phases: Outlier::default_for(OutlierKind::ExtendedPhases),
            callback_delays: Outlier::default_for(OutlierKind::CallbackDelays),
            fast_cases: Outlier::default_for(OutlierKind::FastCases),
        }
    }
}

impl Outliers {
    /// The settings of `kind`.
    pub fn get(&self, kind: OutlierKind) -> &Outlier {
        match kind {
            OutlierKind::LateStarts => &self.late_starts,
            OutlierKind::LongTurnovers => &self.long_turnovers,
            OutlierKind::ExtendedPhases => &self.extended_phases,
            OutlierKind::CallbackDelays => &self.callback_delays,
            OutlierKind::FastCases => &self.fast_cases,
        }
    }

    fn get_mut(&mut self, kind: OutlierKind) -> &mut Outlier {
        match kind {
            OutlierKind::LateStarts => &mut self.late_starts,
            OutlierKind::LongTurnovers => &mut self.long_turnovers,
            OutlierKind::ExtendedPhases => &mut self.extended_phases,
            OutlierKind::CallbackDelays => &mut self.callback_delays,
            OutlierKind::FastCases => &mut self.fast_cases,
        }
    }
}

/// One surgeon's generator settings (§11.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurgeonConfig {
    /// The surgeon (an active user of the facility).
    pub surgeon_id: String,
    /// Speed profile (default average).
    pub speed_profile: SpeedProfile,
    /// Specialty.
    pub specialty: Specialty,
    /// Operating weekdays, 1 = Monday … 5 = Friday (at least one), ascending.
    pub operating_days: Vec<u8>,
    /// Rooms per operating weekday: one, or two for a flip-room day.
    pub day_rooms: BTreeMap<u8, Vec<String>>,
    /// Procedures the surgeon performs (at least one active procedure).
    pub procedure_type_ids: Vec<String>,
    /// Preferred implant vendor (`Stryker`, `Zimmer Biomet`, `DePuy Synthes`), or none.
    pub preferred_vendor: Option<String>,
    /// Cases per operating day (default by specialty and speed).
    pub cases_per_day: CountRange,
    /// Per-case speed multiplier, percent (default by speed).
    pub speed_multiplier_range: PercentRange,
    /// Outlier settings (all off by default).
    pub outliers: Outliers,
    /// Bad days per calendar month, 0..3 (default 0): every enabled outlier fires on them.
    pub bad_days_per_month: u32,
}

impl SurgeonConfig {
    /// A surgeon with the defaults for `speed` and `specialty`.
    pub fn new(surgeon_id: &str, speed: SpeedProfile, specialty: Specialty) -> SurgeonConfig {
        SurgeonConfig {
            surgeon_id: surgeon_id.to_string(),
            speed_profile: speed,
            specialty,
            operating_days: Vec::new(),
            day_rooms: BTreeMap::new(),
            procedure_type_ids: Vec::new(),
            preferred_vendor: None,
            cases_per_day: specialty.default_cases_per_day(speed),
            speed_multiplier_range: speed.multiplier_range(),
            outliers: Outliers::default(),
            bad_days_per_month: 0,
        }
    }
}

/// The preferred-vendor names a configuration accepts (matched to the facility's implant companies by name).
pub const VENDORS: [&str; 3] = ["Stryker", "Zimmer Biomet", "DePuy Synthes"];

/// A generator configuration (§11.2). `surgeons: None` = the §11.8 roster, found by name in the facility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoConfig {
    /// History length in months before today (default 6; day-of-month clamped).
    pub months_of_history: u32,
    /// History length in days (library extension): overrides `months_of_history` when set.
    pub days_of_history: Option<u32>,
    /// Scheduled days after today (library extension): default one month (day-of-month clamped).
    pub days_ahead: Option<u32>,
    /// Purge the facility's case data first (default true).
    pub purge_first: bool,
    /// Per-surgeon settings, in order (the order of the random draws).
    pub surgeons: Option<Vec<SurgeonConfig>>,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            months_of_history: DEFAULT_MONTHS_OF_HISTORY,
            days_of_history: None,
            days_ahead: None,
            purge_first: true,
            surgeons: None,
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// JSON parsing

fn key(prefix: &str, k: &str) -> String {
    if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") }
}

fn int(v: &Value, param: &str) -> Result<i64> {
    crate::values::json_i64(v).ok_or_else(|| Error::invalid(param, "must be an integer"))
}

fn bounded(v: &Value, param: &str, lo: i64, hi: i64) -> Result<i64> {
    let n = int(v, param)?;
    if !(lo..=hi).contains(&n) {
        return Err(Error::invalid(param, format!("must be between {lo} and {hi}")));
    }
    Ok(n)
}

fn object<'a>(v: &'a Value, param: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| Error::invalid(param, "must be an object"))
}

fn string(v: &Value, param: &str) -> Result<String> {
    v.as_str().map(str::to_string).ok_or_else(|| Error::invalid(param, "must be a string"))
}

fn strings(v: &Value, param: &str) -> Result<Vec<String>> {
    let list = v.as_array().ok_or_else(|| Error::invalid(param, "must be an array of ids"))?;
    list.iter().map(|x| string(x, param)).collect()
}

fn range(v: &Value, param: &str, lo: i64, hi: i64) -> Result<(i64, i64)> {
    let m = object(v, param)?;
    for k in m.keys() {
        if k != "min" && k != "max" {
            return Err(Error::invalid(&key(param, k), "is not a key of a range (min, max)"));
        }
    }
    let get = |k: &str| m.get(k).ok_or_else(|| Error::invalid(&key(param, k), "is required"));
    let min = bounded(get("min")?, &key(param, "min"), lo, hi)?;
    let max = bounded(get("max")?, &key(param, "max"), lo, hi)?;
    if max < min {
        return Err(Error::invalid(param, "max must be at least min"));
    }
    Ok((min, max))
}

fn outlier(v: &Value, param: &str, kind: OutlierKind, mut o: Outlier) -> Result<Outlier> {
    let (lo, hi) = kind.allowed();
    for (k, x) in object(v, param)? {
        let p = key(param, k);
        match k.as_str() {
            "enabled" => o.enabled = x.as_bool().ok_or_else(|| Error::invalid(&p, "must be true or false"))?,
            "frequency" => o.frequency = bounded(x, &p, 0, 100)? as u32,
            "range_min" => o.range_min = bounded(x, &p, lo, hi)?,
            "range_max" => o.range_max = bounded(x, &p, lo, hi)?,
            _ => {
                return Err(Error::invalid(&p, "is not an outlier setting (enabled, frequency, range_min, range_max)"));
            }
        }
    }
    if o.range_max < o.range_min {
        return Err(Error::invalid(param, "range_max must be at least range_min"));
    }
    Ok(o)
}

impl SurgeonConfig {
    /// Parses one surgeon's settings (`param` names it in errors, e.g. `config.surgeons[0]`). References
    /// (surgeon, rooms, procedures, vendor) are checked against the facility by the store.
    pub fn from_json(v: &Value, param: &str) -> Result<SurgeonConfig> {
        let m = object(v, param)?;
        let req =
            |k: &str| m.get(k).filter(|x| !x.is_null()).ok_or_else(|| Error::invalid(&key(param, k), "is required"));
        let speed = match m.get("speed_profile").filter(|x| !x.is_null()) {
            None => SpeedProfile::Average,
            Some(x) => match x.as_str() {
                Some("fast") => SpeedProfile::Fast,
                Some("average") => SpeedProfile::Average,
                Some("slow") => SpeedProfile::Slow,
                _ => return Err(Error::invalid(&key(param, "speed_profile"), "must be fast, average or slow")),
            },
        };
        let specialty = match req("specialty")?.as_str() {
            Some("joint") => Specialty::Joint,
            Some("hand_wrist") => Specialty::HandWrist,
            Some("spine") => Specialty::Spine,
            _ => return Err(Error::invalid(&key(param, "specialty"), "must be joint, hand_wrist or spine")),
        };
        let surgeon_id = string(req("surgeon_id")?, &key(param, "surgeon_id"))?;
        let mut c = SurgeonConfig::new(&surgeon_id, speed, specialty);
        for (k, x) in m {
            let p = key(param, k);
            match k.as_str() {
                "surgeon_id" | "speed_profile" | "specialty" => {}
                "operating_days" => {
                    let list = x.as_array().ok_or_else(|| Error::invalid(&p, "must be an array of weekdays 1..5"))?;
                    let mut days: Vec<u8> =
                        list.iter().map(|d| bounded(d, &p, 1, 5).map(|d| d as u8)).collect::<Result<_>>()?;
                    days.sort_unstable();
                    days.dedup();
                    c.operating_days = days;
                }
                "day_rooms" => {
                    for (day, rooms) in object(x, &p)? {
                        let dp = key(&p, day);
                        let d: u8 = day
                            .parse()
                            .ok()
                            .filter(|d| (1..=5).contains(d))
                            .ok_or_else(|| Error::invalid(&dp, "must be keyed by weekday 1..5"))?;
                        let rooms = strings(rooms, &dp)?;
                        if rooms.is_empty() || rooms.len() > 2 || (rooms.len() == 2 && rooms[0] == rooms[1]) {
                            return Err(Error::invalid(&dp, "must list one room, or two different rooms (flip day)"));
                        }
                        c.day_rooms.insert(d, rooms);
                    }
                }
                "procedure_type_ids" => c.procedure_type_ids = strings(x, &p)?,
                "preferred_vendor" => {
                    c.preferred_vendor = match x {
                        Value::Null => None,
                        Value::String(s) if s == "none" => None,
                        Value::String(s) if VENDORS.contains(&s.as_str()) => Some(s.clone()),
                        _ => return Err(Error::invalid(&p, "must be Stryker, Zimmer Biomet, DePuy Synthes or none")),
                    }
                }
                "cases_per_day" => {
                    let (min, max) = range(x, &p, 1, MAX_CASES_PER_DAY)?;
                    c.cases_per_day = CountRange { min, max };
                }
                "speed_multiplier_range" => {
                    let (min, max) = range(x, &p, 10, 300)?;
                    c.speed_multiplier_range = PercentRange { min, max };
                }
                "outliers" => {
                    for (name, o) in object(x, &p)? {
                        let kind = OutlierKind::ALL.into_iter().find(|k| k.as_str() == name).ok_or_else(|| {
                            Error::invalid(
                                &key(&p, name),
                                "is not an outlier type (lateStarts, longTurnovers, extendedPhases, callbackDelays, fastCases)",
                            )
                        })?;
                        let current = *c.outliers.get(kind);
                        *c.outliers.get_mut(kind) = outlier(o, &key(&p, name), kind, current)?;
                    }
                }
                "bad_days_per_month" => {
                    c.bad_days_per_month = bounded(x, &p, 0, i64::from(MAX_BAD_DAYS_PER_MONTH))? as u32
                }
                _ => return Err(Error::invalid(&p, "is not a surgeon setting")),
            }
        }
        if c.operating_days.is_empty() {
            return Err(Error::invalid(&key(param, "operating_days"), "must name at least one weekday 1..5"));
        }
        for d in &c.operating_days {
            if !c.day_rooms.contains_key(d) {
                return Err(Error::invalid(&key(param, "day_rooms"), format!("needs the rooms of weekday {d}")));
            }
        }
        c.day_rooms.retain(|d, _| c.operating_days.contains(d));
        if c.procedure_type_ids.is_empty() {
            return Err(Error::invalid(&key(param, "procedure_type_ids"), "must name at least one procedure"));
        }
        Ok(c)
    }
}

impl DemoConfig {
    /// Parses a configuration object (`None` or `{}` = every default).
    pub fn from_json(v: Option<&Map<String, Value>>) -> Result<DemoConfig> {
        let mut c = DemoConfig::default();
        let Some(m) = v else { return Ok(c) };
        for (k, x) in m {
            let p = key("config", k);
            if x.is_null() {
                continue;
            }
            match k.as_str() {
                "months_of_history" => {
                    c.months_of_history = bounded(x, &p, 0, i64::from(MAX_MONTHS_OF_HISTORY))? as u32
                }
                "days_of_history" => c.days_of_history = Some(bounded(x, &p, 0, i64::from(MAX_DAYS))? as u32),
                "days_ahead" => c.days_ahead = Some(bounded(x, &p, 0, i64::from(MAX_DAYS))? as u32),
                "purge_first" => {
                    c.purge_first = x.as_bool().ok_or_else(|| Error::invalid(&p, "must be true or false"))?
                }
                "surgeons" => {
                    let list =
                        x.as_array().ok_or_else(|| Error::invalid(&p, "must be an array of surgeon settings"))?;
                    if list.is_empty() {
                        return Err(Error::invalid(&p, "must name at least one surgeon"));
                    }
                    let surgeons: Vec<SurgeonConfig> = list
                        .iter()
                        .enumerate()
                        .map(|(i, s)| SurgeonConfig::from_json(s, &format!("config.surgeons[{i}]")))
                        .collect::<Result<_>>()?;
                    c.surgeons = Some(surgeons);
                }
                _ => {
                    return Err(Error::invalid(
                        &p,
                        "is not a generator setting (months_of_history, days_of_history, days_ahead, purge_first, surgeons)",
                    ));
                }
            }
        }
        Ok(c)
    }
}

// ---------------------------------------------------------------------------------------------------------
// Constants of the planning rules (§11.3–§11.5)

/// First scheduled start (minutes after midnight) of a fast joint surgeon: 07:00.
pub const FAST_JOINT_FIRST_START: i64 = 7 * 60;
/// First scheduled start of everyone else: 07:30.
pub const FIRST_START: i64 = 7 * 60 + 30;
/// A case is planned only while its running start is before this minute of the day (24:00): later cases of
/// an overlong day are dropped (library choice; never reached with the §11.2 limits and default ranges).
pub const LAST_START_MINUTE: i64 = 24 * 60 - 1;
/// Start variance: probability of the usual `U(−5, 10)` band, else `U(10, 30)`.
pub const ON_TIME_BAND_PROBABILITY: f64 = 0.8;
/// Usual start variance band (minutes).
pub const USUAL_VARIANCE: (i64, i64) = (-5, 10);
/// Late start variance band (minutes).
pub const LATE_VARIANCE: (i64, i64) = (10, 30);
/// Extra variance on the first case of a late-start day, on top of L.
pub const LATE_DAY_EXTRA: (i64, i64) = (0, 5);
/// Tier-1/2 surgical time noise: `U(−5, 5)`.
pub const EXPECTED_NOISE: (i64, i64) = (-5, 5);
/// Minimum surgical time before noise for tiers 1 and 2.
pub const MIN_SURGICAL_MINUTES: i64 = 15;
/// call_time before the scheduled start: first case of the day.
pub const FIRST_CALL_LEAD: (i64, i64) = (30, 45);
/// call_time before the scheduled start: later cases.
pub const CALL_LEAD: (i64, i64) = (15, 25);
/// Probability of each milestone outlier (anes_end, closing, closing_complete).
pub const MILESTONE_OUTLIER_PROBABILITY: f64 = 0.15;
/// anes_end outlier: `U(off + 5, off + 12)`.
pub const ANES_END_OUTLIER: (i64, i64) = (5, 12);
/// closing outlier: `U(off + 5, off + 15)`.
pub const CLOSING_OUTLIER: (i64, i64) = (5, 15);
/// closing_complete outlier: `U(off + 5, off + 12)`.
pub const CLOSING_COMPLETE_OUTLIER: (i64, i64) = (5, 12);
/// Seconds added to every recorded milestone (patient_in included): `U(0, 59)`.
pub const SECONDS: (i64, i64) = (0, 59);
/// Flip-room gap after the surgeon leaves: `U(3, 8)` minutes.
pub const FLIP_GAP: (i64, i64) = (3, 8);
/// Same-room turnover: `U(15, 25)` minutes.
pub const TURNOVER: (i64, i64) = (15, 25);
/// Single-room running time after a case without patient_out (future cases).
pub const NO_PATIENT_OUT_MINUTES: i64 = 90;
/// Probability of a bilateral joint case.
pub const BILATERAL_PROBABILITY: f64 = 0.08;
/// Payer weights by name; any other active payer of the facility weighs [`OTHER_PAYER_WEIGHT`].
pub const PAYER_WEIGHTS: [(&str, f64); 4] =
    [("Medicare", 0.45), ("BCBS", 0.30), ("Aetna", 0.125), ("UnitedHealthcare", 0.125)];
/// Weight of a payer not named in [`PAYER_WEIGHTS`].
pub const OTHER_PAYER_WEIGHT: f64 = 0.25;
/// Probability the anesthesia provider is not on a hand_wrist case.
pub const HAND_NO_ANESTHESIA_PROBABILITY: f64 = 0.3;
/// Share of historical cases cancelled.
pub const CANCELLATION_SHARE: f64 = 0.03;
/// Hours before the scheduled start a cancellation is stamped: `U(6, 18)`.
pub const CANCELLATION_LEAD_HOURS: (i64, i64) = (6, 18);
/// Share of non-cancelled historical cases with a delay: r uniform in `[0.05, 0.08)`.
pub const DELAY_SHARE: (f64, f64) = (0.05, 0.08);
/// Delay minutes: `U(5, 45)`.
pub const DELAY_MINUTES: (i64, i64) = (5, 45);
/// Joint cases: probability of the "standard" complexity (else "complex").
pub const JOINT_STANDARD_PROBABILITY: f64 = 0.7;
/// Joint cases: probability of a second complexity.
pub const SECOND_COMPLEXITY_PROBABILITY: f64 = 0.10;
/// Probability a surgeon gets template overrides (when non-default templates exist).
pub const TEMPLATE_SURGEON_PROBABILITY: f64 = 0.3;
/// Probability of an override per procedure of such a surgeon.
pub const TEMPLATE_PROCEDURE_PROBABILITY: f64 = 0.5;
/// Share of non-cancelled historical cases left unvalidated (data-quality queue).
pub const UNVALIDATED_SHARE: f64 = 0.02;

// ---------------------------------------------------------------------------------------------------------
// The default fixture (§11.8)

/// The fixture's facility name (`provision_demo_facility` reuses a facility of this name).
pub const DEMO_FACILITY_NAME: &str = "Demo Surgery Center";
/// The fixture's time zone.
pub const DEMO_TIMEZONE: &str = "America/New_York";
/// The fixture's case-number prefix (also the generator's default prefix).
pub const DEMO_PREFIX: &str = "DEMO";
/// The fixture's OR rate: 1 500.00 per hour, in cents.
pub const DEMO_OR_HOURLY_RATE_CENTS: i64 = 150_000;
/// The fixture's rooms.
pub const DEMO_ROOMS: [&str; 4] = ["OR 1", "OR 2", "OR 3", "OR 4"];
/// Payers added to the provisioned ones.
pub const DEMO_PAYERS: [&str; 3] = ["BCBS", "Aetna", "UnitedHealthcare"];
/// Cancellation reasons: (name, category).
pub const DEMO_CANCELLATION_REASONS: [(&str, &str); 5] = [
    ("patient_illness", "patient"),
    ("patient_no_show", "patient"),
    ("surgeon_unavailable", "scheduling"),
    ("abnormal_labs", "clinical"),
    ("equipment_unavailable", "external"),
];
/// Delay types.
pub const DEMO_DELAY_TYPES: [&str; 5] =
    ["late_patient", "late_surgeon", "anesthesia_delay", "equipment_issue", "room_not_ready"];
/// Complexities: (name, display name).
pub const DEMO_COMPLEXITIES: [(&str, &str); 2] = [("standard", "Standard"), ("complex", "Complex")];
/// Medicare's rate: 80 % of the default reimbursement, rounded to whole dollars.
pub const DEMO_MEDICARE_PERCENT: i64 = 80;
/// The effective date of the fixture's prices.
pub const DEMO_PRICING_EFFECTIVE: &str = "2000-01-01";

/// One fixture procedure with its prices (whole dollars).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoProcedure {
    /// Name.
    pub name: &'static str,
    /// Specialty (which roster surgeons perform it).
    pub specialty: Specialty,
    /// `expected_duration_minutes` (tier 2), if any.
    pub expected_minutes: Option<i64>,
    /// Default reimbursement (payer NULL).
    pub reimbursement: i64,
    /// Implants cost.
    pub implants: i64,
    /// Soft Goods cost.
    pub soft_goods: i64,
    /// Hard Goods cost.
    pub hard_goods: i64,
    /// Device Rep Rebates (credit).
    pub rebates: i64,
}

impl DemoProcedure {
    /// The costs by cost-category name (the provisioned categories), whole dollars.
    pub fn costs(&self) -> [(&'static str, i64); 4] {
        [
            ("Implants", self.implants),
            ("Soft Goods", self.soft_goods),
            ("Hard Goods", self.hard_goods),
            ("Device Rep Rebates", self.rebates),
        ]
    }
}

const fn proc(
    name: &'static str,
    specialty: Specialty,
    expected_minutes: Option<i64>,
    prices: [i64; 5],
) -> DemoProcedure {
    let [reimbursement, implants, soft_goods, hard_goods, rebates] = prices;
    DemoProcedure { name, specialty, expected_minutes, reimbursement, implants, soft_goods, hard_goods, rebates }
}

/// The §11.8 procedure and pricing table.
pub const DEMO_PROCEDURES: [DemoProcedure; 14] = [
    proc("THA", Specialty::Joint, Some(120), [14_500, 4_800, 650, 300, 250]),
    proc("TKA", Specialty::Joint, Some(110), [13_800, 4_400, 600, 300, 250]),
    proc("Mako THA", Specialty::Joint, Some(130), [16_000, 5_200, 700, 450, 300]),
    proc("Mako TKA", Specialty::Joint, Some(120), [15_500, 4_900, 650, 450, 300]),
    proc("Distal Radius ORIF", Specialty::HandWrist, None, [6_200, 1_100, 300, 150, 0]),
    proc("Carpal Tunnel Release", Specialty::HandWrist, None, [2_400, 0, 150, 80, 0]),
    proc("Trigger Finger Release", Specialty::HandWrist, None, [1_900, 0, 120, 60, 0]),
    proc("Wrist Arthroscopy", Specialty::HandWrist, None, [4_300, 0, 250, 200, 0]),
    proc("TFCC Repair", Specialty::HandWrist, None, [5_100, 350, 250, 200, 0]),
    proc("Lumbar Microdiscectomy", Specialty::Spine, None, [9_800, 0, 500, 350, 0]),
    proc("ACDF", Specialty::Spine, None, [18_500, 3_600, 700, 400, 200]),
    proc("Lumbar Laminectomy", Specialty::Spine, None, [11_200, 0, 550, 350, 0]),
    proc("Posterior Cervical Foraminotomy", Specialty::Spine, None, [9_400, 0, 450, 300, 0]),
    proc("Kyphoplasty", Specialty::Spine, None, [7_600, 1_400, 350, 200, 100]),
];

/// One roster surgeon of §11.8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSurgeon {
    /// First name (authored).
    pub first_name: &'static str,
    /// Last name (the spec's name; the roster is found by it).
    pub last_name: &'static str,
    /// Specialty.
    pub specialty: Specialty,
    /// Speed.
    pub speed: SpeedProfile,
    /// (weekday, rooms by name).
    pub days: &'static [(u8, &'static [&'static str])],
    /// `pa_closes` with this handoff (minutes), else surgeon_closes.
    pub pa_closes_handoff: Option<i64>,
    /// Preferred vendor.
    pub vendor: Option<&'static str>,
    /// Enabled outliers with their frequency (percent), default ranges.
    pub outliers: &'static [(OutlierKind, u32)],
    /// Bad days per month.
    pub bad_days_per_month: u32,
}

/// The §11.8 roster, in config order (no room conflicts on any weekday).
pub const DEMO_SURGEONS: [DemoSurgeon; 6] = [
    DemoSurgeon {
        first_name: "Alan",
        last_name: "Adams",
        specialty: Specialty::Joint,
        speed: SpeedProfile::Fast,
        days: &[(1, &["OR 1", "OR 2"]), (2, &["OR 1", "OR 2"]), (4, &["OR 1", "OR 2"])],
        pa_closes_handoff: Some(10),
        vendor: Some("Stryker"),
        outliers: &[(OutlierKind::CallbackDelays, 20)],
        bad_days_per_month: 0,
    },
    DemoSurgeon {
        first_name: "Beth",
        last_name: "Baker",
        specialty: Specialty::Joint,
        speed: SpeedProfile::Average,
        days: &[(1, &["OR 3"]), (3, &["OR 3"]), (5, &["OR 3"])],
        pa_closes_handoff: None,
        vendor: Some("Zimmer Biomet"),
        outliers: &[(OutlierKind::LateStarts, 20), (OutlierKind::LongTurnovers, 15)],
        bad_days_per_month: 0,
    },
    DemoSurgeon {
        first_name: "Carl",
        last_name: "Chen",
        specialty: Specialty::Joint,
        speed: SpeedProfile::Slow,
        days: &[(2, &["OR 3"]), (4, &["OR 3"])],
        pa_closes_handoff: None,
        vendor: Some("DePuy Synthes"),
        outliers: &[(OutlierKind::ExtendedPhases, 20)],
        bad_days_per_month: 1,
    },
    DemoSurgeon {
        first_name: "Dana",
        last_name: "Diaz",
        specialty: Specialty::HandWrist,
        speed: SpeedProfile::Average,
        days: &[(2, &["OR 4"]), (3, &["OR 1"]), (5, &["OR 1"])],
        pa_closes_handoff: None,
        vendor: None,
        outliers: &[],
        bad_days_per_month: 0,
    },
    DemoSurgeon {
        first_name: "Eric",
        last_name: "Evans",
        specialty: Specialty::HandWrist,
        speed: SpeedProfile::Fast,
        days: &[(1, &["OR 4"]), (4, &["OR 4"])],
        pa_closes_handoff: None,
        vendor: None,
        outliers: &[],
        bad_days_per_month: 0,
    },
    DemoSurgeon {
        first_name: "Fay",
        last_name: "Foster",
        specialty: Specialty::Spine,
        speed: SpeedProfile::Average,
        days: &[(3, &["OR 2"]), (5, &["OR 2"])],
        pa_closes_handoff: None,
        vendor: None,
        outliers: &[(OutlierKind::FastCases, 15)],
        bad_days_per_month: 0,
    },
];

/// The fixture's staff (authored names): (role, first name, last name). 5 nurses, 9 techs, 3
/// anesthesiologists, 2 CRNAs.
pub const DEMO_STAFF: [(&str, &str, &str); 19] = [
    ("nurse", "Nina", "Alvarez"),
    ("nurse", "Owen", "Bennett"),
    ("nurse", "Paula", "Castro"),
    ("nurse", "Quinn", "Dawson"),
    ("nurse", "Rosa", "Ellis"),
    ("tech", "Sam", "Fischer"),
    ("tech", "Tara", "Grant"),
    ("tech", "Umar", "Hayes"),
    ("tech", "Vera", "Ingram"),
    ("tech", "Wade", "Jensen"),
    ("tech", "Xena", "Keller"),
    ("tech", "Yuri", "Lambert"),
    ("tech", "Zoe", "Moreno"),
    ("tech", "Abel", "Nolan"),
    ("anesthesiologist", "Bianca", "Ortiz"),
    ("anesthesiologist", "Cyrus", "Park"),
    ("anesthesiologist", "Delia", "Quinn"),
    ("crna", "Elias", "Reed"),
    ("crna", "Fiona", "Stone"),
];

/// The display name of a fixture reason or delay type: `_` → space, words capitalised ("Equipment Issue").
pub fn display_name(name: &str) -> String {
    name.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------------------
// Results

/// The result of `provision_demo_facility`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoFacility {
    /// The facility.
    pub facility_id: String,
    /// Whether this call created it (false: an existing "Demo Surgery Center" was reused as is).
    pub created: bool,
    /// Roster surgeon ids, in config order.
    pub surgeon_ids: Vec<String>,
}

/// The result of `purge_case_data`: rows deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    /// Cases deleted (their children cascade).
    pub cases: u64,
    /// Milestone rows deleted with them.
    pub milestones: u64,
    /// Flags deleted with them.
    pub flags: u64,
    /// Surgeon template overrides deleted.
    pub template_overrides: u64,
}

/// The result of `generate_demo_data`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GenerationReport {
    /// The facility.
    pub facility_id: String,
    /// The seed.
    pub seed: u64,
    /// "Today" of the run.
    pub today: String,
    /// First generated date.
    pub start_date: String,
    /// Last generated date.
    pub end_date: String,
    /// Cases created.
    pub cases: u64,
    /// Historical cases (dates before today), cancelled ones included.
    pub historical: u64,
    /// Scheduled cases (today and later).
    pub scheduled: u64,
    /// Historical cases completed.
    pub completed: u64,
    /// Historical cases cancelled.
    pub cancelled: u64,
    /// Completed cases left unvalidated.
    pub unvalidated: u64,
    /// Delays reported.
    pub delays: u64,
    /// Milestones recorded.
    pub milestones: u64,
    /// Surgeon template overrides set.
    pub template_overrides: u64,
    /// What the first purge deleted (`None` when `purge_first` is off).
    pub purged: Option<PurgeReport>,
}

/// Progress of a generation, reported after each applied case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress<'a> {
    /// Cases applied so far.
    pub done: usize,
    /// Cases planned.
    pub total: usize,
    /// The scheduled date of the case just applied.
    pub date: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn display_names_capitalise_words() {
        assert_eq!(display_name("equipment_issue"), "Equipment Issue");
        assert_eq!(display_name("patient_no_show"), "Patient No Show");
    }

    #[test]
    fn surgeon_config_takes_the_defaults_of_its_speed_and_specialty() {
        let v = json!({"surgeon_id": "s", "specialty": "joint", "speed_profile": "fast",
                       "operating_days": [3, 1], "day_rooms": {"1": ["a", "b"], "3": ["c"]},
                       "procedure_type_ids": ["p"]});
        let c = SurgeonConfig::from_json(&v, "s").unwrap();
        assert_eq!(c.operating_days, vec![1, 3]);
        assert_eq!(c.cases_per_day, CountRange { min: 6, max: 8 });
        assert_eq!(c.speed_multiplier_range, PercentRange { min: 65, max: 75 });
        assert!(!c.outliers.late_starts.enabled);
        assert_eq!(c.outliers.late_starts.frequency, 30);
        assert_eq!((c.outliers.late_starts.range_min, c.outliers.late_starts.range_max), (15, 45));
    }

    #[test]
    fn surgeon_config_refusals_name_the_key() {
        let base = json!({"surgeon_id": "s", "specialty": "spine", "operating_days": [1],
                          "day_rooms": {"1": ["a"]}, "procedure_type_ids": ["p"]});
        let refuse = |patch: Value, param: &str| {
            let mut v = base.clone();
            for (k, x) in patch.as_object().unwrap() {
                v[k] = x.clone();
            }
            let e = SurgeonConfig::from_json(&v, "s").unwrap_err();
            assert!(e.to_string().contains(param), "{e} should name {param}");
        };
        refuse(json!({"operating_days": [6]}), "s.operating_days");
        refuse(json!({"operating_days": [1, 2]}), "s.day_rooms");
        refuse(json!({"day_rooms": {"1": ["a", "b", "c"]}}), "s.day_rooms.1");
        refuse(json!({"outliers": {"lateStart": {}}}), "s.outliers.lateStart");
        refuse(json!({"outliers": {"lateStarts": {"range_min": 4}}}), "s.outliers.lateStarts.range_min");
        refuse(json!({"bad_days_per_month": 4}), "s.bad_days_per_month");
        refuse(json!({"preferred_vendor": "Acme"}), "s.preferred_vendor");
        refuse(json!({"procedure_type_ids": []}), "s.procedure_type_ids");
        refuse(json!({"cases_per_day": {"min": 5, "max": 4}}), "s.cases_per_day");
        refuse(json!({"colour": "red"}), "s.colour");
    }

    #[test]
    fn config_defaults_and_unknown_keys() {
        let c = DemoConfig::from_json(None).unwrap();
        assert_eq!((c.months_of_history, c.purge_first, c.surgeons.is_none()), (6, true, true));
        let m = json!({"days_of_history": 14, "purge_first": false}).as_object().cloned().unwrap();
        let c = DemoConfig::from_json(Some(&m)).unwrap();
        assert_eq!((c.days_of_history, c.purge_first), (Some(14), false));
        let m = json!({"month_of_history": 1}).as_object().cloned().unwrap();
        assert!(DemoConfig::from_json(Some(&m)).unwrap_err().to_string().contains("config.month_of_history"));
    }
}
