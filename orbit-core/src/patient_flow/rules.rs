//! Pure check-in rules (scheduling-patientflow.md §6.4, §6.5): checklist response validation, checklist
//! completion, and the derived board values. No `Connection`: the store layer loads the facility's fields and
//! passes them in.

use std::str::FromStr;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The longest answer a `text` checklist field accepts (characters).
pub const MAX_TEXT_CHARS: usize = 2000;

/// The members a `contact` answer may have (all optional strings).
pub const CONTACT_MEMBERS: [&str; 3] = ["name", "phone", "relationship"];

/// A checklist field's type (`preop_checklist_fields.field_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// `true` / `false`.
    Toggle,
    /// One of the field's options.
    Dropdown,
    /// Free text up to [`MAX_TEXT_CHARS`].
    Text,
    /// A JSON number.
    Number,
    /// `"HH:MM"`, 00:00–23:59.
    Time,
    /// `"YYYY-MM-DD"`.
    Date,
    /// `{name?, phone?, relationship?}`, strings.
    Contact,
}

impl FieldType {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Toggle => "toggle",
            FieldType::Dropdown => "dropdown",
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Time => "time",
            FieldType::Date => "date",
            FieldType::Contact => "contact",
        }
    }
}

impl FromStr for FieldType {
    type Err = Error;
    fn from_str(s: &str) -> Result<FieldType> {
        Ok(match s {
            "toggle" => FieldType::Toggle,
            "dropdown" => FieldType::Dropdown,
            "text" => FieldType::Text,
            "number" => FieldType::Number,
            "time" => FieldType::Time,
            "date" => FieldType::Date,
            "contact" => FieldType::Contact,
            _ => {
                return Err(Error::invalid(
                    "field_type",
                    "must be one of toggle, dropdown, text, number, time, date, contact",
                ));
            }
        })
    }
}

/// One checklist field of a facility, as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistField {
    /// `field_key`.
    pub field_key: String,
    /// `field_type`.
    pub field_type: FieldType,
    /// Dropdown options (empty for other types).
    pub options: Vec<String>,
    /// `is_required`.
    pub is_required: bool,
    /// Active and not archived (only active fields are required for completion).
    pub is_active: bool,
}

/// Checks one non-null answer against its field's type; `Err` holds what is allowed.
pub fn check_value(field: &ChecklistField, value: &Value) -> std::result::Result<(), String> {
    let ok = match (field.field_type, value) {
        (_, Value::Null) => true,
        (FieldType::Toggle, v) => v.is_boolean(),
        (FieldType::Dropdown, Value::String(s)) => field.options.iter().any(|o| o == s),
        (FieldType::Text, Value::String(s)) => s.chars().count() <= MAX_TEXT_CHARS,
        (FieldType::Number, v) => v.as_f64().is_some_and(f64::is_finite),
        (FieldType::Time, Value::String(s)) => is_hh_mm(s),
        (FieldType::Date, Value::String(s)) => is_date(s),
        (FieldType::Contact, Value::Object(m)) => {
            m.iter().all(|(k, v)| CONTACT_MEMBERS.contains(&k.as_str()) && v.is_string())
        }
        _ => false,
    };
    if ok {
        return Ok(());
    }
    Err(match field.field_type {
        FieldType::Toggle => "must be true, false or null".to_string(),
        FieldType::Dropdown => format!("must be null or one of the field's options ({})", field.options.join(", ")),
        FieldType::Text => format!("must be null or a string of at most {MAX_TEXT_CHARS} characters"),
        FieldType::Number => "must be null or a number".to_string(),
        FieldType::Time => "must be null or a time \"HH:MM\" between 00:00 and 23:59".to_string(),
        FieldType::Date => "must be null or a valid date \"YYYY-MM-DD\"".to_string(),
        FieldType::Contact => {
            "must be null or an object with only the string members name, phone, relationship".to_string()
        }
    })
}

