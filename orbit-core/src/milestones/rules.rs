//! Pure milestone rules (no `Connection`).

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_group_follows_the_pg_map() {
        assert_eq!(phase_group_for(" Patient_In "), Some("pre_op"));
        assert_eq!(phase_group_for("incision"), Some("surgical"));
        assert_eq!(phase_group_for("surgeon_left"), Some("closing"));
        assert_eq!(phase_group_for("room_cleaned"), Some("post_op"));
        assert_eq!(phase_group_for("tourniquet_on"), None);
    }
}
