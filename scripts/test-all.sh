#!/usr/bin/env bash
# Runs every check and every test of the project, in every language: the README's test command, and what CI
# runs after .ci/run has installed the system packages. Safe to run repeatedly; keeps target/ warm.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
# One target tree for cargo, nextest, maturin and napi (TOOLCHAIN.md pitfall 6).
export CARGO_BUILD_TARGET=${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}
T0=$SECONDS
step() { echo "=== [$((SECONDS - T0))s] $*"; }

step "rust: format"
cargo fmt --all --check

step "rust: clippy (warnings are errors; also type-checks examples and benches)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "rust: tests"
if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --workspace --locked --no-fail-fast
else
    cargo test --workspace --locked --no-fail-fast
fi
step "rust: doc tests"
cargo test --workspace --doc --locked

step "C binding: header, shared and static builds, conformance"
bash bindings/c/run-tests.sh

step "Python binding: build (maturin), stubs, pytest"
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q --disable-pip-version-check "maturin==1.16.0" "pytest==9.2.0" "mypy==1.13.0"
python3 scripts/gen-python-stubs.py
if [ -n "${CI:-}" ]; then
    git diff --exit-code -- bindings/python/python/orbit_surgical/_native.pyi || { echo "Python stubs are stale: run scripts/gen-python-stubs.py"; exit 1; }
fi
(cd bindings/python && VIRTUAL_ENV=$ROOT/.venv PATH=$ROOT/.venv/bin:$PATH maturin develop --locked -q)
.venv/bin/pytest -q bindings/python/tests
.venv/bin/python -m mypy --strict bindings/python/python/orbit_surgical examples/python/first_use.py
.venv/bin/python examples/python/first_use.py

step "Node binding: build (napi), declarations, tsc, node:test"
(
    cd bindings/node
    [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
    npx napi build --platform
    if [ -n "${CI:-}" ]; then
        git diff --exit-code -- index.d.ts index.js || { echo "Node declarations are stale: build and commit them"; exit 1; }
    fi
    npx tsc -p tsconfig.json
    node --test __test__/
)
node examples/node/first_use.mjs

step "examples: quickstart on a scratch database"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
# A short history in the debug build (the README's release run generates 90 days); the second run reuses it.
cargo run --locked --quiet --example quickstart -- "$SCRATCH/quickstart.db" --days 7 --ahead 3
cargo run --locked --quiet --example quickstart -- "$SCRATCH/quickstart.db" --days 7 --ahead 3   # a second run is safe

step "done in $((SECONDS - T0))s (root: $ROOT)"
