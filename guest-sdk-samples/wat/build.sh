#!/usr/bin/env bash
#
# Rebuilds every *.wat sample in this directory into the *.wasm next to it.
# Works from any working directory. Requires wat2wasm from WABT.
#
# The output is deterministic, so a rebuild of unchanged sources leaves the
# committed *.wasm files byte-for-byte identical.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v wat2wasm >/dev/null 2>&1; then
  echo "error: wat2wasm not found on PATH." >&2
  echo "Install WABT (https://github.com/WebAssembly/wabt), e.g. 'apt-get install wabt' or 'brew install wabt'." >&2
  exit 1
fi

cd "$here"
shopt -s nullglob
count=0
for wat in *.wat; do
  wasm="${wat%.wat}.wasm"
  echo "wat2wasm $wat -o $wasm"
  wat2wasm "$wat" -o "$wasm"
  count=$((count + 1))
done
echo "built $count WAT sample(s)"
