//! Value encodings and input validation shared by every module (data-model.md §1.2).
//!
//! Every function here returns `InvalidInput` naming the parameter and the rule. None echoes the rejected
//! value, so no patient data can reach an error message through them.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::clock::Millis;
use crate::error::{Error, Result};

/// Default maximum length (in characters) of a name column (`name`, `display_name`, …).
pub const MAX_NAME_CHARS: usize = 200;
/// Default maximum length (in characters) of any other text column.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Maximum length of an e-mail address.
pub const MAX_EMAIL_CHARS: usize = 254;

/// A new row id: UUIDv7, lowercase hyphenated text.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// Parses a UUID given as hyphenated text in any case; returns the lowercase form stored in the database.
pub fn parse_uuid(param: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.len() != 36 {
        return Err(Error::invalid(param, "must be a hyphenated UUID (36 characters)"));
    }
    Uuid::try_parse(v).map(|u| u.to_string()).map_err(|_| Error::invalid(param, "must be a hyphenated UUID"))
}

/// Trims a name and checks it is non-empty and at most `max_chars` characters.
pub fn name(param: &str, value: &str, max_chars: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(param, "must not be empty"));
    }
    if v.chars().count() > max_chars {
        return Err(Error::invalid(param, format!("must be at most {max_chars} characters")));
    }
    Ok(v.to_string())
}

/// Checks a free-text value is at most `max_chars` characters (kept as given; empty becomes `None`).
pub fn text(param: &str, value: Option<&str>, max_chars: usize) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) if v.chars().count() > max_chars => {
            Err(Error::invalid(param, format!("must be at most {max_chars} characters")))
        }
        Some(v) => Ok(Some(v.to_string())),
    }
}

/// Trims and lowercases an e-mail address and checks its shape: at most 254 characters, exactly one `@`
/// with text on both sides.
pub fn email(param: &str, value: &str) -> Result<String> {
    let v = value.trim().to_lowercase();
    if v.chars().count() > MAX_EMAIL_CHARS {
        return Err(Error::invalid(param, "must be at most 254 characters"));
    }
    let mut parts = v.split('@');
    let ok = matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None) if !a.is_empty() && !b.is_empty());
    if !ok || v.chars().any(char::is_whitespace) {
        return Err(Error::invalid(param, "must be an e-mail address with exactly one '@' and text on both sides"));
    }
    Ok(v)
}

/// Parses a calendar date `YYYY-MM-DD` (rejects `2024-02-30`, `2024-2-3`).
pub fn date(param: &str, value: &str) -> Result<NaiveDate> {
    let v = value.trim();
    let shape = v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-';
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if shape => Ok(d),
        _ => Err(Error::invalid(param, "must be a valid calendar date YYYY-MM-DD")),
    }
}

/// Normalizes a local wall-clock time to `HH:MM:SS`: accepts `HH:MM:SS` and `HH:MM` (two-digit fields,
/// 00:00:00–23:59:59); rejects `7:30`, `24:00:00`.
pub fn time(param: &str, value: &str) -> Result<String> {
    let v = value.trim();
    let full = match v.len() {
        5 => format!("{v}:00"),
        8 => v.to_string(),
        _ => {
            return Err(Error::invalid(param, "must be a time HH:MM:SS or HH:MM (00:00–23:59)"));
        }
    };
    let two_digit_fields = full.split(':').all(|f| f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()));
    match NaiveTime::parse_from_str(&full, "%H:%M:%S") {
        Ok(t) if two_digit_fields => Ok(t.format("%H:%M:%S").to_string()),
        _ => Err(Error::invalid(param, "must be a time HH:MM:SS or HH:MM (00:00–23:59)")),
    }
}

/// Parses an IANA time-zone name (e.g. `America/New_York`).
pub fn timezone(param: &str, value: &str) -> Result<Tz> {
    Tz::from_str(value.trim())
        .map_err(|_| Error::invalid(param, "must be an IANA time zone name such as America/New_York"))
}

/// A JSON number as an integer: integers, and integral floats (JavaScript numbers arrive as floats).
pub fn json_i64(v: &serde_json::Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
}

/// RFC 3339 UTC with milliseconds (`2026-03-08T17:00:00.000Z`), the text form of instants in audit values
/// and case history.
pub fn rfc3339_ms(ms: Millis) -> String {
    match Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        None => ms.to_string(),
    }
}

/// The UTC instant of an RFC 3339 string, in epoch ms.
pub fn parse_rfc3339(param: &str, value: &str) -> Result<Millis> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.timestamp_millis())
        .map_err(|_| Error::invalid(param, "must be an RFC 3339 instant such as 2026-03-08T17:00:00.000Z"))
}

