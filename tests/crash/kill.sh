#!/usr/bin/env bash
# kill.sh — crash safety: SIGKILL dxtrack at random moments while it writes, then check that
# the database is sound and lost nothing it promised. tests/crash/kill.sh path/to/dxtrack
# On SQLite each database is a file; with DXTRACK_TEST_PG=DIR (a cluster started by
# tools/pg_cluster.sh start DIR) each is a database of its own in that cluster (tests/db.sh),
# made anew (or copied, CREATE DATABASE … TEMPLATE) where SQLite's test copies a file.
# "Sound" is PRAGMA integrity_check "ok" on SQLite; on PostgreSQL, once every session of the
# killed process is gone (and any pg_dump or pg_restore it started: they outlive it), pg_amcheck
# (tables, catalogs, TOAST and every B-tree: --heapallindexed --parent-check --rootdescend; the
# extension amcheck created in the database for it, as the cluster's superuser dxtrack, and
# dropped again) reporting nothing. The data's checks are the
# same on both (foreign keys are enforced by PostgreSQL itself: the counts are enough there).
#
#  1. imports: a tasks CSV of 20 000 generated rows (5000 on PostgreSQL, where each row is a
#     round trip to the server: the import takes under 1 s, like SQLite's of 20 000; CRASH_ROWS
#     sets it) imported into a copy of the sample, killed after a random delay within the time
#     an import takes (measured first), IMPORT_ROUNDS times (default 20): after each, the
#     database is sound, the tasks are the sample's or the sample's and every row of the file
#     (all or nothing, with one import.tasks audit row per import that happened, read in one
#     snapshot), and `dxtrack summary` runs.
#  2. migrations: `dxtrack init` on a new database killed within the time it takes
#     (MIGRATE_ROUNDS, default 8): the next init brings it to the latest schema version, sound;
#     on PostgreSQL the killed init left either no schema at all or all of it (one transaction).
#     Then RACE_ROUNDS (default 3) times three `dxtrack init` on one new database at once: all
#     three succeed, and the schema is there once (on PostgreSQL: one schema_migration row per
#     migration; pg.c applies them under an advisory lock).
#  3. backup and restore (BACKUP_ROUNDS, default 6, each): `dxtrack backup` killed leaves no
#     file (maybe FILE.tmp, removed by the next backup) or a complete, sound one; on PostgreSQL
#     the pg_dump it started dies with it (within 2 s, not writing on to the end) (PostgreSQL: an archive that pg_restore lists, holding every task), and
#     the database backed up is sound and whole; `dxtrack restore` killed leaves the old
#     database or the restored one (with its db.restore row), sound, and the next restore works.
#  4. serve: `dxtrack serve` on the sample with an administrator's API token; two clients send
#     PATCH /api/v1/tasks/2023/CODE, each with a distinct note, and keep the notes answered 200;
#     the server is killed after a random delay (SERVE_ROUNDS times, default 5, on the same
#     database, restarted on it each round): the database is sound and every acknowledged note
#     is in its task's history (`dxtrack task show --format json`).
# Delays come from bash's $RANDOM seeded with SEED (printed): a kill lands at the same fraction
# of its window for the same SEED (and *_ROUNDS); the windows follow the durations measured, which
# IMPORT_MS, INIT_MS, BACKUP_MS and RESTORE_MS replace: the last line prints all five, to replay
# the very same delays.
# About 10 s on 2 cores on SQLite, 30 s on PostgreSQL (a database made per round, pg_amcheck);
# under AddressSanitizer every step is slower, but the kill windows are measured on the binary
# under test, so it runs there too. CRASH_QUICK=1 runs a quarter of the rounds.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$REPO/data/sample/backan-2023
case_file=$0 # (for tests/db.sh: the databases are named after it)
work=$(mktemp -d)
server_pid=""
cleanup() {
	if [ -n "$server_pid" ]; then kill -9 "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
	touch "$work/stop" 2>/dev/null
	wait 2>/dev/null
	db_cleanup
	rm -rf "$work"
}
# shellcheck source=tests/db.sh
source "$REPO/tests/db.sh"
trap cleanup EXIT
cd "$work" || exit 1
export LC_ALL=C.UTF-8
export DXTRACK_NOW=2023-12-14T08:00:00Z
unset DXTRACK_DB

