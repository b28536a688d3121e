//! Case staff (scheduling-patientflow.md §8) through the public API: add (insert, no-op, role change,
//! restore), remove, move, the active list and its order, the refusals, and "a refused call writes nothing".
mod common;

use common::w::W;
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{AuditQuery, ErrorKind, NewCase, StaffInput};

fn names(staff: &[orbit_core::CaseStaffMember]) -> Vec<(String, String)> {
    staff.iter().map(|s| (s.first_name.clone(), s.role.clone())).collect()
}

fn pair(name: &str, role: &str) -> (String, String) {
    (name.to_string(), role.to_string())
}

#[test]
fn add_remove_restore_and_role_changes() {
    let w = W::new("2026-03-02T12:00:00Z");
    let (nina, _) = w.fx.member(&w.f, "user", "Nina");
    let (anna, _) = w.fx.member(&w.f, "user", "Anna");
    let case = w.case("C1", "2026-03-03", "07:30");

    let staff = w.user.add_staff(&case, &nina.id, "nurse").unwrap();
    assert_eq!(names(&staff), vec![pair("Nina", "nurse")]);
    w.clock.advance(1_000);
    let staff = w.user.add_staff(&case, &anna.id, "Anesthesiologist").unwrap();
    assert_eq!(names(&staff), vec![pair("Nina", "nurse"), pair("Anna", "anesthesiologist")]);

    // Same user, same role: a no-op (no audit row); another role: updated in place.
    let audits = |action: &str| {
        w.admin.audit_log(&AuditQuery { action: Some(action.into()), ..AuditQuery::default() }).unwrap().len()
    };
    assert_eq!(audits("case_staff.added"), 2);
    w.user.add_staff(&case, &nina.id, "nurse").unwrap();
    assert_eq!(audits("case_staff.added"), 2);
    let staff = w.user.add_staff(&case, &nina.id, "tech").unwrap();
    assert_eq!(names(&staff), vec![pair("Nina", "tech"), pair("Anna", "anesthesiologist")]);
    assert_eq!(audits("case_staff.role_changed"), 1);

    // Removal is soft; readers see active rows only; adding again restores the same row.
    let row_id = staff[0].id.clone();
    let staff = w.user.remove_staff(&case, &nina.id).unwrap();
    assert_eq!(names(&staff), vec![pair("Anna", "anesthesiologist")]);
    assert_eq!(w.user.case_staff(&case).unwrap().len(), 1);
    let removed_by: Option<String> =
        w.fx.raw().query_row("SELECT removed_by FROM case_staff WHERE id = ?1", [&row_id], |r| r.get(0)).unwrap();
    assert!(removed_by.is_some());
    let staff = w.user.add_staff(&case, &nina.id, "nurse").unwrap();
    assert_eq!(staff.iter().find(|s| s.user_id == nina.id).unwrap().id, row_id);
    assert_eq!(w.fx.count("SELECT count(*) FROM case_staff"), 2);
    // The list is oldest first: the first anesthesiologist listed is the case's anesthesiologist.
    assert_eq!(
        names(&w.user.case_staff(&case).unwrap()),
        vec![pair("Nina", "nurse"), pair("Anna", "anesthesiologist")]
    );
}

