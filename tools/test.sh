#!/usr/bin/env bash
# test.sh — the README's second command: install, build, and run every test: the unit and CLI
# tests (ctest) on a normal build, a short fuzzing run of every fuzz target, and the whole
# suite again under AddressSanitizer and UndefinedBehaviorSanitizer. The CLI, API and browser
# tests run on SQLite and again on PostgreSQL (pg/…: a throw-away cluster of Debian's
# postgresql, started and stopped by ctest; -DDX_PG_TESTS=OFF leaves them out).
# FUZZ_SECONDS (default 20) bounds each fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh --tests
echo "== browser-test driver (playwright-core from npm, for Debian's chromium)"
npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
tools/check_layers.sh
echo "== build and test (release with debug info)"
tools/build.sh build
ctest --test-dir build --output-on-failure -j2
echo "== sample data check"
tools/check_sample.sh >/dev/null
echo "== fuzz (${FUZZ_SECONDS:-20} s per target)"
fuzz/run.sh "${FUZZ_SECONDS:-20}"
echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
tools/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DDX_SANITIZE=ON
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --test-dir build-asan --output-on-failure -j2
