#!/usr/bin/env bash
# import.sh — how fast `dxtrack import tasks` loads N tasks, against the sqlite3 shell's .import
# and, on PostgreSQL, against psql's \copy of the same file.
#
# Usage: bench/import.sh [N]      (default N=100000)
#   RUNS=k     timed runs of each importer (default 3, at least 3); the median is reported.
#   TMPDIR     where the CSV, the databases and the PostgreSQL cluster go (default /tmp); its
#              filesystem is reported.
#   PG=0       skip PostgreSQL (default: measured when PostgreSQL is installed)
#   PGPORT     port of the throw-away cluster (default 41007)
#   DXTRACK    use this dxtrack binary instead of building build-bench/
#
# Builds dxtrack in Release mode into build-bench/ (a developer's build/ is left alone),
# generates N valid tasks with bench/gen_tasks.sh, then RUNS times, alternating, on a fresh
# database each time:
#   sqlite3   sqlite3 DB -cmd '.mode csv' '.import FILE tasks'  (bare table, one transaction)
#   dxtrack   dxtrack --db DB import units units.csv  (not timed), then
#             dxtrack --db DB import tasks FILE       (timed: full validation, one transaction)
#   COPY      psql URL -c 'CREATE TABLE tasks (…15 text columns…)' -c '\copy tasks FROM FILE
#             (FORMAT csv, HEADER)'   (bare table, one transaction; a fresh database)
#   dxtrack   the same two dxtrack commands with --db postgresql://… (a fresh database)
# PostgreSQL is a throw-away cluster started by tools/pg_cluster.sh in TMPDIR (fsync off, as
# for the tests) and stopped at the end. Wall time is taken with date +%s.%N around the
# command, peak RSS with GNU time (%M) — of the client process (sqlite3, psql, dxtrack); the
# PostgreSQL server's own memory is not in it. Row counts are checked to equal N. Prints the
# table and the ratios (dxtrack rows/s over the baseline's rows/s: SQLite over sqlite3 .import,
# target >= 0.50; PostgreSQL over COPY and over sqlite3 .import), and rewrites the `import`
# section of bench/RESULTS.md between <!-- import:begin --> and <!-- import:end -->. Exits 0
# whatever the ratios; non-zero only when something failed to build or run, or a count was
# wrong.
set -euo pipefail
load0=$(cut -d" " -f1-3 /proc/loadavg) # the machine's load when the benchmark starts

root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}
runs=${RUNS:-3}
if [ $# -gt 1 ] || ! [[ $n =~ ^[1-9][0-9]*$ ]] || ! [[ $runs =~ ^[0-9]+$ ]] || [ "$runs" -lt 3 ]; then
	sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi

bench=import.sh
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
need cmake cmake
need ninja ninja-build
need sqlite3 sqlite3
need awk
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package time)"

units=$root/data/sample/backan-2023/units.csv
build=$root/build-bench
dxtrack=${DXTRACK:-$build/dxtrack}
results=$root/bench/RESULTS.md

