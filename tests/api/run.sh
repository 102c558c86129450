#!/usr/bin/env bash
# run.sh — runs one API case file against a real server: tests/api/run.sh path/to/dxtrack CASE.t
#
# Each case gets a fresh directory and database with the Bắc Kạn 2023 sample (as of 14/12/2023:
# units, tasks, and the indicators with their targets and 2023 values), these accounts (password
# "pw-NAME-2023" each), and `dxtrack serve` on a free loopback port:
#   admin (admin) · viewer (viewer) · sttt (editor of STTTT, Sở TT&TT) · syt (editor of SYT,
#   Sở Y tế) · tc (finance) · huyen (editor of district 058, Thành phố Bắc Kạn, with its
#   communes) · xa (editor of commune 01834, Phường Nguyễn Thị Minh Khai)
# (sample_setup [VALUES.csv] builds it; a case may stop_server, reset_db and call it again with
# other indicator values, then start_server.) The database is the file case.db, or with
# DXTRACK_TEST_PG=DIR a new database of that PostgreSQL cluster; its helpers (tests/db.sh):
# new_db NAME, reset_db, db_sql "SQL", sqlite_only "why" (skipped on PostgreSQL).
# Steps, each a request over the socket and what a client would see:
#   login NAME                       # POST /api/v1/session; keeps NAME's token for --as NAME
#   req METHOD PATH [--as NAME] [--json BODY] [--body-file F] [--type T] [-H 'K: V'] [--cookie]
#       [--form 'a=1&b=2'] [-F 'field=@file']          (--cookie keeps a browser-like cookie jar)
#   status 200                       # the HTTP status of the last request
#   json '.tasks | length' 42        # jq expression on the body equals the text (jq -r)
#   body_has TEXT   body_lacks TEXT   header_has 'etag: "2"'   (headers lower-cased)
#   run dxtrack …  / cli_status N / cli_out_has TEXT / cli_err_has TEXT   # the CLI, same database
#   restart_server [ENV=VALUE …]     # stop and start the server (e.g. with another clock)
#   form_csrf                        # the csrf field of the last page
# Variables: $BASE (http://127.0.0.1:PORT), $SAMPLE, $DATA, $REPO, $DB_BACKEND.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case_file=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$REPO/data/sample/backan-2023
DATA=$REPO/tests/data
work=$(mktemp -d)
server_pid=""
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; fi
	db_cleanup
	rm -rf "$work"
}
# shellcheck source=tests/db.sh
source "$REPO/tests/db.sh"
trap cleanup EXIT
cd "$work" || exit 1
DXTRACK_DB=$(new_db case) || exit 1
export DXTRACK_DB
export DXTRACK_NOW=2023-12-14T08:00:00Z
export LC_ALL=C.UTF-8

passed=0
failed=0
step=""
STATUS=0
declare -A TOKEN=()

dxtrack() { "$bin" "$@"; }

fail() {
	failed=$((failed + 1))
	printf 'FAIL %s: %s\n  after: %s\n' "$(basename "$case_file")" "$1" "$step" >&2
	if [ -n "${2:-}" ]; then printf '%s\n' "$2" | head -c 3000 | sed 's/^/  | /' >&2; fi
}
pass() { passed=$((passed + 1)); }

start_server() {
	: >"$work/server.log"
	env "$@" "$bin" serve --listen 127.0.0.1:0 --threads 4 2>"$work/server.log" &
	server_pid=$!
	local i
	for i in $(seq 1 100); do
		BASE=$(sed -n 's|.*serving on \(http://[^/]*\)/.*|\1|p' "$work/server.log")
		[ -n "$BASE" ] && return 0
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "server did not start:" >&2
	cat "$work/server.log" >&2
	exit 1
}
stop_server() {
	kill -TERM "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
	SERVER_EXIT=$?
	server_pid=""
}
restart_server() {
	stop_server
	start_server "$@"
}