if [ "$DB_BACKEND" = pg ]; then
	pgbin=$(dirname "$pg_psql")
	tools="curl jq pgrep $pgbin/psql $pgbin/pg_amcheck $pgbin/pg_restore"
else
	tools="sqlite3 curl jq"
fi
for tool in $tools; do
	command -v "$tool" >/dev/null || { echo "kill.sh: needs $tool (tools/deps.sh --tests)" >&2; exit 1; }
done

# (after tests/db.sh, which draws its databases' names from $RANDOM)
seed=${SEED:-$(($(date +%s%N) / 1000 % 32768))}
RANDOM=$seed
echo "seed $seed (backend $DB_BACKEND; the last line says how to replay these delays)"
import_rounds=${IMPORT_ROUNDS:-20}
migrate_rounds=${MIGRATE_ROUNDS:-8}
race_rounds=${RACE_ROUNDS:-3}
serve_rounds=${SERVE_ROUNDS:-5}
backup_rounds=${BACKUP_ROUNDS:-6}
if [ -n "${CRASH_QUICK:-}" ]; then
	import_rounds=$(((import_rounds + 3) / 4))
	migrate_rounds=$(((migrate_rounds + 3) / 4))
	race_rounds=$(((race_rounds + 3) / 4))
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

# ---- the databases, on either backend ----
# A database is named by a word (base, db, fresh, …); db NAME gives what --db takes: the file
# NAME.db, or the URL of NAME's database in the cluster. A backup is the file NAME.db (SQLite)
# or NAME.dump (a pg_dump archive), by its full path (which finds an orphaned pg_dump).
declare -A urls=() # NAME → its URL, filled by db_make
if [ "$DB_BACKEND" = pg ]; then
	ext=dump
	admin_url=$("$pg_cluster" url "$DXTRACK_TEST_PG" postgres)
else
	ext=db