pgport=${PGPORT:-41007}
bench_pg_choose

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dxbench-import.XXXXXX")
chmod 755 "$tmp" # as root, the cluster belongs to user postgres, who must reach it
cluster=""
cleanup() {
	[ -n "$cluster" ] && "$root/tools/pg_cluster.sh" stop "$cluster" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# --- 1. Release build in its own directory ---------------------------------------------------
bench_build "$tmp/build.log"

# --- 2. data ---------------------------------------------------------------------------------
csv=$tmp/tasks.csv
echo "== generating $n tasks"
"$root/bench/gen_tasks.sh" "$n" "$csv" || die "gen_tasks.sh failed"
chmod 644 "$csv"      # psql reads it as the calling user; the server never does (\copy)
cat "$csv" >/dev/null # into the page cache, so that the first timed run does not pay for it
csv_mib=$(awk -v b="$(stat -c %s "$csv")" 'BEGIN { printf "%.1f", b / 1048576 }')

# --- 3. runs ---------------------------------------------------------------------------------
now() { date +%s.%N; }
# timed LABEL CMD...: runs CMD, sets $secs (wall) and $kib (peak RSS); dies on failure.
timed() {
	local label=$1
	shift
	local t0 t1
	t0=$(now)
	if ! /usr/bin/time -f %M -o "$tmp/rss" "$@" >"$tmp/out" 2>"$tmp/err"; then
		t1=$(now)
		cat "$tmp/out" "$tmp/err" "$tmp/rss" >&2
		die "$label failed: $*"
	fi
	t1=$(now)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
	kib=$(tail -n 1 "$tmp/rss")
	[[ $kib =~ ^[0-9]+$ ]] || die "$label: cannot read peak RSS from GNU time: $kib"
}
check_count() { # LABEL DB TABLE
	local got
	got=$(sqlite3 "$2" "SELECT count(*) FROM $3") || die "$1: cannot count rows in $2"
	[ "$got" = "$n" ] || die "$1: $got rows in $3, expected $n"
}

if [ "$pg" != 0 ]; then
	cluster=$tmp/pg
	echo "== starting a throw-away PostgreSQL cluster on port $pgport"
	"$root/tools/pg_cluster.sh" start "$cluster" "$pgport" >/dev/null || die "cannot start PostgreSQL"
	pg_version=$(psql -qAt "$("$root/tools/pg_cluster.sh" url "$cluster")" -c 'SHOW server_version')
	columns=$(head -n 1 "$csv" | tr -d '\r' | awk -F, '{ for (i = 1; i <= NF; i++) printf "%s%s text", (i > 1 ? ", " : ""), $i }')
fi
pg_count() { # LABEL URL TABLE
	local got
	got=$(psql -qAt "$2" -c "SELECT count(*) FROM $3") || die "$1: cannot count rows in $3"
	[ "$got" = "$n" ] || die "$1: $got rows in $3, expected $n"
}

sq_t=() sq_m=() dx_t=() dx_m=() cp_t=() cp_m=() dp_t=() dp_m=()
summary_differs=0
for i in $(seq 1 "$runs"); do
	echo "== run $i/$runs"
	db=$tmp/sqlite3-$i.db
	timed sqlite3 sqlite3 "$db" -cmd '.mode csv' ".import $csv tasks"
	check_count sqlite3 "$db" tasks
	sq_t+=("$secs") sq_m+=("$kib")
	printf '   sqlite3 .import        %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
	rm -f "$db"*

	db=$tmp/dxtrack-$i.db
	"$dxtrack" --db "$db" import units "$units" >"$tmp/out" 2>&1 ||
		{ cat "$tmp/out" >&2; die "dxtrack import units failed"; }
	timed dxtrack "$dxtrack" --db "$db" import tasks "$csv"
	check_count dxtrack "$db" task
	"$dxtrack" --db "$db" summary --year 2023 --format json >"$tmp/summary.json" ||
		die "dxtrack summary failed after the import"
	dx_t+=("$secs") dx_m+=("$kib")
	printf '   dxtrack import tasks   %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
	rm -f "$db"*
	[ "$pg" != 0 ] || continue

	url=$("$root/tools/pg_cluster.sh" createdb "$cluster" "copy$i")
	timed "psql \\copy" psql -q -v ON_ERROR_STOP=1 "$url" -c "CREATE TABLE tasks ($columns)" \
		-c "\\copy tasks FROM '$csv' WITH (FORMAT csv, HEADER true)"
	pg_count "psql \\copy" "$url" tasks
	cp_t+=("$secs") cp_m+=("$kib")
	printf '   psql \\copy (PostgreSQL) %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
	"$root/tools/pg_cluster.sh" dropdb "$cluster" "copy$i"

	url=$("$root/tools/pg_cluster.sh" createdb "$cluster" "dxtrack$i")
	"$dxtrack" --db "$url" import units "$units" >"$tmp/out" 2>&1 ||
		{ cat "$tmp/out" >&2; die "dxtrack import units (PostgreSQL) failed"; }
	timed "dxtrack (PostgreSQL)" "$dxtrack" --db "$url" import tasks "$csv"
	pg_count "dxtrack (PostgreSQL)" "$url" task
	"$dxtrack" --db "$url" summary --year 2023 --format json >"$tmp/summary-pg.json" ||
		die "dxtrack summary (PostgreSQL) failed after the import"
	cmp -s "$tmp/summary.json" "$tmp/summary-pg.json" || summary_differs=1
	dp_t+=("$secs") dp_m+=("$kib")
	printf '   dxtrack (PostgreSQL)   %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
	"$root/tools/pg_cluster.sh" dropdb "$cluster" "dxtrack$i"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sq_sec=$(median "${sq_t[@]}")
dx_sec=$(median "${dx_t[@]}")
sq_kib=$(median "${sq_m[@]}")
dx_kib=$(median "${dx_m[@]}")
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
sq_rate=$(calc %.0f "$n / $sq_sec")
dx_rate=$(calc %.0f "$n / $dx_sec")
ratio=$(calc %.2f "$dx_rate / $sq_rate")
verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.5) ? "meets the target" : "below the target" }')
runs_list() { local s="" x; for x in "$@"; do s+="${s:+, }$(calc %.3f "$x")"; done; echo "$s"; }

