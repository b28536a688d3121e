"""A first use of orbit from Python: bootstrap an admin, provision a facility, run a case through the
lifecycle, and ask the SQL session about it. Run: python examples/python/first_use.py"""

import orbit_surgical as orbit

with orbit.Store.open(":memory:") as store:
    admin = store.system().call("bootstrap_global_admin", {"user": {"first_name": "Grace", "last_name": "Hopper"}})
    scope = store.as_user(admin["id"])
    facility = scope.call("provision_facility", {"facility": {"name": "Riverside ASC", "timezone": "America/Chicago"}})
    scope = store.as_user(admin["id"], facility["facility_id"])
    milestones = {m["name"]: m["id"] for m in scope.call("list", {"table": "facility_milestones"})}
    case_id = scope.call("create_case", {"case": {"case_number": "1042", "scheduled_date": "2030-01-15"}})
    try:
        scope.call("record_milestone", {"case_id": case_id, "facility_milestone_id": milestones["patient_out"]})
    except orbit.InvalidStatusTransition as e:
        print(f"refused as expected (code {e.code}): {e}")
    outcome = scope.call("record_milestone", {"case_id": case_id, "facility_milestone_id": milestones["patient_in"]})
    print(f"case {case_id} is {outcome['status']}")
    session = scope.open_sql_session()
    print(session.query("SELECT s.name, count(*) FROM cases c JOIN case_statuses s ON s.id = c.status_id GROUP BY 1"))
