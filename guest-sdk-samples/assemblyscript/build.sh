#!/usr/bin/env bash
#
# Rebuilds the AssemblyScript samples: every NAME/NAME.ts below this directory, with the SDK in
# sdk/, into NAME/NAME.wasm. Works from any working directory.
#
#   build.sh [OUT_DIR]   writes OUT_DIR/NAME/NAME.wasm instead (used by the test that checks
#                        the committed binaries are current)
#
# Requires Node.js and npm; the compiler, at the exact version of package-lock.json, is
# installed into node_modules by 'npm ci' when missing. Exits with status 3 without Node.js and
# npm, or when the compiler cannot be installed (no network).
#
# The output is deterministic: the stub runtime, no debug information and no source map, so a
# rebuild of unchanged sources is byte-for-byte identical.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mkdir -p "${1:-$here}" && cd "${1:-$here}" && pwd)"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: node and npm are needed to build the AssemblyScript samples." >&2
  exit 3
fi
cd "$here"
if [ ! -x node_modules/.bin/asc ]; then
  if ! npm ci --no-audit --no-fund --silent; then
    echo "error: 'npm ci' could not install the AssemblyScript compiler." >&2
    exit 3
  fi
fi

count=0
for source in */*.ts; do
  name="$(dirname "$source")"
  [ "$name" = sdk ] && continue
  [ "$source" = "$name/$name.ts" ] || continue
  mkdir -p "$out/$name"
  # --use abort routes the runtime's aborts to the SDK, so the module imports only from "edge".
  node_modules/.bin/asc "$source" --outFile "$out/$name/$name.wasm" --runtime stub --optimize \
    --use abort=sdk/edge/abort --noAssert
  echo "built $name/$name.wasm"
  count=$((count + 1))
done
echo "built $count AssemblyScript sample(s)"
