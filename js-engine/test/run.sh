#!/usr/bin/env bash
#
# Runs every test case of the engine: cases/NAME.js is run by harness.mjs with
# cases/NAME.json as its fixture and cases/NAME.setup.mjs as its setup when they
# exist, and its output must equal cases/NAME.out.
#
#   run.sh [NAME...]    runs the named cases (default: all)
#   UPDATE=1 run.sh     rewrites the .out files from the current output instead
#
# Needs node 20 or later (node:wasi). Closes with "N passed, N failed".

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cases="$here/cases"

if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node not found"
  exit 0
fi

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for script in "$cases"/*.js; do
    names+=("$(basename "$script" .js)")
  done
fi

passed=0
failed=0
for name in "${names[@]}"; do
  run=(node --no-warnings "$here/harness.mjs" "$cases/$name.js")
  [ -f "$cases/$name.json" ] && run+=("$cases/$name.json")
  [ -f "$cases/$name.setup.mjs" ] && run+=(--setup "$cases/$name.setup.mjs")
  actual="$("${run[@]}" 2>&1)" || true
  if [ "${UPDATE:-}" = 1 ]; then
    printf '%s\n' "$actual" >"$cases/$name.out"
  fi
  if [ "$actual" = "$(cat "$cases/$name.out" 2>/dev/null)" ]; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    diff <(cat "$cases/$name.out" 2>/dev/null) <(printf '%s\n' "$actual") | sed 's/^/     /' || true
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
