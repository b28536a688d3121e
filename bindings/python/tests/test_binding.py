"""The Python binding's own concerns: conversions, the exception hierarchy, lifetimes, threads."""

import threading

import pytest

import orbit_surgical as orbit


def admin_scope(store: orbit.Store) -> orbit.Scope:
    admin = store.system().call("bootstrap_global_admin", {"user": {"first_name": "Grace", "last_name": "Hopper"}})
    return store.as_user(admin["id"])


def test_exceptions_mirror_the_core_kinds_with_stable_codes() -> None:
    assert issubclass(orbit.NotFound, orbit.OrbitError)
    assert (orbit.NotFound.code, orbit.InvalidStatusTransition.code, orbit.Storage.code) == (1, 6, 23)
    with orbit.Store.open(":memory:") as store:
        with pytest.raises(orbit.InvalidInput) as e:
            store.system().call("facility", {"facility_id": "not-a-uuid"})
        assert e.value.code == 3
        assert "facility_id" in str(e.value)
        with pytest.raises(orbit.PermissionDenied):
            store.as_user("0195f3c2-0000-7000-8000-0000000000ff")


def test_wrong_types_are_invalid_input_not_crashes() -> None:
    with orbit.Store.open(":memory:") as store:
        scope = store.system()
        with pytest.raises(orbit.InvalidInput):
            scope.call("facility", {"facility_id": 42})
        with pytest.raises(orbit.InvalidInput):
            scope.call("facility", {"facility_id": object()})
        with pytest.raises(orbit.InvalidInput):
            scope.call("no_such_operation")
        with pytest.raises(orbit.InvalidInput):
            scope.call("facilities", [1, 2])
        with pytest.raises(TypeError):
            scope.call(42)  # type: ignore[arg-type]


def test_results_are_plain_python_values() -> None:
    with orbit.Store.open(":memory:", clock_ms=1_770_000_000_000) as store:
        scope = admin_scope(store)
        report = scope.call("provision_facility", {"facility": {"name": "Clínica São José — 東京"}})
        facility = scope.call("facility", {"facility_id": report["facility_id"]})
        assert facility["name"] == "Clínica São José — 東京"
        assert facility["is_demo"] is False
        assert facility["created_at"] == 1_770_000_000_000
        rooms = scope.call("list", {"table": "or_rooms"})
        assert rooms == []
        assert {"name": "create_case", "args": ["case"]} in orbit.operations()


def test_a_closed_store_raises_invalid_state() -> None:
    store = orbit.Store.open(":memory:")
    scope = store.system()
    session = scope.open_sql_session()
    store.close()
    assert store.closed
    for call in (lambda: scope.call("facilities"), store.system, lambda: session.query("SELECT 1")):
        with pytest.raises(orbit.InvalidState):
            call()


def test_sql_sessions_query_and_refuse_writes() -> None:
    with orbit.Store.open(":memory:") as store:
        session = admin_scope(store).open_sql_session()
        result = session.query("SELECT name FROM case_statuses WHERE display_order = ?", [1])
        assert result == {"columns": ["name"], "rows": [["scheduled"]]}
        assert any(r["name"] == "cases" for r in session.relations())
        with pytest.raises(orbit.PermissionDenied):
            session.query("DELETE FROM cases")
        session.close()
        with pytest.raises(orbit.InvalidState):
            session.query("SELECT 1")


def test_threads_share_a_store_and_the_gil_is_released(tmp_path) -> None:
    with orbit.Store.open(str(tmp_path / "orbit.db")) as store:
        scope = admin_scope(store)
        errors: list[BaseException] = []

        def work(n: int) -> None:
            try:
                for i in range(5):
                    scope.call("provision_facility", {"facility": {"name": f"F{n}-{i}"}})
            except BaseException as e:  # noqa: BLE001
                errors.append(e)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(scope.call("facilities")) == 20


def test_stubs_type_each_operations_result(tmp_path) -> None:
    """The generated stubs give each operation its result type: mypy accepts right uses, refuses wrong ones."""
    mypy_api = pytest.importorskip("mypy.api")
    good = tmp_path / "good.py"
    good.write_text(
        "import orbit_surgical as orbit\n"
        "store = orbit.Store.open(':memory:')\n"
        "admin = store.system().call('bootstrap_global_admin', {'user': {'first_name': 'a', 'last_name': 'b'}})\n"
        "name: str = admin['first_name']\n"
        "outcome = store.as_user(admin['id']).call('record_milestone', {})\n"
        "validated: bool = outcome['auto_validated']\n"
    )
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import orbit_surgical as orbit\n"
        "case_id: int = orbit.Store.open(':memory:').system().call('create_case', {})\n"
    )
    out, _, status = mypy_api.run(["--strict", "--no-incremental", str(good)])
    assert status == 0, out
    out, _, status = mypy_api.run(["--strict", "--no-incremental", str(bad)])
    assert status != 0 and 'incompatible types in assignment (expression has type "str"' in out.lower(), out
