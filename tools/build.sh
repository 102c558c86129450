#!/usr/bin/env bash
# build.sh — configures and builds dxtrack into build/ (or the folder given), quietly.
# Usage: tools/build.sh [BUILD_DIR [extra cmake args…]]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
ninja -C "$dir" >/dev/null
