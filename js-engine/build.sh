#!/usr/bin/env bash
#
# Builds edge-js.wasm, the JavaScript engine for edge functions: QuickJS
# 2021-03-27 compiled to a wasm32-wasi reactor with the glue in src/: engine.c,
# and the Workers API in prelude.js, embedded as QuickJS bytecode made by
# src/compile-prelude.c, which is built natively for the build machine first.
#
#   build.sh           rebuilds edge-js.wasm beside this script
#   build.sh --check   rebuilds into a temporary directory and compares the result
#                      with the committed edge-js.wasm byte for byte: exit 0 when
#                      identical, 1 when not; exit 0 with "skipped: ..." when the
#                      toolchain is missing
#
# The QuickJS sources come from the npm package qjsc@0.3.0, which carries them
# under deps/quickjs_2021_03_27/. The package is fetched with `npm pack` into
# target/ (kept out of git) and refused unless its sha512 matches the pinned
# integrity below. src/quickjs-wasi.patch is applied to it before compiling.
#
# Toolchain: clang with the wasm32-wasi target, wasm-ld, wasi-libc and the wasm32
# compiler-rt builtins (Debian: 'apt-get install clang lld wasi-libc
# libclang-rt-14-dev-wasm32'; elsewhere the WASI SDK with WASI_SYSROOT set to its
# sysroot), and a C compiler for the build machine itself (HOST_CC, default cc).
# CC overrides the wasm compiler. Without them the build exits with status 3.
#
# The output is reproducible: no debug information, no timestamps, and build paths
# mapped away, so the same sources and compiler give the same bytes. The name
# section is kept so that traps name the function they happened in.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cc="${CC:-clang}"
host_cc="${HOST_CC:-cc}"

QJSC_PACKAGE="qjsc@0.3.0"
QJSC_INTEGRITY="sha512-a7+cU6/IVcZbIejffdt/wZVMX6LL2MDL3HQ9Zb5Gm23G9DvBMS/z9GHFxz39bAvp2PvMOM+ypSOAyokt2DdZ2w=="
QUICKJS_DIR="package/deps/quickjs_2021_03_27"
QUICKJS_VERSION="2021-03-27"
QUICKJS_SOURCES=(quickjs.c libregexp.c libunicode.c cutils.c libbf.c)

check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  *) echo "usage: build.sh [--check]" >&2; exit 2 ;;
esac

# A missing tool skips --check (the environment cannot rebuild) but fails a build.
unavailable() {
  if [ "$check" = 1 ]; then
    echo "skipped: $1"
    exit 0
  fi
  echo "error: $1" >&2
  exit 3
}

link_sysroot_flags=()
if [ -n "${WASI_SYSROOT:-}" ]; then
  sysroot_flags=("--sysroot=$WASI_SYSROOT")
  link_sysroot_flags=("--sysroot=$WASI_SYSROOT")
else
  # Debian's wasi-libc headers; -nostdlibinc keeps the host's /usr/include (glibc) out of the search path.
  sysroot_flags=(-nostdlibinc -isystem /usr/include/wasm32-wasi)
fi

command -v "$cc" >/dev/null 2>&1 || unavailable "$cc not found; install clang, lld and wasi-libc (see the header of build.sh)"
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
if ! printf '#include <stdlib.h>\nint main(void) { return abs(0); }\n' >"$probe/probe.c" \
  || ! "$cc" --target=wasm32-wasi "${sysroot_flags[@]}" -o "$probe/probe.wasm" "$probe/probe.c" 2>"$probe/err"; then
  unavailable "$cc cannot build for wasm32-wasi ($(head -n 1 "$probe/err")); install lld, wasi-libc and libclang-rt-14-dev-wasm32"
fi
if ! printf '#include <stdio.h>\n#include <math.h>\nint main(void) { return (int)floor(0.5); }\n' >"$probe/native.c" \
  || ! "$host_cc" -o "$probe/native" "$probe/native.c" -lm 2>"$probe/err"; then
  unavailable "$host_cc cannot build programs for this machine ($(head -n 1 "$probe/err"))"
fi
for tool in npm openssl patch; do
  command -v "$tool" >/dev/null 2>&1 || unavailable "$tool not found"
done

integrity_of() {
  echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 | tr -d '\n')"
}

# The pinned package, fetched once into target/ and verified every time it is used.
fetch_sources() {
  local cache="$here/target/npm"
  local tarball="$cache/qjsc-0.3.0.tgz"
  mkdir -p "$cache"
  if [ ! -f "$tarball" ] || [ "$(integrity_of "$tarball")" != "$QJSC_INTEGRITY" ]; then
    rm -f "$tarball"
    (cd "$cache" && npm pack --silent "$QJSC_PACKAGE" >/dev/null)
  fi
  local actual
  actual="$(integrity_of "$tarball")"
  if [ "$actual" != "$QJSC_INTEGRITY" ]; then
    echo "error: $QJSC_PACKAGE has integrity $actual, expected $QJSC_INTEGRITY; refusing to build" >&2
    rm -f "$tarball"
    exit 1
  fi
  echo "$tarball"
}

