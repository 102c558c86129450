#!/usr/bin/env bash
# run.sh — runs one CLI case file: tests/cli/run.sh path/to/dxtrack CASE.t
#
# A case file is a small bash script of steps, each a command and what a user would see:
#   run dxtrack import tasks "$DATA/ten_mistakes.csv"   # runs it, keeps stdout, stderr, status
#   status 3                                            # the exit code
#   out_has '"tasks":42'    err_has 'FILE:3: year:'      # a fixed string in stdout / stderr
#   out_lacks TEXT          err_lacks TEXT
#   out_is <<'EOF' … EOF    err_is <<'EOF' … EOF         # the whole output, exactly
#   same_files A B                                      # two files have the same bytes
# Each case gets a fresh directory (its cwd), a fresh database in DXTRACK_DB and a fixed clock:
# the file case.db, or with DXTRACK_TEST_PG=DIR a new database of that PostgreSQL cluster.
# The database's helpers (tests/db.sh): new_db NAME (another fresh one), reset_db, db_sql "SQL",
# sqlite_only "why" (the case is about SQLite files: skipped on PostgreSQL).
# Variables: $SAMPLE (data/sample/backan-2023), $DATA (tests/data), $REPO, $DB_BACKEND.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case_file=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$REPO/data/sample/backan-2023
DATA=$REPO/tests/data
work=$(mktemp -d)
# shellcheck source=tests/db.sh
source "$REPO/tests/db.sh"
trap 'db_cleanup; rm -rf "$work"' EXIT
cd "$work" || exit 1
DXTRACK_DB=$(new_db case) || exit 1
export DXTRACK_DB
export DXTRACK_NOW=2023-12-14T08:00:00Z
export LC_ALL=C.UTF-8

passed=0
failed=0
step=""
OUT=""
ERR=""
STATUS=0

dxtrack() { "$bin" "$@"; }

fail() {
	failed=$((failed + 1))
	printf 'FAIL %s: %s\n  after: %s\n' "$(basename "$case_file")" "$1" "$step" >&2
	if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/  | /' >&2; fi
}
pass() { passed=$((passed + 1)); }

run() {
	step="$*"
	"$@" >"$work/.out" 2>"$work/.err"
	STATUS=$?
	OUT=$(cat "$work/.out")
	ERR=$(cat "$work/.err")
}
status() {
	if [ "$STATUS" -eq "$1" ]; then pass; else fail "exit code $STATUS, expected $1" "$ERR"; fi
}
out_has() {
	if grep -qF -- "$1" "$work/.out"; then pass; else fail "stdout lacks: $1" "$OUT"; fi
}
err_has() {
	if grep -qF -- "$1" "$work/.err"; then pass; else fail "stderr lacks: $1" "$ERR"; fi
}
out_lacks() {
	if grep -qF -- "$1" "$work/.out"; then fail "stdout has: $1" "$OUT"; else pass; fi
}
err_lacks() {
	if grep -qF -- "$1" "$work/.err"; then fail "stderr has: $1" "$ERR"; else pass; fi
}
out_is() {
	local want
	want=$(cat)
	if [ "$OUT" == "$want" ]; then pass; else
		fail "stdout differs" "$(diff <(printf '%s\n' "$want") "$work/.out")"
	fi
}
err_is() {
	local want
	want=$(cat)
	if [ "$ERR" == "$want" ]; then pass; else
		fail "stderr differs" "$(diff <(printf '%s\n' "$want") "$work/.err")"
	fi
}
same_files() {
	if cmp -s "$1" "$2"; then pass; else fail "$1 and $2 differ" "$(diff "$1" "$2" | head -20)"; fi
}

# shellcheck disable=SC1090
source "$case_file"

printf '%s: %d passed, %d failed\n' "$(basename "$case_file" .t)" "$passed" "$failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
