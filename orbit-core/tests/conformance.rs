//! Replays the golden conformance scenarios of `conformance/` through `api::invoke` (the same files are
//! replayed by the Python, Node and C test suites through their bindings).

use serde_json::{Map, Value};

use orbit_core::{ManualClock, OpenOptions, Orbit, api, values};

/// Resolves `$name.path` strings against the saved results.
fn substitute(v: &Value, saved: &Map<String, Value>) -> Value {
    match v {
        Value::String(s) if s.starts_with('$') => {
            let mut parts = s[1..].split('.');
            let mut cur = saved.get(parts.next().unwrap_or_default()).cloned().unwrap_or(Value::Null);
            for p in parts {
                cur = match (&cur, p.parse::<usize>()) {
                    (Value::Array(a), Ok(i)) => a.get(i).cloned().unwrap_or(Value::Null),
                    _ => cur.get(p).cloned().unwrap_or(Value::Null),
                };
            }
            cur
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, saved)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), substitute(x, saved))).collect()),
        other => other.clone(),
    }
}

/// `expected` matches `actual`: object keys of `expected` match, arrays match element-wise, scalars equal.
fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().all(|(k, v)| a.get(k).is_some_and(|x| matches(v, x))),
        (Value::Array(e), Value::Array(a)) => e.len() == a.len() && e.iter().zip(a).all(|(x, y)| matches(x, y)),
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        (e, a) => e == a,
    }
}

fn run(path: &std::path::Path) {
    let scenario: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let start = values::parse_rfc3339("clock", scenario["clock"].as_str().unwrap()).unwrap();
    let clock = ManualClock::new(start);
    let orbit = Orbit::open_in_memory_with(OpenOptions::default().with_clock(clock.clone())).unwrap();
    let mut saved = Map::new();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    for (i, step) in scenario["steps"].as_array().unwrap().iter().enumerate() {
        if let Some(c) = step.get("clock").and_then(Value::as_str) {
            clock.set(values::parse_rfc3339("clock", c).unwrap());
        }
        let actor = substitute(&step["as"], &saved);
        let args = substitute(step.get("args").unwrap_or(&Value::Null), &saved);
        let op = step["op"].as_str().unwrap();
        let result = match actor.as_str() {
            Some("system") => api::invoke(&orbit.system(), op, &args),
            Some("anonymous") => api::invoke(&orbit.anonymous(), op, &args),
            Some(user) => orbit.as_user(user).and_then(|s| api::invoke(&s, op, &args)),
            None => panic!("{name} step {i}: bad actor"),
        };
        let expect = step.get("expect").cloned().unwrap_or(Value::Null);
        match (&result, expect.get("error")) {
            (Err(e), Some(code)) => {
                assert_eq!(i64::from(e.code()), code.as_i64().unwrap(), "{name} step {i} ({op}): {e}")
            }
            (Err(e), None) => panic!("{name} step {i} ({op}) failed: {e}"),
            (Ok(v), Some(code)) => panic!("{name} step {i} ({op}): expected error {code}, got {v}"),
            (Ok(v), None) => {
                if let Some(r) = expect.get("result") {
                    assert!(matches(r, v), "{name} step {i} ({op}): expected {r}, got {v}");
                }
            }
        }
        if let (Ok(v), Some(var)) = (result, step.get("save").and_then(Value::as_str)) {
            let v = match step.get("index_by").and_then(Value::as_str) {
                Some(key) => Value::Object(
                    v.as_array()
                        .unwrap()
                        .iter()
                        .map(|x| (x[key].as_str().unwrap_or_default().to_string(), x.clone()))
                        .collect(),
                ),
                None => v,
            };
            saved.insert(var.to_string(), v);
        }
    }
}

#[test]
fn golden_conformance_scenarios_pass_in_rust() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 3);
    for f in files {
        run(&f);
    }
}
