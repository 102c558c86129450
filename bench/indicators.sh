#!/usr/bin/env bash
# indicators.sh — how fast dxtrack imports N indicator values and rolls them up, against the
# sqlite3 shell doing the same work.
#
# Usage: bench/indicators.sh [N]      (default N=10000000: 3,334 communes × 50 indicators × 60 months)
#   RUNS=k     timed runs of each command (default 3, at least 1); medians are reported.
#   TMPDIR     where the CSV files and the databases go (default /tmp).
#   RESULTS=F  also write the report as the section between <!-- indicators:begin --> and
#              <!-- indicators:end --> of file F (e.g. bench/RESULTS.md); default: print only.
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
# The two roll-ups must agree (each figure to the last decimal shown, counts exactly) or the
# script fails. Wall time is date +%s.%N around the command, peak RSS GNU time's %M. Exits
# non-zero only when something failed to build or run, a count was wrong, or the roll-ups
# disagree; never because a number is slow.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000000}
runs=${RUNS:-3}
if [ $# -gt 1 ] || ! [[ $n =~ ^[1-9][0-9]*$ ]] || ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
	sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi

die() { echo "indicators.sh: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found${2:+ (Debian package $2)}"; }
need cmake cmake
need ninja ninja-build
need sqlite3 sqlite3
need awk
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package time)"

build=$root/build-bench
dxtrack=$build/dxtrack
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dxbench-indicators.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- 1. Release build in its own directory (as bench/import.sh) -------------------------------
echo "== building dxtrack (Release) in build-bench/"
if ! { cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_TESTS=OFF \
	-DCMAKE_C_FLAGS=-Wno-error=maybe-uninitialized &&
	ninja -C "$build"; } >"$tmp/build.log" 2>&1; then
	cat "$tmp/build.log" >&2
	die "build failed"
fi

# --- 2. data ---------------------------------------------------------------------------------
data=$tmp/data
echo "== generating about $n values"
"$root/bench/gen_values.sh" "$n" "$data" || die "gen_values.sh failed"
rows=$(($(wc -l <"$data/values.csv") - 1))
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
summary="import $(calc %.2f "$rows / $idx / 1e6") M values/s (target > 1); roll-up $(calc %.3f "$udx") s (target < 1), $(calc %.1f "$usq / $udx")× faster than the SQL query (target >= 1)"

section=$(
	cat <<EOF
<!-- indicators:begin -->
## indicators

Written by \`bench/indicators.sh\`; everything between the markers is replaced on each run.

- Date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')
- Machine: $(nproc) CPUs, $(uname -m), $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; $(uname -sr)
- SQLite: shell $(sqlite3 --version | awk '{ print $1 }'); dxtrack built against $(pkg-config --modversion sqlite3 2>/dev/null || echo "?"), Release
- Data: $rows values ($communes communes × 50 indicators × 60 months, $csv_mib MiB CSV) from \`bench/gen_values.sh $n\`; roll-up of 2023 to every district and province ($figures figures: 54 indicators, 4 of them ratios)
- Runs: $runs of each, fresh database each time; medians

$table

**$summary**

Command: \`bench/indicators.sh $n\`
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