fn is_hh_mm(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' || ![0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit()) {
        return false;
    }
    let (h, m) = ((b[0] - b'0') * 10 + (b[1] - b'0'), (b[3] - b'0') * 10 + (b[4] - b'0'));
    h < 24 && m < 60
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&i| b[i].is_ascii_digit())
        && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// Validates a whole responses object (§6.5) against the facility's fields (active and archived): a JSON
/// object whose every key is a field's key and whose every value fits the field's type or is null.
/// `InvalidInput` names the first offending key (keys in the object's order).
pub fn validate_responses(fields: &[ChecklistField], responses: &Value) -> Result<Map<String, Value>> {
    let Value::Object(map) = responses else {
        return Err(Error::invalid("responses", "must be a JSON object keyed by checklist field_key"));
    };
    for (key, value) in map {
        let Some(field) = fields.iter().find(|f| &f.field_key == key) else {
            return Err(Error::invalid(key, "is not a checklist field of this facility"));
        };
        check_value(field, value).map_err(|rule| Error::invalid(key, rule))?;
    }
    Ok(map.clone())
}

/// Whether an answer counts for completion: toggle `true`; strings non-empty; any number; a contact with at
/// least one non-empty member.
pub fn is_answered(field_type: FieldType, value: Option<&Value>) -> bool {
    match (field_type, value) {
        (_, None | Some(Value::Null)) => false,
        (FieldType::Toggle, Some(v)) => v == &Value::Bool(true),
        (FieldType::Number, Some(v)) => v.is_number(),
        (FieldType::Contact, Some(Value::Object(m))) => m.values().any(|v| v.as_str().is_some_and(|s| !s.is_empty())),
        (_, Some(Value::String(s))) => !s.is_empty(),
        _ => false,
    }
}

/// The keys of the active required fields that `responses` leaves unanswered, in `fields` order.
pub fn missing_required(fields: &[ChecklistField], responses: &Map<String, Value>) -> Vec<String> {
    fields
        .iter()
        .filter(|f| f.is_active && f.is_required && !is_answered(f.field_type, responses.get(&f.field_key)))
        .map(|f| f.field_key.clone())
        .collect()
}

/// The board's derived daily status (§6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DailyStatus {
    /// The case has no check-in row.
    NoRecord,
    /// The checklist is complete.
    Complete,
    /// The patient has checked in.
    CheckedIn,
    /// Neither.
    Pending,
}

/// `daily_status` of a check-in (`None` = no row): `(checklist_completed_at, checked_in_at)` set or not.
pub fn daily_status(row: Option<(bool, bool)>) -> DailyStatus {
    match row {
        None => DailyStatus::NoRecord,
        Some((true, _)) => DailyStatus::Complete,
        Some((false, true)) => DailyStatus::CheckedIn,
        Some((false, false)) => DailyStatus::Pending,
    }
}

/// `is_late` (§6.4): an expected arrival is set and either the patient is still `expected` with no arrival
/// after it has passed, or the patient arrived after it.
pub fn is_late(status: &str, expected: Option<i64>, actual: Option<i64>, now: i64) -> bool {
    let Some(expected) = expected else { return false };
    (status == "expected" && actual.is_none() && now > expected) || actual.is_some_and(|a| a > expected)
}

/// The board filters of §6.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardFilter {
    /// Every row.
    All,
    /// Status `expected`.
    Expected,
    /// Status `checked_in`.
    CheckedIn,
    /// Status `in_pre_op`.
    InPreOp,
    /// Status `ready_for_or`.
    ReadyForOr,
    /// `in_recovery`, `ready_for_discharge`, `discharged`.
    Completed,
}

impl FromStr for BoardFilter {
    type Err = Error;
    fn from_str(s: &str) -> Result<BoardFilter> {
        Ok(match s {
            "all" => BoardFilter::All,
            "expected" => BoardFilter::Expected,
            "checked_in" => BoardFilter::CheckedIn,
            "in_pre_op" => BoardFilter::InPreOp,
            "ready_for_or" => BoardFilter::ReadyForOr,
            "completed" => BoardFilter::Completed,
            _ => {
                return Err(Error::invalid(
                    "filter",
                    "must be one of all, expected, checked_in, in_pre_op, ready_for_or, completed",
                ));
            }
        })
    }
}

