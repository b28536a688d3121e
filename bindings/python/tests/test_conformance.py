"""Replays the golden conformance scenarios (conformance/README.md) through the Python binding."""

import json
from datetime import datetime
from pathlib import Path

import pytest

import orbit_surgical as orbit

SCENARIOS = sorted((Path(__file__).parents[3] / "conformance").glob("*.json"))


def ms(instant: str) -> int:
    return int(datetime.fromisoformat(instant.replace("Z", "+00:00")).timestamp() * 1000)


def substitute(value, saved):
    if isinstance(value, str) and value.startswith("$"):
        current = saved
        for part in value[1:].split("."):
            current = current[int(part)] if isinstance(current, list) else current.get(part)
        return current
    if isinstance(value, list):
        return [substitute(v, saved) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, saved) for k, v in value.items()}
    return value


def matches(expected, actual) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and matches(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(map(matches, expected, actual))
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    return expected == actual


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path) -> None:
    scenario = json.loads(path.read_text(encoding="utf-8"))
    saved: dict = {}
    with orbit.Store.open(":memory:", clock_ms=ms(scenario["clock"])) as store:
        for i, step in enumerate(scenario["steps"]):
            if "clock" in step:
                store.set_clock_ms(ms(step["clock"]))
            actor = substitute(step["as"], saved)
            args = substitute(step.get("args"), saved)
            expect = step.get("expect", {})
            try:
                scope = (
                    store.system()
                    if actor == "system"
                    else store.anonymous()
                    if actor == "anonymous"
                    else store.as_user(actor)
                )
                result = scope.call(step["op"], args)
            except orbit.OrbitError as e:
                assert "error" in expect, f"step {i} ({step['op']}) failed: {e!r}"
                assert e.code == expect["error"], f"step {i} ({step['op']}): {e.code} {e}"
                continue
            assert "error" not in expect, f"step {i} ({step['op']}): expected error {expect['error']}"
            if "result" in expect:
                assert matches(expect["result"], result), f"step {i} ({step['op']}): {result}"
            if "save" in step:
                if "index_by" in step:
                    result = {r[step["index_by"]]: r for r in result}
                saved[step["save"]] = result