table=$(
	echo "| importer | median wall (s) | rows/s | peak RSS (MiB, median) | wall of each run (s) |"
	echo "|---|---:|---:|---:|---|"
	printf '| sqlite3 `.import` (baseline) | %.3f | %s | %.1f | %s |\n' \
		"$sq_sec" "$sq_rate" "$(calc %.1f "$sq_kib / 1024")" "$(runs_list "${sq_t[@]}")"
	printf '| dxtrack `import tasks` | %.3f | %s | %.1f | %s |\n' \
		"$dx_sec" "$dx_rate" "$(calc %.1f "$dx_kib / 1024")" "$(runs_list "${dx_t[@]}")"
)
ratio_line="ratio $ratio (target >= 0.50)"
pg_lines=""
if [ "$pg" != 0 ]; then
	cp_sec=$(median "${cp_t[@]}") dp_sec=$(median "${dp_t[@]}")
	cp_kib=$(median "${cp_m[@]}") dp_kib=$(median "${dp_m[@]}")
	cp_rate=$(calc %.0f "$n / $cp_sec")
	dp_rate=$(calc %.0f "$n / $dp_sec")
	table+=$'\n'$(
		printf '| psql `\\copy` into PostgreSQL (baseline) | %.3f | %s | %.1f | %s |\n' \
			"$cp_sec" "$cp_rate" "$(calc %.1f "$cp_kib / 1024")" "$(runs_list "${cp_t[@]}")"
		printf '| dxtrack `import tasks`, PostgreSQL | %.3f | %s | %.1f | %s |\n' \
			"$dp_sec" "$dp_rate" "$(calc %.1f "$dp_kib / 1024")" "$(runs_list "${dp_t[@]}")"
	)
	pg_lines="PostgreSQL: dxtrack ÷ COPY **$(calc %.2f "$dp_rate / $cp_rate")**, dxtrack ÷ sqlite3 \`.import\` **$(calc %.2f "$dp_rate / $sq_rate")**; dxtrack on PostgreSQL ÷ dxtrack on SQLite $(calc %.2f "$dp_rate / $dx_rate") (rows/s ÷ rows/s; the issue sets no target for these)."
	[ "$summary_differs" = 0 ] ||
		pg_lines+=" **Warning**: after the same import, \`dxtrack summary --year 2023 --format json\` answered differently on PostgreSQL and on SQLite."
	pg_version_line="- PostgreSQL: $pg_version, a throw-away cluster (\`tools/pg_cluster.sh\`: fsync off, shared_buffers 128MB) on the same machine and filesystem, over its unix socket"
	pg_cmds="- \`psql -c 'CREATE TABLE tasks (code text, year text, … 15 text columns)' -c \"\\copy tasks FROM 'tasks.csv' WITH (FORMAT csv, HEADER true)\"\` on a fresh database — then \`SELECT count(*) FROM tasks\` = N
