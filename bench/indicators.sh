#!/usr/bin/env bash
# indicators.sh — how fast dxtrack imports N indicator values and rolls them up, against the
# sqlite3 shell doing the same work.
#
# Usage: bench/indicators.sh [N]      (default N=10000000: 3,334 communes × 50 indicators × 60 months)
#   RUNS=k     timed runs of each command (default 3, at least 1); medians are reported.
#   TMPDIR     where the CSV files and the databases go (default /tmp).
#   RESULTS=F  also write the report as the section between <!-- indicators:begin --> and
#              <!-- indicators:end --> of file F (e.g. bench/RESULTS.md); default: print only.
#   PG=0       skip PostgreSQL (default: measured when PostgreSQL is installed)
#   PG_RUNS=k  runs on PostgreSQL (default: RUNS);  PGPORT  the cluster's port (default 41007)
#   DXTRACK    use this dxtrack binary instead of building build-bench/
#
# Builds dxtrack in Release mode into build-bench/ (a developer's build/ is left alone),
# generates the tree, 54 indicators and N values with bench/gen_values.sh, then RUNS times, on
# a fresh database each time:
#   import   sqlite3 DB -cmd '.mode csv' '.import values.csv v'   (baseline: a bare table)
#            dxtrack import values values.csv   (timed; units and indicators imported first,
#            untimed): every row checked, keyed, sorted, written in one transaction
#   roll-up  dxtrack indicator rollup --period 2023 --level district,province   (every
#            indicator at every district and province, 2023 derived from the months)
#            sqlite3 DB < the same roll-up written as one SQL query (below): the same
#            rules for monthly data (sum only of complete years, mean of the quarters' means,
#            min, max, last and share from the latest month, ratios over the communes that
#            have both parts, missing communes not counted), on the same database
# The same on PostgreSQL (a throw-away cluster by tools/pg_cluster.sh, fsync off, a fresh
# database each run), PG_RUNS times: baseline `psql -c 'CREATE TABLE v (…)' -c '\copy v FROM
# values.csv'`, then dxtrack import values and indicator rollup with --db postgresql://…, and
# the roll-up query in PostgreSQL's dialect run by psql on dxtrack's database.
# The two roll-ups must agree (each figure to the last decimal shown, counts exactly) or the
# script fails; dxtrack's roll-up on PostgreSQL must be the same bytes as on SQLite (a warning
# in the report if not). Wall time is date +%s.%N around the command, peak RSS GNU time's %M. Exits
# non-zero only when something failed to build or run, a count was wrong, or the roll-ups
# disagree; never because a number is slow.
set -euo pipefail
load0=$(cut -d" " -f1-3 /proc/loadavg) # the machine's load when the benchmark starts

root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000000}
runs=${RUNS:-3}
if [ $# -gt 1 ] || ! [[ $n =~ ^[1-9][0-9]*$ ]] || ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi

bench=indicators.sh
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
need cmake cmake
need ninja ninja-build
need sqlite3 sqlite3
need awk
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package time)"

pg_runs=${PG_RUNS:-$runs}
pgport=${PGPORT:-41007}
[[ $pg_runs =~ ^[1-9][0-9]*$ ]] || die "PG_RUNS must be at least 1"
bench_pg_choose

