#!/usr/bin/env bash
# Installs the C API into PREFIX: include/orbit.h, lib/liborbit.so.0 (+ liborbit.so), lib/liborbit.a and
# lib/pkgconfig/orbit.pc. Usage: bindings/c/install.sh PREFIX [CARGO_OUTPUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${1:?usage: install.sh PREFIX [CARGO_OUTPUT_DIR]}
libs=${2:-$here/../../target/debug}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/../../Cargo.toml" | head -n 1)
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
cp "$here/include/orbit.h" "$prefix/include/"
cp "$libs/liborbit.so" "$prefix/lib/liborbit.so.0"
ln -sf liborbit.so.0 "$prefix/lib/liborbit.so"
cp "$libs/liborbit.a" "$prefix/lib/"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" "$here/orbit.pc.in" > "$prefix/lib/pkgconfig/orbit.pc"
