#!/usr/bin/env bash
# two_servers.sh — two `dxtrack serve` on one PostgreSQL database, as behind a load balancer:
#   DXTRACK_TEST_PG=DIR tests/pg/two_servers.sh path/to/dxtrack   (DIR: tools/pg_cluster.sh start)
#   [CLIENTS=20] [ROUNDS=5]
#
#  1. sessions: a login through server 1 is accepted by server 2; a logout through server 2 ends
#     it for server 1 too, although server 1 has just accepted it (and keeps what it accepted);
#     an API token revoked by the CLI (a third process) is refused at once by a server that
#     has just accepted it.
#  2. writes: a task PATCHed through server 1 is read through server 2 (and by the CLI) with its
#     new version and figures (progress, disbursement); server 2 refuses a write on the old version with 409; the
#     summary that server 2 kept from before the write is not served again: both servers
#     answer the CLI's new summary. On PostgreSQL, after every connection of the servers is
#     cut at once, both answer again and still see each other's writes.
#  3. concurrent updates of one task: CLIENTS (default 20) curl loops per server, all at once,
#     each ROUNDS times (default 5) reading the task's version through its server and PATCHing it
#     with that version (half in the body's "version", half as If-Match), plus two CLI writers.
#     Every answer is 200 (the version read + 1) or 409 (with the current state, of a later
#     version); no two 200s made the same version; at the end the version is the version before
#     plus the writes answered 200 (and the CLI's), and the history has exactly one record per
#     such write, each with its note: no update is lost, none is applied twice.
# Without DXTRACK_TEST_PG it runs the same on one SQLite file (two processes on one file).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$REPO/data/sample/backan-2023
case_file=$0 # (for tests/db.sh: the databases are named after it)
work=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	db_cleanup
	rm -rf "$work"
}
# shellcheck source=tests/db.sh
source "$REPO/tests/db.sh"
trap cleanup EXIT
cd "$work" || exit 1
export DXTRACK_NOW=2023-12-14T08:00:00Z
export LC_ALL=C.UTF-8
for tool in curl jq; do
	command -v "$tool" >/dev/null ||
		{ echo "two_servers.sh: needs $tool (tools/deps.sh --tests)" >&2; exit 1; }
done
DXTRACK_DB=$(new_db two) || exit 1
export DXTRACK_DB
clients=${CLIENTS:-20}
rounds=${ROUNDS:-5}
code=CDS23-08
task=/api/v1/tasks/2023/$code

failed=0
checks=0
fail() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n' "$1" >&2
	if [ -n "${2:-}" ]; then printf '%s\n' "$2" | head -c 3000 | sed 's/^/  | /' >&2; fi
}
ok() { checks=$((checks + 1)); }
# check WHAT GOT WANT
same() { if [ "$2" == "$3" ]; then ok; else fail "$1: '$2', expected '$3'" "${4:-}"; fi; }

# ---- the sample's units and tasks, an administrator and STTTT's editor
{
	"$bin" import units "$SAMPLE/units.csv" &&
		"$bin" import tasks "$SAMPLE/tasks.csv" --as-of 2023-12-14 &&
		echo pw-admin-2023 | "$bin" user add admin --role admin --password-stdin &&
		echo pw-sttt-2023 | "$bin" user add sttt --role editor --unit STTTT --password-stdin
} >setup.log 2>&1 || { cat setup.log >&2; exit 1; }

# start_server N: `dxtrack serve` N on a free loopback port; sets BASE[N]
declare -A BASE=()
start_server() {
	"$bin" serve --listen 127.0.0.1:0 --threads 4 2>"server$1.log" &
	pids+=($!)
	local i base
	for i in $(seq 1 200); do
		base=$(sed -n 's|.*serving on \(http://[^/]*\)/.*|\1|p' "server$1.log")
		if [ -n "$base" ]; then BASE[$1]=$base; return 0; fi
		kill -0 "${pids[-1]}" 2>/dev/null || break
		sleep 0.05
	done
	echo "server $1 did not start:" >&2
	cat "server$1.log" >&2
	exit 1
}
start_server 1
start_server 2
echo "two servers on one database: ${BASE[1]} and ${BASE[2]}"

