#!/usr/bin/env bash
#
# Rebuilds render.wasm from render.c beside it, as a WASI reactor (exports
# _initialize and handle). Works from any working directory.
#
# Needs clang, lld and wasi-libc; on Debian or Ubuntu:
#   apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
clang --target=wasm32-wasi -O2 -mexec-model=reactor \
  -Wall -Wextra -Werror -Wl,--strip-debug \
  -o "$here/render.wasm" "$here/render.c"
echo "built $here/render.wasm ($(wc -c < "$here/render.wasm") bytes)"
