#!/usr/bin/env bash
# kill.sh — crash safety: SIGKILL dxtrack at random moments while it writes, then check that
# the database is sound and lost nothing it promised. tests/crash/kill.sh path/to/dxtrack
#
#  1. imports: a 20 000-row tasks CSV imported into a copy of the sample, killed after a random
#     delay within the time an import takes (measured first), IMPORT_ROUNDS times (default 20):
#     after each, PRAGMA integrity_check is "ok", the tasks are the sample's or the sample's and
#     every row of the file (all or nothing, with one import.tasks audit row per import that
#     happened), and `dxtrack summary` runs.
#  2. migrations: `dxtrack init` on a new file killed within the time it takes (MIGRATE_ROUNDS,
#     default 8): the next init brings the file to the latest schema version, sound.
#  3. backup and restore (BACKUP_ROUNDS, default 6, each): `dxtrack backup` killed leaves no
#     file or a complete, sound one; `dxtrack restore` killed leaves the old database or the
#     restored one (with its db.restore row), sound, and the next restore works.
#  4. serve: `dxtrack serve` on the sample with an administrator's API token; two clients send
#     PATCH /api/v1/tasks/2023/CODE, each with a distinct note, and keep the notes answered 200;
#     the server is killed after a random delay (SERVE_ROUNDS times, default 5, on the same
#     database, restarted on it each round): integrity "ok" and every acknowledged note is in
#     its task's history (`dxtrack task show --format json`).
# Delays come from bash's $RANDOM seeded with SEED (printed; SEED=n replays the same delays).
# About 10 s on 2 cores; under AddressSanitizer every step is about 3 times slower, but the kill
# windows are measured on the binary under test, so it runs there too (about 16 s).
# CRASH_QUICK=1 runs a quarter of the rounds.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$REPO/data/sample/backan-2023
work=$(mktemp -d)
server_pid=""
cleanup() {
	if [ -n "$server_pid" ]; then kill -9 "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
	touch "$work/stop" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
export LC_ALL=C.UTF-8
export DXTRACK_NOW=2023-12-14T08:00:00Z
unset DXTRACK_DB

for tool in sqlite3 curl jq; do
	command -v "$tool" >/dev/null || { echo "kill.sh: needs $tool (tools/deps.sh --tests)" >&2; exit 1; }
done

seed=${SEED:-$(($(date +%s%N) / 1000 % 32768))}
RANDOM=$seed
echo "seed $seed (SEED=$seed replays these delays)"
import_rounds=${IMPORT_ROUNDS:-20}
migrate_rounds=${MIGRATE_ROUNDS:-8}
serve_rounds=${SERVE_ROUNDS:-5}
backup_rounds=${BACKUP_ROUNDS:-6}
if [ -n "${CRASH_QUICK:-}" ]; then
	import_rounds=$(((import_rounds + 3) / 4))
	migrate_rounds=$(((migrate_rounds + 3) / 4))
	serve_rounds=$(((serve_rounds + 3) / 4))
	backup_rounds=$(((backup_rounds + 3) / 4))
fi

failed=0
checks=0
fail() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n' "$1" >&2
	if [ -n "${2:-}" ]; then printf '%s\n' "$2" | head -c 3000 | sed 's/^/  | /' >&2; fi
}
ok() { checks=$((checks + 1)); }

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# sleeps a number of milliseconds
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }
# a copy of database $1 as $2, with nothing beside it
db_copy() {
	rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
	cp "$1" "$2"
}
# PRAGMA integrity_check of a database, by SQLite itself (before dxtrack opens it)
integrity() {
	local got
	got=$(sqlite3 "$1" 'PRAGMA integrity_check' 2>&1)
	if [ "$got" = ok ]; then ok; else fail "$2: integrity_check of $1" "$got"; fi
}
count() { sqlite3 "$1" "$2" 2>&1; }

# ---- 1. imports, all or nothing ----
"$bin" --db base.db import units "$SAMPLE/units.csv" >/dev/null &&
	"$bin" --db base.db import tasks "$SAMPLE/tasks.csv" --as-of 2023-12-14 >/dev/null ||
	{ echo "kill.sh: cannot load the sample" >&2; exit 1; }