fi
db() {
	if [ "$DB_BACKEND" = sqlite ]; then echo "$1.db"; else echo "${urls[$1]}"; fi
}
# SQL run on the cluster's maintenance database, each argument a statement of its own
# (PostgreSQL only; its NOTICEs left out)
pg_admin() {
	local sql=() statement
	for statement in "$@"; do sql+=(-c "$statement"); done
	PGOPTIONS='-c client_min_messages=warning' "$pg_psql" -X -q -A -t -v ON_ERROR_STOP=1 \
		"$admin_url" "${sql[@]}"
}
# the database NAME, any former one dropped: new and empty, or a copy of FROM (nobody connected
# to FROM: PostgreSQL waits up to 5 s for the sessions just closed to end)
db_make() {
	local name=$1 from=${2:-}
	if [ "$DB_BACKEND" = sqlite ]; then
		rm -f "$name.db" "$name.db-wal" "$name.db-shm" "$name.db-journal"
		if [ -n "$from" ]; then cp "$from.db" "$name.db"; fi
		return 0
	fi
	local pg_name
	pg_name=$(pg_db_name "$name")
	if [ -z "${urls[$name]:-}" ]; then
		echo "$pg_name" >>"$work/.pg_databases" # (dropped at the end: tests/db.sh)
		urls[$name]=$("$pg_cluster" url "$DXTRACK_TEST_PG" "$pg_name")
	fi
	pg_admin "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" \
		"CREATE DATABASE $pg_name${from:+ TEMPLATE $(pg_db_name "$from")}"
}
# settle NAME WHAT [FILE]: on PostgreSQL, waits until the killed process has left nothing at
# work on database NAME: no session of its own still connected (a server process ends when it
# notices its client gone), no pg_dump or pg_restore it started still running on FILE. 20 s at
# most; still there then is a failure. (Nothing to wait for on SQLite.)
settle() {
	[ "$DB_BACKEND" = pg ] || return 0
	local pg_name n="" i
	pg_name=$(pg_db_name "$1")
	for i in $(seq 200); do
		n=$(pg_admin "SELECT count(*) FROM pg_stat_activity
			WHERE datname = '$pg_name' AND backend_type = 'client backend'")
		if [ "$n" = 0 ] && { [ -z "${3:-}" ] || ! pgrep -f -- "$3" >/dev/null; }; then
			return 0
		fi
		sleep 0.1
	done
	fail "$2: still at work on $1 20 s after the kill ($n sessions)" \
		"$(pg_admin "SELECT pid, state, query FROM pg_stat_activity WHERE datname = '$pg_name'"
			if [ -n "${3:-}" ]; then pgrep -af -- "$3"; fi)"
}
# the integrity check of database NAME, by SQLite itself (before dxtrack opens it) or pg_amcheck
integrity() {
	local got url
	url=$(db "$1")
	if [ "$DB_BACKEND" = sqlite ]; then
		got=$(sqlite3 "$url" 'PRAGMA integrity_check' 2>&1)
	else
		got=$(DXTRACK_DB=$url db_sql 'SET client_min_messages = warning;
				CREATE EXTENSION IF NOT EXISTS amcheck' 2>&1 &&
			"$pgbin/pg_amcheck" --no-password --heapallindexed --parent-check --rootdescend \
				"$url" 2>&1 &&
			echo ok)
		DXTRACK_DB=$url db_sql 'DROP EXTENSION IF EXISTS amcheck' >/dev/null 2>&1
	fi
	if [ "$got" = ok ]; then ok; else fail "$2: integrity check of $1" "$got"; fi
}
# count NAME SQL: the answer of database NAME (rows a|b|c)
count() { DXTRACK_DB=$(db "$1") db_sql "$2" 2>&1; }
# the schema version of database NAME: none (no file), 0 (no schema) or the version
schema_version() {
	if [ "$DB_BACKEND" = sqlite ]; then
		if [ -e "$1.db" ]; then count "$1" 'PRAGMA user_version'; else echo none; fi
	elif [ "$(count "$1" "SELECT to_regclass('schema_migration') IS NOT NULL")" = t ]; then
		count "$1" 'SELECT max(version) FROM schema_migration'
	else
		echo 0
	fi
}
# whether the backup FILE is complete: sound, holding the $2 tasks (and nothing beside it)
complete_backup() {
	if [ "$DB_BACKEND" = sqlite ]; then
		[ "$(sqlite3 "$1" 'PRAGMA integrity_check; PRAGMA journal_mode')" = "ok
delete" ] && [ "$(sqlite3 "$1" 'SELECT count(*) FROM task' 2>&1)" = "$2" ] && [ ! -e "$1-wal" ]
	else
		"$pgbin/pg_restore" --list "$1" >/dev/null 2>&1 && [ ! -e "$1.tmp" ] &&
			[ "$("$pgbin/pg_restore" --data-only --table=task --file=- "$1" 2>&1 |
				awk '/^COPY public\.task /{on=1; next} /^\\\.$/{on=0} on{n++} END{print n+0}')" = "$2" ]
	fi
}

# ---- 1. imports, all or nothing ----
db_make base || exit 1
"$bin" --db "$(db base)" import units "$SAMPLE/units.csv" >/dev/null &&
	"$bin" --db "$(db base)" import tasks "$SAMPLE/tasks.csv" --as-of 2023-12-14 >/dev/null ||
	{ echo "kill.sh: cannot load the sample" >&2; exit 1; }
if [ "$DB_BACKEND" = pg ]; then rows=${CRASH_ROWS:-5000}; else rows=${CRASH_ROWS:-20000}; fi
"$REPO/bench/gen_tasks.sh" "$rows" big.csv || exit 1
sample_tasks=$(count base 'SELECT count(*) FROM task')
db_make db base || exit 1
t0=$(now_ms)
"$bin" --db "$(db db)" import tasks big.csv >/dev/null || { echo "kill.sh: the import fails" >&2; exit 1; }
import_ms=${IMPORT_MS:-$(($(now_ms) - t0))}
[ "$(count db 'SELECT count(*) FROM task')" = $((sample_tasks + rows)) ] || exit 1
window=$((import_ms + import_ms / 4 + 10))
echo "import of $rows rows: $import_ms ms uninterrupted; kills within $window ms"
killed=0
for round in $(seq "$import_rounds"); do
	db_make db base || exit 1
	delay=$((RANDOM * window / 32768))
	"$bin" --db "$(db db)" import tasks big.csv >/dev/null 2>&1 &
	pid=$!
	sleep_ms "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null # (no "Killed" notice)
	code=$?
	what="import round $round (kill after $delay ms, exit $code)"
	settle db "$what"
	integrity db "$what"
	# (one statement: one snapshot of both)
	got=$(count db "SELECT (SELECT count(*) FROM task),
		(SELECT count(*) FROM audit WHERE action = 'import.tasks')")
	n=${got%%|*}
	imports=${got#*|}
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
	if "$bin" --db "$(db db)" summary --year 2023 >summary.out 2>&1 &&
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
db_make fresh || exit 1
t0=$(now_ms)
"$bin" --db "$(db fresh)" init >/dev/null || exit 1
init_ms=${INIT_MS:-$(($(now_ms) - t0))}
latest=$(schema_version fresh)
echo "init of a new database: $init_ms ms (schema version $latest)"
for round in $(seq "$migrate_rounds"); do
	db_make fresh || exit 1
	delay=$((RANDOM * (init_ms + 5) / 32768))
	"$bin" --db "$(db fresh)" init >/dev/null 2>&1 &
	pid=$!
	sleep_ms "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null # (no "Killed" notice)
	code=$?
	settle fresh "migration round $round (kill after $delay ms, exit $code)"
	version=$(schema_version fresh)
	what="migration round $round (kill after $delay ms, exit $code, left at version $version)"
	if [ "$DB_BACKEND" = pg ]; then
		# one transaction: all of the schema, or nothing of it
		relations=$(count fresh "SELECT count(*) FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'")
		if [ "$version" = "$latest" ] || { [ "$version" = 0 ] && [ "$relations" = 0 ]; }; then
			ok
		else
			fail "$what: a schema half made ($relations relations)"
		fi
	fi
	if said=$("$bin" --db "$(db fresh)" init 2>&1) &&
		[ "$said" = "Database $(db fresh) is ready (schema version $latest)." ]; then
		ok
	else
		fail "$what: the next init" "$said"
	fi
	integrity fresh "$what"
	if "$bin" --db "$(db fresh)" import units "$SAMPLE/units.csv" >/dev/null 2>&1; then ok; else fail "$what: import after"; fi
	echo "$what: reopened"
done
# three processes opening one new database at once: each waits for the schema the first makes
migrations=$(find "$REPO/sql/pg" -name '[0-9]*.sql' | wc -l)
for round in $(seq "$race_rounds"); do
	db_make race || exit 1
	race_pids=()
	for i in 1 2 3; do
		"$bin" --db "$(db race)" init >"race.$i" 2>&1 &
		race_pids+=($!)
	done
	codes=""
	for i in 1 2 3; do
		wait "${race_pids[$((i - 1))]}"
		codes+=" $?"
	done
	what="race round $round (exits$codes)"
	want="Database $(db race) is ready (schema version $latest)."
	if [ "$codes" = " 0 0 0" ] && [ "$(cat race.1)" = "$want" ] && [ "$(cat race.2)" = "$want" ] &&
		[ "$(cat race.3)" = "$want" ]; then
		ok
	else
		fail "$what: not every init succeeded" "$(cat race.1 race.2 race.3)"
	fi
	# PostgreSQL: one row per migration in schema_migration (rows|versions|latest)
	if [ "$DB_BACKEND" = pg ]; then
		applied=$(count race 'SELECT count(*), count(DISTINCT version), max(version) FROM schema_migration')
		want="$migrations|$migrations|$latest"
	else
		applied=$(schema_version race)
		want=$latest
	fi
	if [ "$applied" = "$want" ]; then ok; else fail "$what: the schema is at $applied, not $want"; fi
	integrity race "$what"
	echo "$what: the schema made once"
done

# ---- 3. backup and restore, killed ----
# big: the sample and the generated rows; small: a backup of the sample alone
out=$work/out.$ext
small=$work/small.$ext
db_make big base || exit 1
"$bin" --db "$(db big)" import tasks big.csv >/dev/null || exit 1
"$bin" --db "$(db base)" backup "$small" >/dev/null || exit 1
big_tasks=$((sample_tasks + rows))
t0=$(now_ms)
"$bin" --db "$(db big)" backup "$work/timing.$ext" >/dev/null || exit 1
backup_ms=${BACKUP_MS:-$(($(now_ms) - t0))}
db_make target big || exit 1
t0=$(now_ms)
"$bin" --db "$(db target)" restore "$small" --force >/dev/null || exit 1
restore_ms=${RESTORE_MS:-$(($(now_ms) - t0))}
echo "backup of $big_tasks tasks: $backup_ms ms; restore: $restore_ms ms"
for round in $(seq "$backup_rounds"); do
	# a backup killed: the file is absent or a complete, sound backup; the source is untouched
	rm -f "$out" "$out.tmp"
	delay=$((RANDOM * (backup_ms + backup_ms / 4 + 5) / 32768))
	"$bin" --db "$(db big)" backup "$out" >/dev/null 2>&1 &
	pid=$!
	sleep_ms "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	code=$?
	what="backup round $round (kill after $delay ms, exit $code)"
	if [ "$DB_BACKEND" = pg ] && [ "$code" = 137 ]; then
		for _ in $(seq 20); do pgrep -f -- "$out" >/dev/null || break; sleep 0.1; done
		if pgrep -f -- "$out" >/dev/null; then
			fail "$what: its pg_dump still runs 2 s after the kill" "$(pgrep -af -- "$out")"
		else
			ok
		fi
	fi
	settle big "$what" "$out"
	if [ ! -e "$out" ]; then
		outcome="no backup"
		if [ -e "$out.tmp" ]; then outcome+=" (out.$ext.tmp left)"; fi
		ok
	elif complete_backup "$out" "$big_tasks"; then
		outcome="a complete backup"
		ok
	else
		outcome="BROKEN"
		fail "$what: out.$ext is there but not a complete backup" "$(ls -l "$out"*)"
	fi
	integrity big "$what"
	n=$(count big 'SELECT count(*) FROM task')
	if [ "$n" = "$big_tasks" ]; then ok; else fail "$what: $n tasks in the database backed up, not $big_tasks"; fi
	if "$bin" --db "$(db big)" backup "$out" --force >/dev/null 2>&1; then ok; else fail "$what: backup again"; fi
	echo "$what: $outcome"

	# a restore killed: the database is the old one or the restored one, sound either way
	db_make target big || exit 1
	delay=$((RANDOM * (restore_ms + restore_ms / 4 + 5) / 32768))
	"$bin" --db "$(db target)" restore "$small" --force >/dev/null 2>&1 &
	pid=$!
	sleep_ms "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	code=$?
	what="restore round $round (kill after $delay ms, exit $code)"
	settle target "$what" "$small"
	integrity target "$what"
	got=$(count target "SELECT (SELECT count(*) FROM task),
		(SELECT count(*) FROM audit WHERE action = 'db.restore')")
	n=${got%%|*}
	restores=${got#*|}
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
	if "$bin" --db "$(db target)" summary --year 2023 >/dev/null 2>&1; then ok; else fail "$what: summary"; fi
	if out_again=$("$bin" --db "$(db target)" restore "$small" --force 2>&1); then ok; else fail "$what: restore again" "$out_again"; fi
	echo "$what: $outcome"
done

# ---- 4. serve: every acknowledged write survives ----
db_make serve base || exit 1
serve_db=$(db serve)
echo "pw-admin-2023" | "$bin" --db "$serve_db" user add quantri --role admin --password-stdin >/dev/null 2>&1
token=$("$bin" --db "$serve_db" token add quantri 2>/dev/null)
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
	"$bin" --db "$serve_db" serve --listen 127.0.0.1:0 --threads 4 2>serve.log &
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
	settle serve "$what"
	integrity serve "$what"
	acked=0
	missing=""
	for code in "${tasks[@]}"; do
		cat "acked.$code" >>acked.all
		"$bin" --db "$serve_db" task show 2023 "$code" --format json 2>&1 |
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
got=$(count serve "SELECT (SELECT count(*) FROM task_update),
	(SELECT count(*) FROM audit WHERE action = 'task.update')")
if [ "${got%%|*}" = "${got#*|}" ]; then
	ok
else
	fail "every update has its audit row, and no more ($got)"
fi

printf 'crash/kill: %d checks passed, %d failed (seed %s, %s)\n' "$checks" "$failed" "$seed" "$DB_BACKEND"
printf 'replay: SEED=%s IMPORT_MS=%s INIT_MS=%s BACKUP_MS=%s RESTORE_MS=%s\n' "$seed" "$import_ms" \
	"$init_ms" "$backup_ms" "$restore_ms"
[ "$failed" -eq 0 ] && [ "$checks" -gt 0 ]
