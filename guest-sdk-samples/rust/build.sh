#!/usr/bin/env bash
#
# Rebuilds the Rust samples: every crate beside sdk/ in this workspace, built for
# wasm32-unknown-unknown with the SDK, into NAME/NAME.wasm. Works from any working directory.
#
#   build.sh [OUT_DIR]   writes OUT_DIR/NAME/NAME.wasm instead (used by the test that checks
#                        the committed binaries are current)
#
# Requires cargo and a rustc with the wasm32-unknown-unknown standard library (Debian:
# 'apt-get install rustc cargo libstd-rust-dev-wasm32'; set RUSTC and CARGO to choose them).
# Exits with status 3 when they are missing. Nothing is downloaded: the crates have no
# dependencies.
#
# The output is deterministic: no debug information, symbols stripped, and build paths
# remapped, so a rebuild of unchanged sources with the same compiler is byte-for-byte identical.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mkdir -p "${1:-$here}" && cd "${1:-$here}" && pwd)"
cargo="${CARGO:-cargo}"
if [ -x /usr/bin/cargo ] && [ -z "${CARGO:-}" ]; then
  cargo=/usr/bin/cargo
fi
export RUSTC="${RUSTC:-$(command -v /usr/bin/rustc || command -v rustc || true)}"

if ! command -v "$cargo" >/dev/null 2>&1 || [ -z "$RUSTC" ]; then
  echo "error: cargo and rustc are needed; see the header of this script." >&2
  exit 3
fi
target="$(mktemp -d)"
trap 'rm -rf "$target"' EXIT
# rustc replaces its output file, so the probe writes into the scratch folder, never /dev/null.
if ! echo '#![no_std] pub fn f() {}' | "$RUSTC" --target wasm32-unknown-unknown --crate-type rlib --emit metadata \
    --out-dir "$target" - 2>/dev/null; then
  echo "error: $RUSTC has no wasm32-unknown-unknown standard library; see the header of this script." >&2
  exit 3
fi
cd "$here"
RUSTFLAGS="--remap-path-prefix=$here=. --remap-path-prefix=$target=target" CARGO_TARGET_DIR="$target" \
  "$cargo" build --offline --release --target wasm32-unknown-unknown --quiet </dev/null
count=0
for crate in */Cargo.toml; do
  name="$(dirname "$crate")"
  [ "$name" = sdk ] && continue
  mkdir -p "$out/$name"
  cp "$target/wasm32-unknown-unknown/release/${name//-/_}.wasm" "$out/$name/$name.wasm"
  echo "built $name/$name.wasm"
  count=$((count + 1))
done
echo "built $count Rust sample(s)"
