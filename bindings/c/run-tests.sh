#!/usr/bin/env bash
# Builds the C library, installs it into a scratch prefix, compiles the C test program against it with
# -Wall -Wextra -Werror (shared through pkg-config, and static), and runs both on the conformance scenarios.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TDIR=$ROOT/target/${CARGO_BUILD_TARGET:-}/debug
[ -n "${CARGO_BUILD_TARGET:-}" ] || TDIR=$ROOT/target/debug
cargo build --workspace --locked --quiet          # --workspace: shares features with the other steps
if [ -n "${CI:-}" ]; then
    git diff --exit-code -- bindings/c/include/orbit.h || { echo "orbit.h is stale: build and commit it"; exit 1; }
fi
B=$ROOT/target/c-tests
rm -rf "$B" && mkdir -p "$B"
bindings/c/install.sh "$B/prefix" "$TDIR"
export PKG_CONFIG_PATH=$B/prefix/lib/pkgconfig
CFLAGS="-std=c11 -Wall -Wextra -Werror -O1"
# shellcheck disable=SC2046
gcc $CFLAGS bindings/c/tests/conformance.c $(pkg-config --cflags --libs orbit) -lcjson -Wl,-rpath,"$B/prefix/lib" -o "$B/conformance_shared"
# shellcheck disable=SC2046
gcc $CFLAGS bindings/c/tests/conformance.c $(pkg-config --cflags orbit) "$B/prefix/lib/liborbit.a" -lcjson -lpthread -ldl -lm -o "$B/conformance_static"
echo "--- C (shared library)"
"$B/conformance_shared" conformance/*.json
echo "--- C (static library)"
"$B/conformance_static" conformance/*.json
echo "--- C example"
# shellcheck disable=SC2046
gcc $CFLAGS examples/c/first_use.c $(pkg-config --cflags --libs orbit) -Wl,-rpath,"$B/prefix/lib" -o "$B/first_use"
"$B/first_use" > "$B/first_use.out"
grep -q '"created":true' "$B/first_use.out"
