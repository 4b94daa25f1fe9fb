#!/usr/bin/env bash
#
# Rebuilds every case's guest.wasm (and any other .wasm) from the .wat beside it.
# Needs wat2wasm from WABT (Debian: apt-get install wabt).

set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v wat2wasm >/dev/null 2>&1; then
  echo "error: wat2wasm not found on PATH; install WABT (Debian: apt-get install wabt)." >&2
  exit 1
fi
count=0
while IFS= read -r -d '' wat; do
  wat2wasm "$wat" -o "${wat%.wat}.wasm"
  count=$((count + 1))
done < <(find "$here" -name '*.wat' -print0 | sort -z)
echo "built $count case guest(s)"
