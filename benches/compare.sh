#!/usr/bin/env bash
# The comparison run of the benchmarks (issue "quickstart … and benchmarks against the floor"): full-lifecycle
# throughput at 10,000 and 100,000 cases against the raw-insert floor measured in the same run, then latency
# and peak memory on a store of 1,000,000 cases. Rewrites the generated section of benches/RESULTS.md.
#
#   bash benches/compare.sh                 # about 20 minutes on the 2-core build machine
#   ORBIT_BENCH_SIZES=10000 ORBIT_BENCH_SCALE_CASES=100000 bash benches/compare.sh   # a quicker look
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_TARGET=${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}
export ORBIT_BENCH_SIZES=${ORBIT_BENCH_SIZES:-10000,100000}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "=== lifecycle throughput and the floor (sizes $ORBIT_BENCH_SIZES)"
cargo bench --locked --bench stats_lifecycle --no-run
/usr/bin/time -v -o "$OUT/lifecycle.time" cargo bench --locked --bench stats_lifecycle -- \
    --warm-up-time 1 --measurement-time 5 'lifecycle|floor' 2>&1 | tee "$OUT/lifecycle.log"

echo "=== latency and memory at scale"
cargo bench --locked --bench scale --no-run
ORBIT_BENCH_JSON="$OUT/scale.json" cargo bench --locked --bench scale 2>&1 | tee "$OUT/scale.log"

python3 benches/report.py --criterion target/criterion --sizes "$ORBIT_BENCH_SIZES" \
    --lifecycle-time "$OUT/lifecycle.time" --scale "$OUT/scale.json" --results benches/RESULTS.md
echo "benches/RESULTS.md updated"