#[test]
fn move_staff_is_one_transaction() {
    let w = W::new("2026-03-02T12:00:00Z");
    let (tom, _) = w.fx.member(&w.f, "user", "Tom");
    let a = w.case("A", "2026-03-03", "07:30");
    let b = w.case("B", "2026-03-03", "09:30");
    w.user.add_staff(&a, &tom.id, "tech").unwrap();

    let to = w.user.move_staff(&a, &b, &tom.id).unwrap();
    assert_eq!(names(&to), vec![pair("Tom", "tech")]);
    assert!(w.user.case_staff(&a).unwrap().is_empty());

    // Moving someone who is not on the source case: NotFound, and nothing written.
    let before = w.content();
    assert_eq!(w.user.move_staff(&a, &b, &tom.id).unwrap_err().kind(), ErrorKind::NotFound);
    w.assert_unchanged(&before, "a move of someone not on the source");
    // A destination that refuses (cancelled) undoes the removal from the source.
    let c = w.case("C", "2026-03-03", "11:30");
    let reason = w.admin.list(RefTable::CancellationReasons, &ListOptions::default()).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    w.user.cancel_case(&c, Some(&reason), None).unwrap();
    let before_cancelled = w.content();
    assert_eq!(w.user.move_staff(&b, &c, &tom.id).unwrap_err().kind(), ErrorKind::CaseCancelled);
    w.assert_unchanged(&before_cancelled, "a refused move");
    assert_eq!(names(&w.user.case_staff(&b).unwrap()), vec![pair("Tom", "tech")]);
    assert_eq!(w.user.move_staff(&b, &b, &tom.id).unwrap_err().kind(), ErrorKind::InvalidInput);
}

#[test]
fn refusals_write_nothing() {
    let w = W::new("2026-03-02T12:00:00Z");
    let (nina, _) = w.fx.member(&w.f, "user", "Nina");
    let case = w.case("C1", "2026-03-03", "07:30");
    let other_facility = w.fx.facility("G");
    let (stranger, stranger_scope) = w.fx.member(&other_facility, "user", "Sid");
    let rep = w.device_rep();
    let rep_id = rep.context().unwrap().user_id.unwrap();
    let before = w.content();

    let kind = |r: orbit_core::Result<Vec<orbit_core::CaseStaffMember>>| r.unwrap_err().kind();
    assert_eq!(kind(w.user.add_staff(&case, &rep_id, "device_rep")), ErrorKind::InvalidInput);
    assert_eq!(kind(w.user.add_staff(&case, &stranger.id, "nurse")), ErrorKind::NotFound);
    assert_eq!(kind(w.user.add_staff(&case, &nina.id, "juggler")), ErrorKind::InvalidInput);
    assert_eq!(kind(w.user.add_staff(&case, "not-a-uuid", "nurse")), ErrorKind::InvalidInput);
    assert_eq!(kind(w.user.remove_staff(&case, &nina.id)), ErrorKind::NotFound);
    // Another facility's user cannot see the case at all; a device rep cannot write cases.
    assert_eq!(kind(stranger_scope.add_staff(&case, &stranger.id, "nurse")), ErrorKind::NotFound);
    assert_eq!(kind(rep.add_staff(&case, &nina.id, "nurse")), ErrorKind::NotFound);
    assert_eq!(kind(stranger_scope.case_staff(&case)), ErrorKind::NotFound);
    w.assert_unchanged(&before, "refused staff calls");
}

#[test]
fn creation_staff_and_drafts_share_the_rules() {
    let w = W::new("2026-03-02T12:00:00Z");
    let (nina, _) = w.fx.member(&w.f, "user", "Nina");
    let draft = w
        .user
        .create_case(NewCase {
            case_number: "D1".into(),
            scheduled_date: "2026-03-04".into(),
            is_draft: true,
            staff: vec![StaffInput { user_id: nina.id.clone(), role: "nurse".into() }],
            ..NewCase::default()
        })
        .unwrap();
    assert_eq!(names(&w.user.case_staff(&draft).unwrap()), vec![pair("Nina", "nurse")]);
    // Drafts accept staff edits too.
    assert!(w.user.remove_staff(&draft, &nina.id).unwrap().is_empty());
    // Listing a user twice at creation is refused.
    let twice = w.user.create_case(NewCase {
        case_number: "D2".into(),
        scheduled_date: "2026-03-04".into(),
        staff: vec![
            StaffInput { user_id: nina.id.clone(), role: "nurse".into() },
            StaffInput { user_id: nina.id.clone(), role: "tech".into() },
        ],
        ..NewCase::default()
    });
    assert_eq!(twice.unwrap_err().kind(), ErrorKind::DuplicateStaff);
}
