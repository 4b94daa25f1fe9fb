#!/usr/bin/env bash
#
# Builds the WASI command programs (CGI mode) from source into NAME/NAME.wasm. Works from any
# working directory.
#
#   build.sh            rebuilds every program in place
#   build.sh OUT_DIR    writes OUT_DIR/NAME/NAME.wasm instead
#   build.sh --check    rebuilds into a scratch directory and compares with the committed
#                       files byte for byte: exit 0 when all are identical, 1 with the names of
#                       those that differ
#
# Toolchains (Debian/Ubuntu package names):
#   C programs     clang, lld, wasi-libc, libclang-rt-14-dev-wasm32 (CC overrides clang;
#                  WASI_SYSROOT points at another sysroot such as the WASI SDK's)
#   sqlite-cgi     additionally npm, to fetch SQLite (see below)
#   Rust programs  rustc with libstd-rust-dev-wasm32 (RUSTC overrides /usr/bin/rustc); no
#                  crates, so no cargo and no network
# A program whose toolchain is missing is skipped with a "skipped:" line, and the script still
# exits 0 for it.
#
# SQLite is not kept in this repository. sqlite-cgi is built from the amalgamation that the
# npm package better-sqlite3 ships in deps/sqlite3/; the script fetches that package with
# 'npm pack' into sqlite-cgi/deps/ (ignored by git) and uses it only if its sha512 is the one
# pinned below. SQLITE_TGZ names an already downloaded copy of the package instead, for
# building offline; it is verified the same way.
#
# The output is reproducible: no debug information (the name section is kept, for readable
# stack traces), build paths mapped to ".", and nothing that depends on the time of the build,
# so the same sources and compilers give byte-identical files.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

sqlite_package="better-sqlite3@12.11.1"
sqlite_tgz_name="better-sqlite3-12.11.1.tgz"
sqlite_integrity="sha512-dq9AtApgg5PGFtBzPFSBl3HZQjHok5gaQCM6zh2Yk0aSmDCs1CbnVI8/HgASQkNKsWFpseIO9beg5xxpYhbIfA=="

check=false
out="$here"
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  -*) echo "usage: build.sh [--check | OUT_DIR]" >&2; exit 2 ;;
  *) out="$(mkdir -p "$1" && cd "$1" && pwd)" ;;
esac
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
if $check; then
  out="$scratch/out"
fi

cc="${CC:-clang}"
rustc="${RUSTC:-/usr/bin/rustc}"
sysroot=(${WASI_SYSROOT:+"--sysroot=$WASI_SYSROOT"})
cflags=(--target=wasm32-wasi "${sysroot[@]}" -Os -std=c11 -Wall -Wextra -Werror
        "-ffile-prefix-map=$here=." -Wl,--strip-debug -Wl,--stack-first)
rustflags=(--edition 2021 --target wasm32-wasi -C opt-level=s -C lto=fat -C panic=abort -C codegen-units=1
           -C strip=debuginfo "--remap-path-prefix=$here=.")

sqlite_options=(-DSQLITE_OS_OTHER=1 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_WAL
                -DSQLITE_OMIT_SHARED_CACHE -DSQLITE_OMIT_DEPRECATED -DSQLITE_OMIT_PROGRESS_CALLBACK
                -DSQLITE_DEFAULT_MEMSTATUS=0 -DSQLITE_DQS=0 -DSQLITE_LIKE_DOESNT_MATCH_BLOBS)

built=()
skipped=()

# Whether the C toolchain can build a wasm32-wasi command with wasi-libc.
have_c() {
  command -v "$cc" >/dev/null 2>&1 || { echo "skipped: $cc not installed"; return 1; }
  if ! echo 'int main(void) { return 0; }' | "$cc" --target=wasm32-wasi "${sysroot[@]}" -x c \
      -o "$scratch/probe.wasm" - 2>"$scratch/probe.log"; then
    echo "skipped: $cc cannot link for wasm32-wasi (wasi-libc, lld or libclang-rt-14-dev-wasm32 not installed):"
    sed 's/^/  /' "$scratch/probe.log"
    return 1
  fi
}

have_rust() {
  [ -x "$rustc" ] || command -v "$rustc" >/dev/null 2>&1 || { echo "skipped: $rustc not installed"; return 1; }
  # rustc replaces its output file, so the probe writes into the scratch folder, never /dev/null.
  if ! echo 'fn main() {}' | "$rustc" --target wasm32-wasi -o "$scratch/probe-rs.wasm" - 2>"$scratch/probe.log"; then
    echo "skipped: $rustc has no wasm32-wasi standard library (libstd-rust-dev-wasm32 not installed)"
    return 1
  fi
}

