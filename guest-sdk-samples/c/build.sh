#!/usr/bin/env bash
#
# Rebuilds the C samples: every NAME/NAME.c below this directory, linked with
# the SDK in sdk/, into NAME/NAME.wasm. Works from any working directory.
#
#   build.sh [OUT_DIR]   writes OUT_DIR/NAME/NAME.wasm instead (used by the
#                        test that checks the committed binaries are current)
#
# Requires clang with the wasm32-wasi target and wasi-libc; exits with status 3
# when they are missing (Debian/Ubuntu:
# 'apt-get install clang lld wasi-libc'; elsewhere the WASI SDK, with
# WASI_SYSROOT set to its sysroot). CC overrides the compiler.
#
# The output is deterministic: no debug information, no names section and no
# build paths, so a rebuild of unchanged sources with the same compiler leaves
# the committed *.wasm files byte-for-byte identical.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mkdir -p "${1:-$here}" && cd "${1:-$here}" && pwd)"
cc="${CC:-clang}"

flags=(--target=wasm32-wasi -O2 -std=c11 -Wall -Wextra -Werror
       -mexec-model=reactor -I sdk "-ffile-prefix-map=$here=." -Wl,--strip-all)
if [ -n "${WASI_SYSROOT:-}" ]; then
  flags+=("--sysroot=$WASI_SYSROOT")
fi

if ! command -v "$cc" >/dev/null 2>&1; then
  echo "error: $cc not found on PATH; install clang with wasi-libc (see the header of this script)." >&2
  exit 3
fi
if ! echo 'int x;' | "$cc" --target=wasm32-wasi ${WASI_SYSROOT:+"--sysroot=$WASI_SYSROOT"} \
    -x c -c -o /dev/null - 2>/dev/null \
  || ! echo '#include <stdlib.h>' | "$cc" --target=wasm32-wasi ${WASI_SYSROOT:+"--sysroot=$WASI_SYSROOT"} \
    -x c -E -o /dev/null - 2>/dev/null; then
  echo "error: $cc cannot compile for wasm32-wasi with wasi-libc; install wasi-libc or set WASI_SYSROOT." >&2
  exit 3
fi

cd "$here"
count=0
for source in */*.c; do
  name="$(dirname "$source")"
  [ "$name" = sdk ] && continue
  [ "$source" = "$name/$name.c" ] || continue
  mkdir -p "$out/$name"
  echo "clang $source sdk/edge.c -o $name/$name.wasm"
  "$cc" "${flags[@]}" -o "$out/$name/$name.wasm" "$source" sdk/edge.c
  count=$((count + 1))
done
echo "built $count C sample(s)"
