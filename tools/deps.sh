#!/usr/bin/env bash
# deps.sh — installs the Debian packages dxtrack needs to build, test and benchmark.
# Skips apt entirely when everything is already installed; otherwise runs apt-get update first.
# Needs root (or sudo). Usage: tools/deps.sh
set -euo pipefail
packages=(
	build-essential pkg-config cmake ninja-build          # the build
	libsqlite3-dev sqlite3 libjansson-dev                 # storage, JSON
	libutf8proc-dev libicu-dev                            # Vietnamese text
	libcmocka-dev                                         # unit tests
	clang libclang-rt-14-dev                              # fuzzing (libFuzzer, sanitizers)
	time                                                  # peak memory in benchmarks
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
echo "deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "deps: run as root, or install sudo" >&2; exit 1; }
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