req() {
	local method=$1 path=$2
	shift 2
	step="$method $path $*"
	local args=(-s -S -o "$work/.body" -D "$work/.headers" -w '%{http_code}' -X "$method"
		--max-time 20)
	while [ $# -gt 0 ]; do
		case $1 in
		--as) args+=(-H "Authorization: Bearer ${TOKEN[$2]}"); shift ;;
		--json) args+=(-H 'Content-Type: application/json' --data-binary "$2"); shift ;;
		--body-file) args+=(--data-binary "@$2"); shift ;;
		--type) args+=(-H "Content-Type: $2"); shift ;;
		--form) args+=(-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$2"); shift ;;
		-F) args+=(-F "$2"); shift ;;
		-H) args+=(-H "$2"); shift ;;
		--cookie) args+=(-b "$work/cookies" -c "$work/cookies") ;;
		*) args+=("$1") ;;
		esac
		shift
	done
	STATUS=$(curl "${args[@]}" "$BASE$path")
	BODY=$(tr -d '\000' <"$work/.body") # (a binary body, e.g. .xlsx, may hold NULs)
}
# the value of the hidden csrf field of the last page
form_csrf() { grep -o 'name="csrf" value="[^"]*"' "$work/.body" | head -1 | sed 's/.*value="//; s/"$//'; }
login() {
	req POST /api/v1/session --json "{\"username\":\"$1\",\"password\":\"pw-$1-2023\"}"
	TOKEN[$1]=$(jq -r .token "$work/.body")
	if [ "$STATUS" != 201 ]; then fail "login $1: status $STATUS" "$BODY"; fi
}
status() {
	if [ "$STATUS" = "$1" ]; then pass; else fail "status $STATUS, expected $1" "$BODY"; fi
}
json() {
	local got
	got=$(jq -r "$1" "$work/.body" 2>&1)
	if [ "$got" == "$2" ]; then pass; else fail "jq '$1' is '$got', expected '$2'" "$BODY"; fi
}
body_has() {
	if grep -qF -- "$1" "$work/.body"; then pass; else fail "body lacks: $1" "$BODY"; fi
}
body_lacks() {
	if grep -qF -- "$1" "$work/.body"; then fail "body has: $1" "$BODY"; else pass; fi
}
header_has() {
	if tr -d '\r' <"$work/.headers" | tr 'A-Z' 'a-z' | grep -qF -- "$(tr 'A-Z' 'a-z' <<<"$1")"; then
		pass
	else
		fail "headers lack: $1" "$(cat "$work/.headers")"
	fi
}
run() {
	step="$*"
	"$@" >"$work/.out" 2>"$work/.err"
	CLI_STATUS=$?
}
cli_status() {
	if [ "$CLI_STATUS" -eq "$1" ]; then pass; else fail "exit $CLI_STATUS, expected $1" "$(cat "$work/.err")"; fi
}
cli_err_has() {
	if grep -qF -- "$1" "$work/.err"; then pass; else fail "stderr lacks: $1" "$(cat "$work/.err")"; fi
}
cli_out_has() {
	if grep -qF -- "$1" "$work/.out"; then pass; else fail "stdout lacks: $1" "$(cat "$work/.out")"; fi
}

# the sample, and one account per role
sample_setup() {
	{
		dxtrack import units "$SAMPLE/units.csv" &&
			dxtrack import tasks "$SAMPLE/tasks.csv" --as-of 2023-12-14 &&
			dxtrack import indicators "$SAMPLE/indicators.csv" &&
			dxtrack import targets "$SAMPLE/indicator_targets.csv" &&
			dxtrack import values "${1:-$SAMPLE/indicator_values_2023.csv}" &&
			for u in admin:admin: viewer:viewer: sttt:editor:STTTT syt:editor:SYT tc:finance: \
				huyen:editor:058 xa:editor:01834; do
				IFS=: read -r name role unit <<<"$u"
				echo "pw-$name-2023" | dxtrack user add "$name" --role "$role" \
					${unit:+--unit "$unit"} --password-stdin || exit 1
			done
	} >"$work/setup.log" 2>&1 || { cat "$work/setup.log" >&2; exit 1; }
}
sample_setup
start_server

# shellcheck disable=SC1090
source "$case_file"

if [ -n "$server_pid" ]; then stop_server; fi
printf '%s: %d passed, %d failed\n' "$(basename "$case_file" .t)" "$passed" "$failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