# req N METHOD PATH [curl args…]: through server N; sets STATUS, the body in .body
req() {
	local n=$1 method=$2 path=$3
	shift 3
	STATUS=$(curl -s -S -o .body -w '%{http_code}' -X "$method" --max-time 30 "$@" "${BASE[$n]}$path")
}
# login N NAME: TOKEN is NAME's token, of a session made through server N
login() {
	req "$1" POST /api/v1/session -H 'Content-Type: application/json' \
		--data-binary "{\"username\":\"$2\",\"password\":\"pw-$2-2023\"}"
	same "login $2 through server $1: status" "$STATUS" 201 "$(body)"
	TOKEN=$(jq -r .token .body)
}
bearer() { printf 'Authorization: Bearer %s' "$1"; }
# summaries_match WHEN N…: the summary of 2023 through each server N (as $sttt) is the CLI's
# (`dxtrack summary --format json`, keys sorted: summary-cli.json)
summaries_match() {
	local when=$1 n
	shift
	"$bin" summary --year 2023 --format json | jq -S . >summary-cli.json
	for n in "$@"; do
		req "$n" GET "/api/v1/summary?year=2023" -H "$(bearer "$sttt")"
		jq -S . .body >"summary-$n.json" 2>/dev/null
		same "server $n's summary $when is the CLI's" \
			"$(cmp -s summary-cli.json "summary-$n.json" && echo same)" same "$(body)"
	done
}
# the last body: whole, or jq -r EXPR on it
body() { cat .body; }
bjq() { jq -r "$1" .body; }

# ---- 1. a session made through one server is one of the other's
login 1 admin
admin=$TOKEN
req 2 GET /api/v1/me -H "$(bearer "$admin")"
same "server 2 knows server 1's session: status" "$STATUS" 200 "$(body)"
same "server 2 knows server 1's session: user" "$(bjq .name)" admin
login 2 admin
second=$TOKEN
req 1 GET /api/v1/me -H "$(bearer "$second")"
same "server 1 accepts server 2's session" "$STATUS" 200 "$(body)"
req 2 DELETE /api/v1/session -H "$(bearer "$second")"
same "logout through server 2: status" "$STATUS" 204 "$(body)"
req 1 GET /api/v1/me -H "$(bearer "$second")"
same "a session ended through server 2 is ended for server 1" "$STATUS" 401 "$(body)"
machine=$("$bin" token add admin --label "hai máy chủ" 2>.err) || fail "token add" "$(cat .err)"
machine_id=$("$bin" token list --format json | jq -r 'map(select(.label == "hai máy chủ"))[0].id')
for n in 1 2; do
	req $n GET /api/v1/me -H "$(bearer "$machine")"
	same "server $n accepts the CLI's new token" "$STATUS" 200 "$(body)"
done
"$bin" token revoke "$machine_id" 2>.err || fail "token revoke" "$(cat .err)"
for n in 1 2; do
	req $n GET /api/v1/me -H "$(bearer "$machine")"
	same "server $n refuses the token the CLI revoked" "$STATUS" 401 "$(body)"
done

# ---- 2. a write through one server is read through the other
login 1 sttt
sttt=$TOKEN
req 2 GET "/api/v1/summary?year=2023" -H "$(bearer "$sttt")"
same "server 2 answers (and keeps) the summary" "$STATUS" 200 "$(body)"
cp .body summary-before.json
req 2 GET "$task" -H "$(bearer "$sttt")"
same "read through server 2 with server 1's session: status" "$STATUS" 200 "$(body)"
same "the version before any update" "$(bjq .version)" 1
req 1 PATCH "$task" -H "$(bearer "$sttt")" -H 'Content-Type: application/json' \
	--data-binary '{"progress_pct":61,"disbursed_vnd":3100000000,"note":"qua máy chủ 1","version":1}'
