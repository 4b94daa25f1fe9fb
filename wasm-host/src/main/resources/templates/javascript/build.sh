#!/usr/bin/env bash
#
# Nothing to compile: ${name}.js is deployed as it is, and the host compiles nothing for it. This
# checks its syntax with node (Debian: apt-get install nodejs) as an ES module; exits with 3
# without node. A TypeScript or npm project bundles to one file first (esbuild, docs/javascript.md).

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v node >/dev/null 2>&1; then
  echo "error: node not found; install nodejs to check ${name}.js (it deploys without node)" >&2
  exit 3
fi
checked="$(mktemp -d)"
trap 'rm -rf "$checked"' EXIT
cp ${name}.js "$checked/${name}.mjs"
node --check "$checked/${name}.mjs"
echo "checked ${name}.js ($(wc -c < ${name}.js) bytes); deploy it as it is"