- \`dxtrack --db postgresql://… import tasks tasks.csv\` on a fresh database after an untimed \`import units\` — then \`SELECT count(*) FROM task\` = N, and \`dxtrack summary\` works"
else
	pg_lines="$pg_note"
	pg_version_line="- PostgreSQL: not measured"
	pg_cmds=""
fi

# --- 4. report -------------------------------------------------------------------------------
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
sqlite_shell=$(sqlite3 --version | awk '{ print $1 }')
sqlite_lib=$(sqlite3 :memory: 'select sqlite_version()' 2>/dev/null || echo "?")
fs=$(df -PT "$tmp" | awk 'NR == 2 { print $2 }')
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
cc_version=$("${cc:-cc}" --version 2>/dev/null | head -n 1 || echo "?")
dx_sqlite=$(pkg-config --modversion sqlite3 2>/dev/null || echo "?")
rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo "unknown")
dx_what="\`$rev\`"
[ -n "${DXTRACK:-}" ] && dx_what="the binary \`$DXTRACK\` (DXTRACK; not built by the script; source tree at \`$rev\`)"
command="bench/import.sh $n"
[ "$runs" != 3 ] && command="RUNS=$runs $command"

section=$(
	cat <<EOF
<!-- import:begin -->
## import

Written by \`bench/import.sh\`; everything between the markers is replaced on each run.

- Date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')
- Machine: $(nproc) CPUs, $(uname -m), ${cpu:-unknown CPU}, $mem RAM; $(uname -sr); load average at the start ${load0// /, } (other work on the machine distorts the figures)
- SQLite: shell $sqlite_shell (library $sqlite_lib); dxtrack built against $dx_sqlite
$pg_version_line
- dxtrack: $dx_what, Release (-O3), $cc_version
- Data: N = $n tasks from \`bench/gen_tasks.sh $n\` ($csv_mib MiB CSV), databases on $fs
- Runs: $runs of each, alternating, fresh database each time; the table gives medians; peak RSS is the client process's (for PostgreSQL the server's memory is not included)

$table

**SQLite: $ratio_line** — $verdict (dxtrack rows/s ÷ sqlite3 rows/s).

$pg_lines

Command: \`$command\`

Timed commands (wall time by \`date +%s.%N\` around \`/usr/bin/time -f %M\`):

- \`sqlite3 DB -cmd '.mode csv' '.import tasks.csv tasks'\` — then \`SELECT count(*) FROM tasks\` = N
- \`dxtrack --db DB import tasks tasks.csv\` after an untimed \`dxtrack --db DB import units data/sample/backan-2023/units.csv\` — then \`SELECT count(*) FROM task\` = N
${pg_cmds}
<!-- import:end -->
EOF
)

printf '%s\n' "$section" >"$tmp/section.md"
if [ -f "$results" ] && grep -q '^<!-- import:begin -->$' "$results" &&
	grep -q '^<!-- import:end -->$' "$results"; then
	awk -v sec="$tmp/section.md" '
		$0 == "<!-- import:begin -->" { while ((getline l < sec) > 0) print l; skip = 1; next }
		$0 == "<!-- import:end -->" { skip = 0; next }
		!skip' "$results" >"$tmp/results.md"
elif [ -f "$results" ]; then
	{ cat "$results"; echo; cat "$tmp/section.md"; } >"$tmp/results.md"
else
	{
		echo "# Benchmark results"
		echo
		echo "Measured numbers, one section per benchmark (see README.md). Not asserted by any test."
		echo
		cat "$tmp/section.md"
	} >"$tmp/results.md"
fi
cp "$tmp/results.md" "$results"

echo
echo "N = $n, $runs runs each, medians:"
echo "$table"
echo
echo "SQLite: $ratio_line"
[ -n "$pg_lines" ] && echo "$pg_lines" | sed 's/\*\*//g; s/`//g'
echo "results written to bench/RESULTS.md"
