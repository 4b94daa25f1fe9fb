#!/usr/bin/env bash
#
# Rebuilds the peer benchmarks' C modules (sha256.wasm, jwt.wasm) from the sources beside them:
# freestanding wasm32 with no imports, exporting run(i64) -> i64, so that V8, plain Chicory and
# the host run the very same bytes. Works from any working directory. Needs clang and lld.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for guest in sha256 jwt; do
  clang --target=wasm32 -O2 -nostdlib -fno-builtin -Wall -Wextra -Werror \
    -Wl,--no-entry -Wl,--export=run -Wl,--strip-all \
    -o "$here/$guest.wasm" "$here/$guest.c"
  echo "built $here/$guest.wasm ($(wc -c < "$here/$guest.wasm") bytes)"
done