impl BoardFilter {
    /// Whether a row with patient status `status` (`None` = no check-in row) passes.
    pub fn accepts(self, status: Option<&str>) -> bool {
        match (self, status) {
            (BoardFilter::All, _) => true,
            (_, None) => false,
            (BoardFilter::Expected, Some(s)) => s == "expected",
            (BoardFilter::CheckedIn, Some(s)) => s == "checked_in",
            (BoardFilter::InPreOp, Some(s)) => s == "in_pre_op",
            (BoardFilter::ReadyForOr, Some(s)) => s == "ready_for_or",
            (BoardFilter::Completed, Some(s)) => matches!(s, "in_recovery" | "ready_for_discharge" | "discharged"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    fn field(key: &str, ty: FieldType) -> ChecklistField {
        ChecklistField {
            field_key: key.into(),
            field_type: ty,
            options: if ty == FieldType::Dropdown { vec!["Family".into(), "Taxi".into()] } else { Vec::new() },
            is_required: false,
            is_active: true,
        }
    }

    fn all_fields() -> Vec<ChecklistField> {
        vec![
            field("consent", FieldType::Toggle),
            field("ride", FieldType::Dropdown),
            field("notes", FieldType::Text),
            field("weight", FieldType::Number),
            field("npo_time", FieldType::Time),
            field("last_meal", FieldType::Date),
            field("contact", FieldType::Contact),
        ]
    }

    /// The key named by a refused validation.
    fn refused(v: Value) -> String {
        let e = validate_responses(&all_fields(), &v).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{v}");
        e.to_string().split(':').next().unwrap().to_string()
    }

    #[test]
    fn validate_responses_accepts_every_type_and_null() {
        let ok = json!({"consent": true, "ride": "Taxi", "notes": "x".repeat(2000), "weight": 72.5,
                        "npo_time": "23:59", "last_meal": "2024-02-29",
                        "contact": {"name": "A", "phone": "1", "relationship": "spouse"}});
        assert_eq!(validate_responses(&all_fields(), &ok).unwrap().len(), 7);
        let nulls = json!({"consent": null, "ride": null, "notes": null, "weight": null, "npo_time": null,
                           "last_meal": null, "contact": null});
        validate_responses(&all_fields(), &nulls).unwrap();
        for v in [json!({}), json!({"consent": false, "weight": -3, "npo_time": "00:00", "contact": {}})] {
            validate_responses(&all_fields(), &v).unwrap();
        }
    }

    #[test]
    fn validate_responses_worked_example_7() {
        let fields = vec![
            field("consent", FieldType::Toggle),
            field("ride", FieldType::Dropdown),
            field("npo_time", FieldType::Time),
        ];
        validate_responses(&fields, &json!({"consent": true, "ride": "Taxi", "npo_time": "22:00"})).unwrap();
        let e = validate_responses(&fields, &json!({"ride": "Bus"})).unwrap_err();
        assert!(e.to_string().starts_with("ride:"), "{e}");
        let e = validate_responses(&fields, &json!({"unknown": 1})).unwrap_err();
        assert!(e.to_string().starts_with("unknown:"), "{e}");
    }

    #[test]
    fn validate_responses_refuses_non_objects() {
        for v in [json!(null), json!([]), json!("x"), json!(1)] {
            assert_eq!(refused(v), "responses");
        }
    }

    #[test]
    fn validate_responses_names_the_offending_key() {
        let cases = [
            (json!({"unknown": 1}), "unknown"),
            (json!({"consent": "true"}), "consent"),
            (json!({"consent": 1}), "consent"),
            (json!({"ride": "Bus"}), "ride"),
            (json!({"ride": "taxi"}), "ride"),
            (json!({"ride": 1}), "ride"),
            (json!({"notes": "x".repeat(2001)}), "notes"),
            (json!({"notes": 5}), "notes"),
            (json!({"weight": "72"}), "weight"),
            (json!({"weight": "NaN"}), "weight"),
            (json!({"weight": true}), "weight"),
            (json!({"npo_time": "24:00"}), "npo_time"),
            (json!({"npo_time": "12:60"}), "npo_time"),
            (json!({"npo_time": "7:00"}), "npo_time"),
            (json!({"npo_time": "07:00:00"}), "npo_time"),
            (json!({"last_meal": "2026-02-30"}), "last_meal"),
            (json!({"last_meal": "2026-2-3"}), "last_meal"),
            (json!({"last_meal": "2026-02-03T00:00"}), "last_meal"),
            (json!({"contact": {"name": "A", "email": "a@b"}}), "contact"),
            (json!({"contact": {"name": 1}}), "contact"),
            (json!({"contact": {"name": null}}), "contact"),
            (json!({"contact": "A"}), "contact"),
            (json!({"consent": true, "ride": "Bus"}), "ride"),
        ];
        for (v, key) in cases {
            assert_eq!(refused(v.clone()), key, "{v}");
        }
    }

    #[test]
    fn text_limit_counts_characters_not_bytes() {
        let f = field("notes", FieldType::Text);
        assert!(check_value(&f, &json!("é".repeat(2000))).is_ok());
        assert!(check_value(&f, &json!("é".repeat(2001))).is_err());
    }

    #[test]
    fn missing_required_follows_the_answered_rules() {
        let mut fields = all_fields();
        for f in &mut fields {
            f.is_required = true;
        }
        fields.push(ChecklistField { is_active: false, ..field("old", FieldType::Toggle) });
        fields.last_mut().unwrap().is_required = true;
        let keys = |v: Value| missing_required(&fields, v.as_object().unwrap());
        assert_eq!(keys(json!({})), ["consent", "ride", "notes", "weight", "npo_time", "last_meal", "contact"]);
        let answered = json!({"consent": true, "ride": "Taxi", "notes": "n", "weight": 0, "npo_time": "07:00",
                              "last_meal": "2026-01-01", "contact": {"phone": "1"}});
        assert!(keys(answered).is_empty());
        let unanswered = json!({"consent": false, "ride": null, "notes": "", "weight": null, "npo_time": "",
                                "last_meal": null, "contact": {"name": ""}});
        assert_eq!(keys(unanswered).len(), 7);
        // Optional fields are never missing.
        let optional = all_fields();
        assert!(missing_required(&optional, &Map::new()).is_empty());
    }

    #[test]
    fn daily_status_and_is_late() {
        assert_eq!(daily_status(None), DailyStatus::NoRecord);
        assert_eq!(daily_status(Some((true, true))), DailyStatus::Complete);
        assert_eq!(daily_status(Some((true, false))), DailyStatus::Complete);
        assert_eq!(daily_status(Some((false, true))), DailyStatus::CheckedIn);
        assert_eq!(daily_status(Some((false, false))), DailyStatus::Pending);
        assert!(!is_late("expected", None, None, 10));
        assert!(!is_late("expected", Some(10), None, 10));
        assert!(is_late("expected", Some(10), None, 11));
        assert!(!is_late("no_show", Some(10), None, 11));
        assert!(!is_late("checked_in", Some(10), Some(10), 99));
        assert!(is_late("checked_in", Some(10), Some(11), 0));
        assert!(is_late("in_surgery", Some(10), Some(11), 0));
    }

    #[test]
    fn board_filters() {
        assert!(BoardFilter::All.accepts(None));
        assert!(!BoardFilter::Expected.accepts(None));
        assert!(BoardFilter::Completed.accepts(Some("discharged")));
        assert!(!BoardFilter::Completed.accepts(Some("in_surgery")));
        assert!(BoardFilter::ReadyForOr.accepts(Some("ready_for_or")));
        assert_eq!("nope".parse::<BoardFilter>().unwrap_err().kind(), ErrorKind::InvalidInput);
        assert_eq!("dropdown".parse::<FieldType>().unwrap(), FieldType::Dropdown);
        assert_eq!(FieldType::Contact.as_str(), "contact");
    }
}
