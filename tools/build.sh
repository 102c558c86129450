#!/usr/bin/env bash
# build.sh — configures and builds dxtrack into build/ (or the folder given), quietly: the
# compiler's output is shown only when the build fails.
# Usage: tools/build.sh [BUILD_DIR [extra cmake args…]]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! cmake -S . -B "$dir" -G Ninja "$@" >"$log" 2>&1 || ! ninja -C "$dir" >>"$log" 2>&1; then
	cat "$log" >&2
	echo "build.sh: the build in $dir failed" >&2
	exit 1
fi