rows=20000
"$REPO/bench/gen_tasks.sh" $rows big.csv || exit 1
sample_tasks=$(count base.db 'SELECT count(*) FROM task')
t0=$(now_ms)
db_copy base.db db.db
"$bin" --db db.db import tasks big.csv >/dev/null || { echo "kill.sh: the import fails" >&2; exit 1; }
import_ms=$(($(now_ms) - t0))
[ "$(count db.db 'SELECT count(*) FROM task')" = $((sample_tasks + rows)) ] || exit 1
window=$((import_ms + import_ms / 4 + 10))
echo "import of $rows rows: $import_ms ms uninterrupted; kills within $window ms"
killed=0
for round in $(seq "$import_rounds"); do
	db_copy base.db db.db
	delay=$((RANDOM % window))
	"$bin" --db db.db import tasks big.csv >/dev/null 2>&1 &
	pid=$!
	sleep_ms "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null # (no "Killed" notice)
	code=$?
	what="import round $round (kill after $delay ms, exit $code)"
	integrity db.db "$what"
	n=$(count db.db 'SELECT count(*) FROM task')
	imports=$(count db.db "SELECT count(*) FROM audit WHERE action = 'import.tasks'")
	if [ "$n" = "$sample_tasks" ] && [ "$imports" = 1 ] && [ "$code" != 0 ]; then
		outcome="nothing written"
		killed=$((killed + 1))
		ok
	elif [ "$n" = $((sample_tasks + rows)) ] && [ "$imports" = 2 ]; then
		outcome="all $rows rows"
		ok
	else
		outcome="BROKEN"
		fail "$what: $n tasks, $imports import.tasks audit rows (all or nothing: $sample_tasks and 1, or $((sample_tasks + rows)) and 2)"
	fi
	if "$bin" --db db.db summary --year 2023 >summary.out 2>&1 &&
		grep -q 'nhiệm vụ' summary.out; then
		ok
	else
		fail "$what: dxtrack summary" "$(cat summary.out)"
	fi
	echo "$what: $outcome"
done
if [ "$killed" -gt 0 ]; then
	ok
elif [ "$import_rounds" -ge 10 ]; then
	fail "no kill landed during an import in $import_rounds rounds: the window is wrong"
fi

# ---- 2. migrations of a new database ----
rm -f fresh.db*
t0=$(now_ms)
"$bin" --db fresh.db init >/dev/null || exit 1
init_ms=$(($(now_ms) - t0))
latest=$(count fresh.db 'PRAGMA user_version')
echo "init of a new database: $init_ms ms (schema version $latest)"
for round in $(seq "$migrate_rounds"); do
	rm -f fresh.db fresh.db-wal fresh.db-shm fresh.db-journal
	delay=$((RANDOM % (init_ms + 5)))
	"$bin" --db fresh.db init >/dev/null 2>&1 &
	pid=$!
	sleep_ms "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null # (no "Killed" notice)
	code=$?
	version=$( [ -e fresh.db ] && count fresh.db 'PRAGMA user_version' || echo none)
	what="migration round $round (kill after $delay ms, exit $code, left at version $version)"
	if out=$("$bin" --db fresh.db init 2>&1) && [ "$out" = "Database fresh.db is ready (schema version $latest)." ]; then
		ok
	else
		fail "$what: the next init" "$out"
	fi
	integrity fresh.db "$what"
	if "$bin" --db fresh.db import units "$SAMPLE/units.csv" >/dev/null 2>&1; then ok; else fail "$what: import after"; fi
	echo "$what: reopened"
done