same "PATCH through server 1: status" "$STATUS" 200 "$(body)"
same "PATCH through server 1: version" "$(bjq .version)" 2
req 2 GET "$task" -H "$(bearer "$sttt")"
same "server 2 reads server 1's write" \
	"$(bjq '[.version, .progress_pct, .history[-1].note] | join(" ")')" "2 61 qua máy chủ 1"
"$bin" task show 2023 "$code" --format json >.body
same "the CLI reads it" "$(bjq '[.version, .progress_pct] | join(" ")')" "2 61"
summaries_match "after server 1's write" 2 1
jq -S . summary-before.json | cmp -s - summary-cli.json &&
	fail "the summary should change with the write (disbursed 2,8 → 3,1 tỷ đồng)"
req 2 PATCH "$task" -H "$(bearer "$sttt")" -H 'Content-Type: application/json' \
	--data-binary '{"progress_pct":10,"version":1}'
same "server 2 refuses a write on the version before server 1's" "$STATUS" 409 "$(body)"
same "the 409 carries the current state" \
	"$(bjq '[.error.code, .current.version, .current.progress_pct] | join(" ")')" "conflict 2 61"

# ---- 2b. (PostgreSQL) every connection of the servers cut at once, as a restart of the database
# server or a proxy would: both go on by themselves (the pools' connections and the watches are
# made again) and still see each other's writes at once
if [ "$DB_BACKEND" = pg ]; then
	cut=$(db_sql "WITH s AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE datname =
		current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend')
		SELECT count(*) FROM s WHERE pg_terminate_backend(pid, 10000)")
	[ "${cut:-0}" -ge 2 ] && ok || fail "cutting the servers' connections: $cut cut"
	for n in 1 2; do
		req $n GET "/api/v1/summary?year=2023" -H "$(bearer "$sttt")"
		same "server $n answers after its connections were cut" "$STATUS" 200 "$(body)"
	done
	req 2 PATCH "$task" -H "$(bearer "$sttt")" -H 'Content-Type: application/json' \
		--data-binary '{"progress_pct":62,"disbursed_vnd":3200000000,"version":2}'
	same "PATCH through server 2 after the cut" "$STATUS:$(bjq .version)" 200:3 "$(body)"
	req 1 GET "$task" -H "$(bearer "$sttt")"
	same "server 1 reads it" "$(bjq '[.version, .progress_pct] | join(" ")')" "3 62"
	summaries_match "after the cut and the write" 1 2
fi

# ---- 3. concurrent updates of one task through both servers
req 1 GET "$task" -H "$(bearer "$sttt")"
v0=$(bjq .version)
h0=$(bjq '.history | length')

# client N I: ROUNDS read-then-PATCH through server N; writes per answer a line to
# answers.N.I: "200 SENT GOT NOTE", "409 SENT CURRENT", or "bad STATUS SENT BODY"
client() {
	local n=$1 i=$2 r v note body status out=answers.$1.$2 auth
	auth=$(bearer "$sttt")
	for r in $(seq 1 "$rounds"); do
		v=$(curl -s --max-time 30 -H "$auth" "${BASE[$n]}$task" | jq -r .version)
		note="s$n-c$i-r$r"
		if [ $((i % 2)) = 0 ]; then
			body="{\"progress_pct\":$(((i * 7 + r) % 90 + 5)),\"note\":\"$note\",\"version\":$v}"
			set -- -H 'Content-Type: application/json' --data-binary "$body"
		else
			body="{\"progress_pct\":$(((i * 7 + r) % 90 + 5)),\"note\":\"$note\"}"
			set -- -H 'Content-Type: application/json' --data-binary "$body" -H "If-Match: \"$v\""
		fi
		status=$(curl -s -o "body.$n.$i" -w '%{http_code}' -X PATCH --max-time 30 -H "$auth" "$@" \
			"${BASE[$n]}$task")
		case $status in
		200) echo "200 $v $(jq -r .version "body.$n.$i") $note" ;;
		409) echo "409 $v $(jq -r 'if .error.code == "conflict" and .current.code == "'"$code"'"
			then .current.version else "no-current-state" end' "body.$n.$i")" ;;
		*) echo "bad $status $v $(head -c 300 "body.$n.$i" | tr '\n' ' ')" ;;
		esac >>"$out"
	done
}
# cli_writer I: ROUNDS updates through the CLI (no version: they always apply): cli.I has
# "200 NOTE" or "bad NOTE" per update
cli_writer() {
	local i=$1 r note
	for r in $(seq 1 "$rounds"); do
		note="cli-$i-r$r"
		if "$bin" task update 2023 "$code" --progress $((r + 40)) --note "$note" --as "CLI $i" \
			>/dev/null 2>>"cli.$i.err"; then
			echo "200 $note" >>"cli.$i"
		else
			echo "bad $note" >>"cli.$i"
		fi
	done
}
storm=()
for i in $(seq 1 "$clients"); do
	client 1 "$i" &
	storm+=($!)
	client 2 "$i" &
	storm+=($!)