# Builds edge-js.wasm into the directory $1.
build_into() {
  local out="$1" tarball work
  tarball="$(fetch_sources)"
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the trap must remove this build's directories
  trap "rm -rf '$work' '$probe'" EXIT
  tar -xzf "$tarball" -C "$work" "$QUICKJS_DIR"
  mv "$work/$QUICKJS_DIR" "$work/quickjs"
  patch -s -p1 -d "$work/quickjs" <"$here/src/quickjs-wasi.patch"

  # QuickJS's own build defines these. Both builds of it, the native one that compiles the prelude
  # and the wasm one, get the same: bytecode refers to predefined atoms by number.
  local quickjs_config=(-D_GNU_SOURCE "-DCONFIG_VERSION=\"$QUICKJS_VERSION\"" -DCONFIG_BIGNUM -DEDGE_JS_NO_ATOMICS
    -funsigned-char)
  local native=()
  for source in "${QUICKJS_SOURCES[@]}"; do
    native+=("$work/quickjs/$source")
  done
  echo "host cc src/compile-prelude.c"
  "$host_cc" -O1 "${quickjs_config[@]}" -w -I "$work/quickjs" -o "$work/compile-prelude" \
    "$here/src/compile-prelude.c" "${native[@]}" -lm
  echo "compile-prelude src/prelude.js"
  "$work/compile-prelude" "$here/src/prelude.js" "$work/prelude.inc"

  local common=(--target=wasm32-wasi -Oz -g0
    -mbulk-memory -mnontrapping-fptoint -msign-ext -mmutable-globals
    "-ffile-prefix-map=$work=." "-ffile-prefix-map=$here=."
    # wasi-libc has only round-to-nearest; QuickJS and engine.c need names for the directed modes.
    -DFE_DOWNWARD=0x400 -DFE_UPWARD=0x800)
  # The renames route QuickJS's clock and its directed-rounding printf through engine.c
  # (see edge_gettimeofday and edge_snprintf there).
  local quickjs_flags=("${quickjs_config[@]}"
    -Dgettimeofday=edge_gettimeofday -Dfesetround=edge_fesetround -Dsnprintf=edge_snprintf
    -Wno-everything)
  local objects=()
  for source in "${QUICKJS_SOURCES[@]}"; do
    echo "cc quickjs/$source"
    "$cc" "${common[@]}" "${sysroot_flags[@]}" "${quickjs_flags[@]}" -c -o "$work/${source%.c}.o" "$work/quickjs/$source"
    objects+=("$work/${source%.c}.o")
  done
  echo "cc src/engine.c"
  "$cc" "${common[@]}" "${sysroot_flags[@]}" -std=gnu11 -Wall -Wextra -Werror -isystem "$work/quickjs" -I "$work" \
    -c -o "$work/engine.o" "$here/src/engine.c"
  objects+=("$work/engine.o")

  # 640 KiB of shadow stack placed below the data, so an overflow traps instead of overwriting it.
  echo "ld edge-js.wasm"
  "$cc" "${common[@]}" "${link_sysroot_flags[@]}" -mexec-model=reactor -Wl,-z,stack-size=655360 -Wl,--stack-first -Wl,--strip-debug \
    -o "$out/edge-js.wasm" "${objects[@]}" -lm
  # The linker marks its output executable; the module is data.
  chmod 644 "$out/edge-js.wasm"
}

if [ "$check" = 1 ]; then
  fresh="$(mktemp -d)"
  build_into "$fresh" >/dev/null
  if cmp -s "$fresh/edge-js.wasm" "$here/edge-js.wasm"; then
    echo "edge-js.wasm is up to date ($(wc -c <"$here/edge-js.wasm") bytes)"
    rm -rf "$fresh"
    exit 0
  fi
  echo "edge-js.wasm differs from a rebuild of its sources ($(wc -c <"$fresh/edge-js.wasm") bytes rebuilt," \
    "$(wc -c <"$here/edge-js.wasm" 2>/dev/null || echo 0) committed): run js-engine/build.sh and commit the result;" \
    "if the sources did not change, the compiler differs from the one that built it ($("$cc" --version | head -n 1))" >&2
  rm -rf "$fresh"
  exit 1
fi

build_into "$here"
echo "built edge-js.wasm ($(wc -c <"$here/edge-js.wasm") bytes)"
