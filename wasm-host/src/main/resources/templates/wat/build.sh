#!/usr/bin/env bash
#
# Builds ${name}.wasm from ${name}.wat with wat2wasm (Debian: apt-get install wabt); exits with
# 3 without it. --debug-names keeps the function names, so that a trap names the function it
# happened in.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v wat2wasm >/dev/null 2>&1; then
  echo "error: wat2wasm not found; install wabt" >&2
  exit 3
fi
wat2wasm --debug-names ${name}.wat -o ${name}.wasm
echo "built ${name}.wasm ($(wc -c < ${name}.wasm) bytes)"
