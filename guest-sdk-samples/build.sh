#!/usr/bin/env bash
#
# Rebuilds the guest samples of every language by running each
# */build.sh below this directory. Works from any working directory; stops
# at the first failure.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

shopt -s nullglob
scripts=("$here"/*/build.sh)
if [ ${#scripts[@]} -eq 0 ]; then
  echo "no */build.sh found in $(basename "$here")" >&2
  exit 1
fi

for script in "${scripts[@]}"; do
  echo "==> $(basename "$(dirname "$script")")"
  bash "$script"
done