# Puts the verified amalgamation in sqlite-cgi/deps/sqlite3/, fetching the package if needed.
sqlite_source() {
  local deps="$here/sqlite-cgi/deps"
  local tgz="${SQLITE_TGZ:-$deps/$sqlite_tgz_name}"
  if [ ! -f "$tgz" ]; then
    command -v npm >/dev/null 2>&1 || { echo "skipped: npm not installed (needed to fetch SQLite)"; return 1; }
    mkdir -p "$deps"
    echo "npm pack $sqlite_package"
    if ! (cd "$deps" && npm pack --silent "$sqlite_package" >/dev/null); then
      echo "error: npm pack $sqlite_package failed; offline, SQLITE_TGZ can name a downloaded copy" >&2
      exit 1
    fi
  fi
  command -v openssl >/dev/null 2>&1 || { echo "skipped: openssl not installed (needed to verify SQLite)"; return 1; }
  local actual
  actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$actual" != "$sqlite_integrity" ]; then
    echo "error: $tgz has integrity $actual, expected $sqlite_integrity" >&2
    exit 1
  fi
  if [ ! -f "$deps/sqlite3/sqlite3.c" ] || [ "$tgz" -nt "$deps/sqlite3/sqlite3.c" ]; then
    rm -rf "$deps/sqlite3"
    mkdir -p "$deps/sqlite3"
    tar -xzf "$tgz" -C "$deps/sqlite3" --strip-components=3 \
      package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h
  fi
}

build_c() { # NAME SOURCES... [-- EXTRA_FLAGS...]
  local name="$1"
  shift
  local sources=() extra=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do sources+=("$1"); shift; done
  [ $# -gt 0 ] && shift && extra=("$@")
  mkdir -p "$out/$name"
  echo "clang ${sources[*]/#$scratch\//} -> $name/$name.wasm"
  (cd "$here" && "$cc" "${cflags[@]}" "${extra[@]}" -o "$out/$name/$name.wasm" "${sources[@]}")
  built+=("$name")
}

build_rust() { # NAME
  local name="$1"
  mkdir -p "$out/$name"
  echo "rustc $name/main.rs -> $name/$name.wasm"
  # rustc keeps intermediate files beside its output while it runs: that is the scratch folder.
  (cd "$here" && "$rustc" "${rustflags[@]}" -o "$scratch/$name.wasm" "$name/main.rs")
  cp "$scratch/$name.wasm" "$out/$name/$name.wasm"
  built+=("$name")
}

if have_c; then
  build_c c-cgi c-cgi/c-cgi.c
  build_c wasi-check-c wasi-check-c/wasi-check-c.c
  if sqlite_source; then
    # SQLite is compiled apart, without the -Wextra -Werror its code does not aim to pass. Its
    # options are explained in sqlite-cgi/README.md.
    echo "clang sqlite-cgi/deps/sqlite3/sqlite3.c"
    (cd "$here" && "$cc" --target=wasm32-wasi "${sysroot[@]}" -Os "-ffile-prefix-map=$here=." "${sqlite_options[@]}" \
      -c -o "$scratch/sqlite3.o" sqlite-cgi/deps/sqlite3/sqlite3.c)
    build_c sqlite-cgi sqlite-cgi/sqlite-cgi.c sqlite-cgi/memvfs.c "$scratch/sqlite3.o" -- -Isqlite-cgi/deps/sqlite3 \
      -Wl,-z,stack-size=1048576
  else
    skipped+=(sqlite-cgi)
  fi
else
  skipped+=(c-cgi wasi-check-c sqlite-cgi)
fi

if have_rust; then
  build_rust rust-cgi
  build_rust wasi-check-rust
else
  skipped+=(rust-cgi wasi-check-rust)
fi

for name in "${built[@]}"; do
  echo "  $name/$name.wasm $(wc -c <"$out/$name/$name.wasm") bytes"
done
[ ${#skipped[@]} -gt 0 ] && echo "skipped: ${skipped[*]}"

if $check; then
  differ=()
  for name in "${built[@]}"; do
    if ! cmp -s "$out/$name/$name.wasm" "$here/$name/$name.wasm"; then
      differ+=("$name/$name.wasm")
    fi
  done
  if [ ${#differ[@]} -gt 0 ]; then
    echo "not what the sources build to: ${differ[*]}; run guest-sdk-samples/wasi/build.sh and commit the result" >&2
    exit 1
  fi
  if [ ${#built[@]} -eq 0 ]; then
    echo "check: skipped, no toolchain installed"
  else
    echo "check: ${#built[@]} program(s) identical to the committed files"
  fi
fi
