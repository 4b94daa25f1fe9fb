#!/usr/bin/env bash
#
# Builds ${name}.wasm from ${name}.ts and the SDK in sdk/ with the AssemblyScript compiler at
# the version package-lock.json pins, which 'npm ci' installs into node_modules when it is
# missing. Needs Node.js and npm; exits with 3 without them or when the compiler cannot be
# installed.
#
# Optimised, with the stub runtime and no source map; --debug keeps the name section (some 700
# bytes), so that a trap names the function it happened in.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: node and npm are needed to build ${name}.wasm" >&2
  exit 3
fi
if [ ! -x node_modules/.bin/asc ]; then
  if ! npm ci --no-audit --no-fund --silent; then
    echo "error: 'npm ci' could not install the AssemblyScript compiler" >&2
    exit 3
  fi
fi
# --use abort routes the runtime's aborts to the SDK, so the module imports only from "edge".
node_modules/.bin/asc ${name}.ts --outFile ${name}.wasm --runtime stub --optimize --shrinkLevel 1 \
  --use abort=sdk/edge/abort --noAssert --debug
echo "built ${name}.wasm ($(wc -c < ${name}.wasm) bytes)"