done
cli_writer 1 &
storm+=($!)
cli_writer 2 &
storm+=($!)
wait "${storm[@]}"

cat answers.[12].* >answers
cat cli.[12] >cli.answers
api_ok=$(grep -c '^200 ' answers)
conflicts=$(grep -c '^409 ' answers)
cli_ok=$(grep -c '^200 ' cli.answers)
# none(WHAT AWK-CONDITION FILE): checks that no line of FILE meets the condition
none() {
	same "$1" "$(awk "$2" "$3" | wc -l)" 0 "$(awk "$2" "$3" | head -5)"
}
same "answers to the concurrent PATCHes" "$(wc -l <answers)" $((2 * clients * rounds))
none "answers other than 200 and 409" '$1 == "bad"' answers
none "CLI updates that failed" '$1 == "bad"' cli.answers
# a 200 made exactly the version after the one read; no two made the same version
none "200s whose version is not the one read + 1" '$1 == 200 && $3 != $2 + 1' answers
same "versions made twice" "$(awk '$1 == 200 { print $3 }' answers | sort | uniq -d | wc -l)" 0
# a 409 carried the current state: the task, of a version after the one sent
none "409s without a later current state" '$1 == 409 && !($3 ~ /^[0-9]+$/ && $3 > $2)' answers
if [ "$api_ok" -gt 0 ]; then ok; else fail "no concurrent PATCH was answered 200"; fi

# the end state, through each server and the CLI: every acknowledged write once, and no other
want=$((v0 + api_ok + cli_ok))
for n in 1 2; do
	req "$n" GET "$task" -H "$(bearer "$sttt")"
	same "server $n: the version after $api_ok + $cli_ok writes on $v0" "$(bjq .version)" "$want"
	same "server $n: history records" "$(bjq '.history | length')" $((h0 + api_ok + cli_ok))
done
"$bin" task show 2023 "$code" --format json >cli.json
same "CLI: the version" "$(jq -r .version cli.json)" "$want"
jq -r ".history[$h0:][].note" cli.json | sort >notes.recorded
{
	awk '$1 == 200 { print $4 }' answers
	awk '$1 == 200 { print $2 }' cli.answers
} | sort >notes.acknowledged
same "history notes: each acknowledged write exactly once" \
	"$(comm -3 notes.recorded notes.acknowledged | wc -l) $(uniq -d notes.recorded | wc -l)" "0 0" \
	"$(diff notes.acknowledged notes.recorded | head -20)"
echo "concurrent updates: $api_ok PATCHes answered 200, $conflicts 409; $cli_ok CLI updates;" \
	"version $v0 → $want"

for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
pids=()
printf 'pg/two_servers: %d checks passed, %d failed (%d clients per server, %d rounds)\n' \
	"$checks" "$failed" "$clients" "$rounds"
[ "$failed" -eq 0 ] && [ "$checks" -gt 0 ]