build=$root/build-bench
dxtrack=${DXTRACK:-$build/dxtrack}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dxbench-indicators.XXXXXX")
chmod 755 "$tmp" # as root, the cluster belongs to user postgres, who must reach it
cluster=""
cleanup() {
	[ -n "$cluster" ] && "$root/tools/pg_cluster.sh" stop "$cluster" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# --- 1. Release build in its own directory (as bench/import.sh) -------------------------------
bench_build "$tmp/build.log"

# --- 2. data ---------------------------------------------------------------------------------
data=$tmp/data
echo "== generating about $n values"
"$root/bench/gen_values.sh" "$n" "$data" || die "gen_values.sh failed"
rows=$(($(wc -l <"$data/values.csv") - 1))
chmod -R a+rX "$data"              # psql reads it as the calling user (\copy)
cat "$data/values.csv" >/dev/null # into the page cache before the first timed run
csv_mib=$(awk -v b="$(stat -c %s "$data/values.csv")" 'BEGIN { printf "%.1f", b / 1048576 }')
communes=$(grep -c ',commune,' "$data/units.csv")

# The roll-up as one SQL query (2023, every district and province), in dxtrack's CSV format.
cat >"$tmp/rollup.sql" <<'SQL'
WITH
m AS (   -- the monthly values of 2023
  SELECT indicator_id AS ind, unit_id AS uid, period - 202320 AS month, value
  FROM indicator_value WHERE period BETWEEN 202321 AND 202332
),
q AS (   -- each unit's quarters
  SELECT ind, uid, (month + 2) / 3 AS quarter, count(*) AS n, sum(value) AS s, avg(value) AS a,
         min(value) AS lo, max(value) AS hi, max(month) AS lm
  FROM m GROUP BY ind, uid, quarter
),
y AS (   -- each unit's year, from its quarters
  SELECT ind, uid, sum(n) AS n, sum(s) AS s, avg(a) AS a, min(lo) AS lo, max(hi) AS hi,
         max(lm) AS lm
  FROM q GROUP BY ind, uid
),
u AS (   -- each unit's yearly value by its indicator's rule (NULL: none)
  SELECT y.ind, y.uid,
         CASE i.aggregation
           WHEN 'sum' THEN CASE WHEN y.n = 12 THEN y.s END
           WHEN 'mean' THEN y.a WHEN 'min' THEN y.lo WHEN 'max' THEN y.hi
           ELSE (SELECT value FROM indicator_value
                 WHERE indicator_id = y.ind AND period = 202320 + y.lm AND unit_id = y.uid)
         END AS v
  FROM y JOIN indicator i ON i.id = y.ind
),
place AS (   -- every commune (expected, reported or not) with its district and province
  SELECT k.id AS uid, c.parent_code AS district, d.parent_code AS province
  FROM unit c JOIN unit d ON d.code = c.parent_code LEFT JOIN unit_key k ON k.code = c.code
  WHERE c.kind = 'commune'
),
lv AS (SELECT district AS unit, uid FROM place UNION ALL SELECT province, uid FROM place),
expected AS (SELECT unit, count(*) AS n FROM lv GROUP BY unit),
plain AS (
  SELECT u.ind, lv.unit, count(u.v) AS reporting, sum(u.v) AS s, avg(u.v) AS a,
         min(u.v) AS lo, max(u.v) AS hi, sum(u.v = 1) AS ones
  FROM u JOIN lv ON lv.uid = u.uid GROUP BY u.ind, lv.unit
),
ratio AS (
  SELECT i.id AS ind, lv.unit, count(*) AS reporting, sum(un.v) AS num, sum(ud.v) AS den
  FROM indicator i
  JOIN indicator ni ON ni.code = i.numerator JOIN indicator di ON di.code = i.denominator
  JOIN u un ON un.ind = ni.id JOIN u ud ON ud.ind = di.id AND ud.uid = un.uid
  JOIN lv ON lv.uid = un.uid
  WHERE i.aggregation = 'ratio' AND un.v IS NOT NULL AND ud.v IS NOT NULL
  GROUP BY i.id, lv.unit
),
fig AS (
  SELECT i.code AS indicator, e.unit, i.decimals AS dec, e.n AS expected,
         coalesce(p.reporting, r.reporting, 0) AS reporting,
         CASE i.aggregation
           WHEN 'sum' THEN p.s WHEN 'last' THEN p.s WHEN 'mean' THEN p.a
           WHEN 'min' THEN p.lo WHEN 'max' THEN p.hi
           WHEN 'share' THEN 100.0 * p.ones / p.reporting
           WHEN 'ratio' THEN CASE WHEN r.den <> 0 THEN i.multiplier * r.num / r.den END
         END AS value
  FROM indicator i CROSS JOIN expected e
  LEFT JOIN plain p ON p.ind = i.id AND p.unit = e.unit AND p.reporting > 0
  LEFT JOIN ratio r ON r.ind = i.id AND r.unit = e.unit
)
SELECT indicator || ',' || unit || ',2023,' || coalesce(printf('%.*f', dec, value), '') || ',,' ||
       reporting || ',' || expected
FROM fig ORDER BY indicator, unit;
SQL
# The same query in PostgreSQL's dialect: round(numeric) for printf, a boolean cast to count,
# binary text order (COLLATE "C") as SQLite's.
sed -e "s/coalesce(printf('%\.\*f', dec, value), '')/coalesce(round(value::numeric, dec::int)::text, '')/" \
	-e 's/sum(u\.v = 1)/sum((u.v = 1)::int)/' \
	-e 's/^FROM fig ORDER BY indicator, unit;/FROM fig ORDER BY indicator COLLATE "C", unit COLLATE "C";/' \
	"$tmp/rollup.sql" >"$tmp/rollup-pg.sql"
for pat in 'round(value::numeric' 'sum((u.v = 1)::int)' 'COLLATE "C", unit'; do
	grep -qF "$pat" "$tmp/rollup-pg.sql" || die "cannot translate the roll-up query for PostgreSQL"
done

# --- 3. runs ---------------------------------------------------------------------------------
now() { date +%s.%N; }
timed() { # LABEL OUT CMD...: runs CMD with stdout to OUT, sets $secs and $kib; dies on failure
	local label=$1 out=$2
	shift 2
	local t0 t1
	t0=$(now)
	/usr/bin/time -f %M -o "$tmp/rss" "$@" >"$out" 2>"$tmp/err" ||
		{ cat "$tmp/err" >&2; die "$label failed: $*"; }
	t1=$(now)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
	kib=$(tail -n 1 "$tmp/rss")
}
count() { sqlite3 "$1" "SELECT count(*) FROM $2"; }
# the two roll-ups agree: same lines, counts equal, values within one unit of the last decimal
agree() {
	tail -n +2 "$1" | paste -d'|' - "$2" | awk -F'|' '
		{ na = split($1, a, ","); nb = split($2, b, ",")
		  if (na != 7 || nb != 7 || a[1] != b[1] || a[2] != b[2] || a[6] != b[6] || a[7] != b[7] ||
		      (a[4] == "") != (b[4] == "")) { bad++; next }
		  d = a[4] - b[4]; if (d < 0) d = -d
		  dec = index(a[4], ".") ? length(a[4]) - index(a[4], ".") : 0
		  if (d > 1.0001 * 10 ^ -dec) bad++ }
		END { exit (bad > 0 || NR == 0) }'
}

imp_sq=() imp_dx=() mem_sq=() mem_dx=() up_dx=() up_sq=() upm_dx=() upm_sq=()
for i in $(seq 1 "$runs"); do
	echo "== run $i/$runs"
	db=$tmp/sqlite3.db
	timed "sqlite3 .import" /dev/null sqlite3 "$db" -cmd '.mode csv' ".import $data/values.csv v"
	[ "$(count "$db" v)" = "$rows" ] || die "sqlite3: wrong row count"
	imp_sq+=("$secs") mem_sq+=("$kib")
	printf '   sqlite3 .import            %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
	rm -f "$db"*

	db=$tmp/dxtrack.db
	"$dxtrack" --db "$db" import units "$data/units.csv" >/dev/null
	"$dxtrack" --db "$db" import indicators "$data/indicators.csv" >/dev/null
	timed "dxtrack import values" /dev/null "$dxtrack" --db "$db" import values "$data/values.csv"
	[ "$(count "$db" indicator_value)" = "$rows" ] || die "dxtrack: wrong row count"
	imp_dx+=("$secs") mem_dx+=("$kib")
	printf '   dxtrack import values      %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"

	timed "dxtrack rollup" "$tmp/dx.csv" "$dxtrack" --db "$db" indicator rollup --period 2023 \
		--level district,province
	up_dx+=("$secs") upm_dx+=("$kib")
	printf '   dxtrack indicator rollup   %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
	timed "sqlite3 roll-up" "$tmp/sq.csv" sqlite3 "$db" ".read $tmp/rollup.sql"
	up_sq+=("$secs") upm_sq+=("$kib")
	printf '   sqlite3 roll-up query      %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
	agree "$tmp/dx.csv" "$tmp/sq.csv" || die "the two roll-ups disagree (see $tmp/dx.csv, $tmp/sq.csv)"
	figures=$(($(wc -l <"$tmp/sq.csv")))
	rm -f "$db"*
done

# PostgreSQL: the same steps, a fresh database each run
pimp_cp=() pimp_dx=() pmem_cp=() pmem_dx=() pup_dx=() pup_sq=() pupm_dx=() pupm_sq=()
pg_same=yes
if [ "$pg" != 0 ]; then
	cluster=$tmp/pg
	echo "== starting a throw-away PostgreSQL cluster on port $pgport"
	"$root/tools/pg_cluster.sh" start "$cluster" "$pgport" >/dev/null || die "cannot start PostgreSQL"
	pg_version=$(psql -qAt "$("$root/tools/pg_cluster.sh" url "$cluster")" -c 'SHOW server_version')
	columns=$(head -n 1 "$data/values.csv" | awk -F, '{ for (i = 1; i <= NF; i++) printf "%s%s text", (i > 1 ? ", " : ""), $i }')
	pgcount() { psql -qAt "$1" -c "SELECT count(*) FROM $2"; }
	for i in $(seq 1 "$pg_runs"); do
		echo "== PostgreSQL run $i/$pg_runs"
		url=$("$root/tools/pg_cluster.sh" createdb "$cluster" "copy$i")
		timed "psql \\copy" /dev/null psql -q -v ON_ERROR_STOP=1 "$url" -c "CREATE TABLE v ($columns)" \
			-c "\\copy v FROM '$data/values.csv' WITH (FORMAT csv, HEADER true)"
		[ "$(pgcount "$url" v)" = "$rows" ] || die "psql \\copy: wrong row count"
		pimp_cp+=("$secs") pmem_cp+=("$kib")
		printf '   psql \\copy                %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
		"$root/tools/pg_cluster.sh" dropdb "$cluster" "copy$i"

		url=$("$root/tools/pg_cluster.sh" createdb "$cluster" "dxtrack$i")
		"$dxtrack" --db "$url" import units "$data/units.csv" >/dev/null
		"$dxtrack" --db "$url" import indicators "$data/indicators.csv" >/dev/null
		timed "dxtrack import values (PostgreSQL)" /dev/null "$dxtrack" --db "$url" import values "$data/values.csv"
		[ "$(pgcount "$url" indicator_value)" = "$rows" ] || die "dxtrack (PostgreSQL): wrong row count"
		pimp_dx+=("$secs") pmem_dx+=("$kib")
		printf '   dxtrack import values      %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
		timed "dxtrack rollup (PostgreSQL)" "$tmp/dxpg.csv" "$dxtrack" --db "$url" indicator rollup \
			--period 2023 --level district,province
		pup_dx+=("$secs") pupm_dx+=("$kib")
		printf '   dxtrack indicator rollup   %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
		timed "psql roll-up" "$tmp/pgsq.csv" psql -qAt -v ON_ERROR_STOP=1 "$url" -f "$tmp/rollup-pg.sql"
		pup_sq+=("$secs") pupm_sq+=("$kib")
		printf '   psql roll-up query         %8.3f s  %7.1f MiB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
		agree "$tmp/dxpg.csv" "$tmp/pgsq.csv" ||
			die "the two roll-ups disagree on PostgreSQL (dxtrack and the SQL query)"
		cmp -s "$tmp/dx.csv" "$tmp/dxpg.csv" || pg_same=no
		"$root/tools/pg_cluster.sh" dropdb "$cluster" "dxtrack$i"
	done
fi

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
mib() { calc %.1f "$(median "$@") / 1024"; }
isq=$(median "${imp_sq[@]}") idx=$(median "${imp_dx[@]}")
udx=$(median "${up_dx[@]}") usq=$(median "${up_sq[@]}")
table=$(
	echo "| step | command | median wall (s) | rate | peak RSS (MiB) |"
	echo "|---|---|---:|---:|---:|"
	printf '| import | sqlite3 `.import` into a bare table (baseline) | %.3f | %s rows/s | %s |\n' "$isq" "$(calc %.0f "$rows / $isq")" "$(mib "${mem_sq[@]}")"
	printf '| import | dxtrack `import values` | %.3f | %s rows/s | %s |\n' "$idx" "$(calc %.0f "$rows / $idx")" "$(mib "${mem_dx[@]}")"
	printf '| roll-up | sqlite3, one SQL query (baseline) | %.3f | %s figures | %s |\n' "$usq" "$figures" "$(mib "${upm_sq[@]}")"
	printf '| roll-up | dxtrack `indicator rollup` | %.3f | %s figures | %s |\n' "$udx" "$figures" "$(mib "${upm_dx[@]}")"
)
pg_summary=""
if [ "$pg" != 0 ]; then
	pcp=$(median "${pimp_cp[@]}") pdx=$(median "${pimp_dx[@]}")
	pudx=$(median "${pup_dx[@]}") pusq=$(median "${pup_sq[@]}")
	table+=$'\n'$(
		printf '| import | psql `\\copy` into a bare PostgreSQL table (baseline) | %.3f | %s rows/s | %s |\n' "$pcp" "$(calc %.0f "$rows / $pcp")" "$(mib "${pmem_cp[@]}")"
		printf '| import | dxtrack `import values`, PostgreSQL | %.3f | %s rows/s | %s |\n' "$pdx" "$(calc %.0f "$rows / $pdx")" "$(mib "${pmem_dx[@]}")"
		printf '| roll-up | psql, the same SQL query on PostgreSQL (baseline) | %.3f | %s figures | %s |\n' "$pusq" "$figures" "$(mib "${pupm_sq[@]}")"
		printf '| roll-up | dxtrack `indicator rollup`, PostgreSQL | %.3f | %s figures | %s |\n' "$pudx" "$figures" "$(mib "${pupm_dx[@]}")"
	)
	pg_summary="PostgreSQL: import $(calc %.2f "$rows / $pdx / 1e6") M values/s, **$(calc %.2f "$pcp / $pdx")** of COPY's rate; roll-up $(calc %.3f "$pudx") s, **$(calc %.1f "$pusq / $pudx")×** faster than the SQL query on PostgreSQL. dxtrack's roll-up from PostgreSQL is byte-for-byte the one from SQLite: **$pg_same**."
else
	pg_summary=$pg_note
fi
summary="import $(calc %.2f "$rows / $idx / 1e6") M values/s (target > 1); roll-up $(calc %.3f "$udx") s (target < 1), $(calc %.1f "$usq / $udx")× faster than the SQL query (target >= 1)"

rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
dx_what="\`$rev\`"
[ -n "${DXTRACK:-}" ] && dx_what="the binary \`$DXTRACK\` (DXTRACK; not built by the script; source tree at \`$rev\`)"
command="bench/indicators.sh $n"
[ "${PG_RUNS:-}" != "" ] && command="PG_RUNS=$pg_runs $command"
[ "$runs" != 3 ] && command="RUNS=$runs $command"
[ "${PG:-1}" = 0 ] && command="PG=0 $command"
section=$(
	cat <<EOF
<!-- indicators:begin -->
## indicators

Written by \`bench/indicators.sh\`; everything between the markers is replaced on each run.

- Date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')
- Machine: $(nproc) CPUs, $(uname -m), $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; $(uname -sr); load average at the start ${load0// /, } (other work on the machine distorts the figures)
- SQLite: shell $(sqlite3 --version | awk '{ print $1 }'); dxtrack built against $(pkg-config --modversion sqlite3 2>/dev/null || echo "?"), Release; dxtrack $dx_what
- Data: $rows values ($communes communes × 50 indicators × 60 months, $csv_mib MiB CSV) from \`bench/gen_values.sh $n\`; roll-up of 2023 to every district and province ($figures figures: 54 indicators, 4 of them ratios)
- PostgreSQL: ${pg_version:-not measured}${pg_version:+, a throw-away cluster (\`tools/pg_cluster.sh\`: fsync off, shared_buffers 128MB) on the same machine, over its unix socket}
- Runs: $runs of each on SQLite$([ "$pg" = 0 ] || echo ", $pg_runs on PostgreSQL"), fresh database each time; medians; peak RSS is the client process's (sqlite3, psql, dxtrack; the PostgreSQL server's memory is not included)

$table

**SQLite: $summary**

$pg_summary

Command: \`$command\`
<!-- indicators:end -->
EOF
)
echo
printf '%s\n' "$section"
if [ -n "${RESULTS:-}" ]; then
	printf '%s\n' "$section" >"$tmp/section.md"
	if [ -f "$RESULTS" ] && grep -q '^<!-- indicators:begin -->$' "$RESULTS"; then
		awk -v sec="$tmp/section.md" '
			$0 == "<!-- indicators:begin -->" { while ((getline l < sec) > 0) print l; skip = 1; next }
			$0 == "<!-- indicators:end -->" { skip = 0; next }
			!skip' "$RESULTS" >"$tmp/results.md"
	else
		{ [ -f "$RESULTS" ] && cat "$RESULTS" && echo; cat "$tmp/section.md"; } >"$tmp/results.md"
	fi
	cp "$tmp/results.md" "$RESULTS"
	echo "written to $RESULTS"
fi