/// The instant of a facility-local wall-clock time (lifecycle-and-stats.md §0 C2): a nonexistent time (a
/// spring-forward gap) uses the offset in force just before the gap (02:30 on a 02:00→03:00 day is 03:30
/// new time); an ambiguous time (fall-back) takes the earlier instant.
pub fn local_instant(date: NaiveDate, time: NaiveTime, tz: Tz) -> Millis {
    use chrono::{LocalResult, Offset};
    let naive = date.and_time(time);
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.timestamp_millis(),
        LocalResult::Ambiguous(earlier, _) => earlier.timestamp_millis(),
        LocalResult::None => {
            // The offset in force a day before the gap (DST gaps are never a day apart).
            let before = naive - chrono::Duration::days(1);
            let offset = match tz.from_local_datetime(&before) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.offset().fix(),
                LocalResult::None => chrono::FixedOffset::east_opt(0).expect("zero offset"),
            };
            (naive - chrono::Duration::seconds(i64::from(offset.local_minus_utc()))).and_utc().timestamp_millis()
        }
    }
}

/// The facility-local calendar date of an instant.
pub fn local_date(ms: Millis, tz: Tz) -> NaiveDate {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default().with_timezone(&tz).date_naive()
}

/// The facility-local wall-clock time `HH:MM:SS` of an instant (milliseconds truncated).
pub fn local_time(ms: Millis, tz: Tz) -> String {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default().with_timezone(&tz).format("%H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn dates_follow_w7() {
        assert!(date("d", "2024-02-29").is_ok());
        for bad in ["2023-02-29", "2024-02-30", "2024-2-3", "20240203", "", "2024-02-29T00:00"] {
            assert_eq!(date("d", bad).unwrap_err().kind(), ErrorKind::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn times_follow_w7() {
        assert_eq!(time("t", "07:30:00").unwrap(), "07:30:00");
        assert_eq!(time("t", "07:30").unwrap(), "07:30:00");
        assert_eq!(time("t", "23:59:59").unwrap(), "23:59:59");
        for bad in ["24:00:00", "7:30", "7:30:00", "07:60:00", "ab:cd:ef", "", "07:30:00.5"] {
            assert!(time("t", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn uuids_are_lowercased_and_malformed_ones_refused() {
        assert_eq!(
            parse_uuid("id", "10EA55E5-5EFA-4B78-BB8F-6872F1CFCEC7").unwrap(),
            "10ea55e5-5efa-4b78-bb8f-6872f1cfcec7"
        );
        let e = parse_uuid("case_id", "not-a-uuid").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.to_string().starts_with("case_id:"));
        assert!(parse_uuid("id", "10ea55e55efa4b78bb8f6872f1cfcec7").is_err());
        assert_eq!(new_id().len(), 36);
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("name", "  OR 1 ", 200).unwrap(), "OR 1");
        assert!(name("name", "   ", 200).is_err());
        assert!(name("name", &"é".repeat(201), 200).is_err());
        assert!(name("name", &"é".repeat(200), 200).is_ok());
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(email("email", " A.B@Example.ORG ").unwrap(), "a.b@example.org");
        for bad in ["ab", "a@@b", "@b", "a@", "a@b@c", "a b@c"] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timezones_must_be_iana() {
        assert!(timezone("timezone", "America/New_York").is_ok());
        assert!(timezone("timezone", "Mars/Olympus").is_err());
    }

    fn at(s: &str) -> Millis {
        parse_rfc3339("t", s).unwrap()
    }

    #[test]
    fn local_instants_are_dst_correct_w7_3() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let t = |s| NaiveTime::parse_from_str(s, "%H:%M:%S").unwrap();
        assert_eq!(local_instant(d("2026-02-10"), t("07:30:00"), ny), at("2026-02-10T12:30:00Z"));
        assert_eq!(local_instant(d("2026-03-08"), t("01:30:00"), ny), at("2026-03-08T06:30:00Z"));
        assert_eq!(local_instant(d("2026-03-08"), t("03:30:00"), ny), at("2026-03-08T07:30:00Z"));
        // Nonexistent 02:30 uses the pre-gap offset (EST): 07:30Z = 03:30 EDT.
        assert_eq!(local_instant(d("2026-03-08"), t("02:30:00"), ny), at("2026-03-08T07:30:00Z"));
        // Ambiguous 01:30 on the fall-back day takes the earlier instant (EDT).
        assert_eq!(local_instant(d("2026-11-01"), t("01:30:00"), ny), at("2026-11-01T05:30:00Z"));
        assert_eq!(local_time(at("2026-03-08T07:05:00Z"), ny), "03:05:00");
        assert_eq!(local_date(at("2026-02-11T04:30:00Z"), ny), d("2026-02-10"));
    }

    #[test]
    fn instants_format_with_milliseconds() {
        assert_eq!(rfc3339_ms(1_772_989_200_000), "2026-03-08T17:00:00.000Z");
        assert_eq!(parse_rfc3339("at", "2026-03-08T17:00:00.000Z").unwrap(), 1_772_989_200_000);
    }
}