# ---- 3. backup and restore, killed ----
# big.db: the sample and the 20 000 rows; small.db: a backup of the sample alone
db_copy base.db big.db
"$bin" --db big.db import tasks big.csv >/dev/null || exit 1
"$bin" --db base.db backup small.db >/dev/null || exit 1
big_tasks=$((sample_tasks + rows))
t0=$(now_ms)
"$bin" --db big.db backup timing.db >/dev/null || exit 1
backup_ms=$(($(now_ms) - t0))
db_copy big.db target.db
t0=$(now_ms)
"$bin" --db target.db restore small.db --force >/dev/null || exit 1
restore_ms=$(($(now_ms) - t0))
echo "backup of $big_tasks tasks: $backup_ms ms; restore: $restore_ms ms"
for round in $(seq "$backup_rounds"); do
	# a backup killed: the file is absent or a complete, sound backup; the source is untouched
	rm -f out.db out.db.tmp
	delay=$((RANDOM % (backup_ms + backup_ms / 4 + 5)))
	"$bin" --db big.db backup out.db >/dev/null 2>&1 &
	pid=$!
	sleep_ms "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	code=$?
	what="backup round $round (kill after $delay ms, exit $code)"
	if [ ! -e out.db ]; then
		outcome="no backup"
		ok
	elif [ "$(sqlite3 out.db 'PRAGMA integrity_check; PRAGMA journal_mode')" = "ok
delete" ] && [ "$(count out.db 'SELECT count(*) FROM task')" = "$big_tasks" ] &&
		[ ! -e out.db-wal ]; then
		outcome="a complete backup"
		ok
	else
		outcome="BROKEN"
		fail "$what: out.db is there but not a complete backup" "$(ls -l out.db*)"
	fi
	integrity big.db "$what"
	if "$bin" --db big.db backup out.db --force >/dev/null 2>&1; then ok; else fail "$what: backup again"; fi
	echo "$what: $outcome"

	# a restore killed: the database is the old one or the restored one, sound either way
	db_copy big.db target.db
	delay=$((RANDOM % (restore_ms + restore_ms / 4 + 5)))
	"$bin" --db target.db restore small.db --force >/dev/null 2>&1 &
	pid=$!
	sleep_ms "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	code=$?
	what="restore round $round (kill after $delay ms, exit $code)"
	integrity target.db "$what"
	n=$(count target.db 'SELECT count(*) FROM task')
	restores=$(count target.db "SELECT count(*) FROM audit WHERE action = 'db.restore'")
	if [ "$n" = "$big_tasks" ] && [ "$restores" = 0 ]; then
		outcome="the old database"
		ok
	elif [ "$n" = "$sample_tasks" ] && [ "$restores" = 1 ]; then
		outcome="the restored database"
		ok
	else
		outcome="BROKEN"
		fail "$what: $n tasks, $restores db.restore rows"
	fi
	if "$bin" --db target.db summary --year 2023 >/dev/null 2>&1; then ok; else fail "$what: summary"; fi
	if "$bin" --db target.db restore small.db --force >/dev/null 2>&1; then ok; else fail "$what: restore again"; fi
	echo "$what: $outcome"
done

# ---- 4. serve: every acknowledged write survives ----
db_copy base.db serve.db
echo "pw-admin-2023" | "$bin" --db serve.db user add quantri --role admin --password-stdin >/dev/null 2>&1
token=$("$bin" --db serve.db token add quantri 2>/dev/null)
[ -n "$token" ] || { echo "kill.sh: no API token" >&2; exit 1; }
tasks=(CDS23-07 CDS23-12)
: >acked.all
# one client: PATCHes task $1 until ./stop exists, appending each note answered 200 to acked.$1
writer() {
	local code=$1 round=$2 i=0 status
	while [ ! -e stop ]; do
		i=$((i + 1))
		status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X PATCH \
			-H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
			--data "{\"note\":\"r$round-$code-$i\"}" "$base/api/v1/tasks/2023/$code")
		if [ "$status" = 200 ]; then echo "r$round-$code-$i" >>"acked.$code"; fi
		if [ "$status" = 000 ]; then sleep 0.01; fi
	done
}
for round in $(seq "$serve_rounds"); do
	: >serve.log
	"$bin" --db serve.db serve --listen 127.0.0.1:0 --threads 4 2>serve.log &
	server_pid=$!
	base=""
	for _ in $(seq 200); do
		base=$(sed -n 's|.*serving on \(http://[^/]*\)/.*|\1|p' serve.log)
		[ -n "$base" ] && break
		sleep 0.05
	done
	[ -n "$base" ] || { fail "serve round $round: the server did not start" "$(cat serve.log)"; break; }
	rm -f stop
	for code in "${tasks[@]}"; do : >"acked.$code"; done
	writer_pids=()
	for code in "${tasks[@]}"; do
		writer "$code" "$round" &
		writer_pids+=($!)
	done
	delay=$((300 + RANDOM % 1000))
	sleep_ms "$delay"
	kill -9 "$server_pid"
	wait "$server_pid" 2>/dev/null
	server_pid=""
	touch stop
	wait "${writer_pids[@]}"
	what="serve round $round (kill after $delay ms)"
	integrity serve.db "$what"
	acked=0
	missing=""
	for code in "${tasks[@]}"; do
		cat "acked.$code" >>acked.all
		"$bin" --db serve.db task show 2023 "$code" --format json 2>&1 |
			jq -r '.history[].note // empty' >"present.$code" ||
			fail "$what: task show $code" "$(cat "present.$code")"
		# every note acknowledged in any round so far is in the history
		missing+=$(grep "\-$code-" acked.all | sort | comm -23 - <(sort "present.$code"))
		acked=$((acked + $(wc -l <"acked.$code")))
	done
	if [ -z "$missing" ]; then ok; else fail "$what: acknowledged writes lost" "$missing"; fi
	if [ "$acked" -gt 0 ]; then ok; else fail "$what: no write was acknowledged" "$(cat serve.log)"; fi
	echo "$what: $acked writes acknowledged, all present"
done
if [ "$(count serve.db "SELECT count(*) FROM task_update") " = \
	"$(count serve.db "SELECT count(*) FROM audit WHERE action = 'task.update'") " ]; then
	ok
else
	fail "every update has its audit row, and no more"
fi

printf 'crash/kill: %d checks passed, %d failed (seed %s)\n' "$checks" "$failed" "$seed"
[ "$failed" -eq 0 ] && [ "$checks" -gt 0 ]
