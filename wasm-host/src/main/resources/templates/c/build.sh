#!/usr/bin/env bash
#
# Builds ${name}.wasm from ${name}.c and the SDK in sdk/ with clang for wasm32-wasi, as a reactor
# that exports handle. Needs clang, lld and wasi-libc (Debian: apt-get install clang lld
# wasi-libc; elsewhere the WASI SDK, with WASI_SYSROOT set to its sysroot); exits with 3 without
# them. CC chooses the compiler.
#
# Optimised for size; the debug information wasi-libc brings is stripped, the name section stays,
# so that a trap names the function it happened in.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
cc="${CC:-clang}"
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "error: $cc not found; install clang, lld and wasi-libc (see the top of this script)" >&2
  exit 3
fi
if ! echo '#include <stdlib.h>' | "$cc" --target=wasm32-wasi ${WASI_SYSROOT:+"--sysroot=$WASI_SYSROOT"} -x c -E -o /dev/null - 2>/dev/null; then
  echo "error: $cc cannot compile for wasm32-wasi: install wasi-libc or set WASI_SYSROOT" >&2
  exit 3
fi
"$cc" --target=wasm32-wasi ${WASI_SYSROOT:+"--sysroot=$WASI_SYSROOT"} -Os -std=c11 -Wall -Wextra -Werror \
  -mexec-model=reactor -Wl,--strip-debug -I sdk -o ${name}.wasm ${name}.c sdk/edge.c
echo "built ${name}.wasm ($(wc -c < ${name}.wasm) bytes)"
