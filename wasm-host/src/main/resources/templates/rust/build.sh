#!/usr/bin/env bash
#
# Builds ${name}.wasm with cargo for wasm32-unknown-unknown, with the SDK in sdk/ (no other
# dependencies: nothing is downloaded). Needs cargo and a rustc with the wasm32 standard library
# (Debian: apt-get install rustc cargo libstd-rust-dev-wasm32; rustc 1.63 or later); exits with
# 3 without them. CARGO and RUSTC choose them; Debian's are preferred when present.
#
# The release profile in Cargo.toml optimises for size (opt-level "s", LTO, panic=abort) and
# keeps the name section, so that a trap names the function it happened in.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
cargo="${CARGO:-cargo}"
if [ -z "${CARGO:-}" ] && [ -x /usr/bin/cargo ]; then
  cargo=/usr/bin/cargo
fi
export RUSTC="${RUSTC:-$(command -v /usr/bin/rustc || command -v rustc || true)}"
if ! command -v "$cargo" >/dev/null 2>&1 || [ -z "$RUSTC" ]; then
  echo "error: cargo and rustc are needed (see the top of this script)" >&2
  exit 3
fi
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
if ! echo '#![no_std] pub fn f() {}' | "$RUSTC" --target wasm32-unknown-unknown --crate-type rlib --emit metadata \
    --out-dir "$probe" - 2>/dev/null; then
  echo "error: $RUSTC has no wasm32-unknown-unknown standard library (see the top of this script)" >&2
  exit 3
fi
"$cargo" build --offline --release --target wasm32-unknown-unknown --quiet
cp target/wasm32-unknown-unknown/release/${crate}.wasm ${name}.wasm
echo "built ${name}.wasm ($(wc -c < ${name}.wasm) bytes)"
