#!/usr/bin/env bash
# deps.sh — installs the Debian packages dxtrack needs: to build and run it (always), to test
# it (--tests: sanitizers, fuzzing, API and browser tests), to benchmark it (--bench).
# Skips apt entirely when everything is already installed; otherwise runs apt-get update first.
# Needs root (or sudo). Usage: tools/deps.sh [--tests] [--bench]
set -euo pipefail
packages=(
	build-essential pkg-config cmake ninja-build          # the build
	libsqlite3-dev sqlite3 libjansson-dev                 # storage, JSON
	libpq-dev postgresql                                  # the PostgreSQL backend; its tests' cluster
	libutf8proc-dev libicu-dev                            # Vietnamese text
	libsodium-dev                                         # passwords, tokens
	libmicrohttpd-dev                                     # the HTTP server
	libxlsxwriter-dev                                     # .xlsx exports
	libzip-dev libexpat1-dev                              # .docx out, .xlsx in
	libcairo2-dev libpango1.0-dev fonts-liberation2       # PDF (Times-metric Liberation Serif)
)
tests=0
for arg in "$@"; do
	case $arg in
	--tests)
		tests=1
		packages+=(
			libcmocka-dev                         # unit tests
			clang libclang-rt-14-dev              # fuzzing (libFuzzer), sanitizers
			curl jq                               # API tests over a socket
			unzip libxml2-utils                   # looking inside .xlsx and .docx exports
			poppler-utils                         # pdftotext, pdftoppm: reading the PDFs
			libreoffice-writer-nogui libreoffice-calc-nogui   # the judge: opens .docx/.xlsx
			chromium                              # browser tests (driven by playwright-core)
			time                                  # peak memory in benchmarks
		) ;;
	--bench) packages+=(wrk nginx-light curl time) ;;
	*) echo "usage: tools/deps.sh [--tests] [--bench]" >&2; exit 2 ;;
	esac
done
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm run the browser tests; a machine may already have them from elsewhere
# (NodeSource's nodejs bundles npm, and Debian's npm would conflict with it).
if [ $tests -eq 1 ] && ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
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
