#!/usr/bin/env bash
# report.sh — how fast dxtrack writes the committee's report (DOCX, PDF, the XLSX appendix) for a
# province of N tasks, next to LibreOffice turning the same DOCX into PDF.
#
# Usage: bench/report.sh [N]      (default N=500)
#   RUNS=k     timed runs of each format (default 3, at least 3); the median is reported.
#   TMPDIR     where the files and the database go (default /tmp).
#   PG=0       skip PostgreSQL (default: measured when PostgreSQL is installed)
#   PGPORT     port of the throw-away cluster (default 41007)
#   DXTRACK    use this dxtrack binary instead of building build-bench/
#
# Builds dxtrack in Release mode into build-bench/, loads the Bắc Kạn sample's units, indicators
# with their targets and 2023 values, the DTI framework QĐ 922 with the sample self-assessment,
# and N generated tasks of 2023 (bench/gen_tasks.sh 5N, the 2023 rows), untimed. Then RUNS times
# each of `dxtrack report docx|pdf|xlsx --year 2023 -o FILE` (wall time by date +%s.%N, peak RSS
# by GNU time %M), and the three in a row. Baseline, in the same run: `libreoffice --headless
# --convert-to pdf` of the DOCX dxtrack wrote (a fresh profile each time; the usual way an
# office makes a PDF of a Word file), when LibreOffice is installed. The same data is loaded into
# a PostgreSQL database (a throw-away cluster by tools/pg_cluster.sh, fsync off) and each format
# is timed there too, as a ratio to the same format from SQLite. Rewrites the `report`
# section of bench/RESULTS.md between <!-- report:begin --> and <!-- report:end -->. Exits 0
# whatever the timings.
set -euo pipefail
load0=$(cut -d" " -f1-3 /proc/loadavg) # the machine's load when the benchmark starts

root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-500}
runs=${RUNS:-3}
if [ $# -gt 1 ] || ! [[ $n =~ ^[1-9][0-9]*$ ]] || ! [[ $runs =~ ^[0-9]+$ ]] || [ "$runs" -lt 3 ]; then
	sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi
bench=report.sh
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
need cmake cmake
need ninja ninja-build
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package time)"

pgport=${PGPORT:-41007}
bench_pg_choose

sample=$root/data/sample/backan-2023
build=$root/build-bench
dxtrack=${DXTRACK:-$build/dxtrack}
results=$root/bench/RESULTS.md
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dxbench-report.XXXXXX")
chmod 755 "$tmp" # as root, the cluster belongs to user postgres, who must reach it
cluster=""
cleanup() {
	[ -n "$cluster" ] && "$root/tools/pg_cluster.sh" stop "$cluster" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

bench_build "$tmp/build.log"

now() { date +%s.%N; }
timed() {
	local label=$1
	shift
	local t0 t1
	t0=$(now)
	if ! /usr/bin/time -f %M -o "$tmp/rss" "$@" >"$tmp/out" 2>"$tmp/err"; then
		cat "$tmp/err" "$tmp/rss" >&2
		die "$label failed: $*"
	fi
	t1=$(now)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
	kib=$(tail -n 1 "$tmp/rss")
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

echo "== loading the sample and $n generated tasks of 2023"
db=$tmp/report.db
"$root/bench/gen_tasks.sh" $((5 * n)) "$tmp/all.csv"
awk -F, 'NR == 1 || $2 == "2023"' "$tmp/all.csv" >"$tmp/tasks.csv"
got=$(($(wc -l <"$tmp/tasks.csv") - 1))
[ "$got" -eq "$n" ] || die "expected $n tasks of 2023, the generator gave $got"
dx() { "$dxtrack" --db "$db" "$@" >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; die "dxtrack $* failed"; }; }
load() {
	dx import units "$sample/units.csv"
	dx import tasks "$tmp/tasks.csv"
	dx import indicators "$sample/indicators.csv"
	dx import targets "$sample/indicator_targets.csv"
	dx import values "$sample/indicator_values_2023.csv"
	dx dti framework import "$root/data/dti/QD922.csv"
	dx dti use 2023 QD922
	dx dti import 2023 "$sample/dti_2023.csv"
}
load
pg_db=""
if [ "$pg" != 0 ]; then
	echo "== the same into PostgreSQL (a throw-away cluster on port $pgport)"
	cluster=$tmp/pg
	"$root/tools/pg_cluster.sh" start "$cluster" "$pgport" >/dev/null || die "cannot start PostgreSQL"
	pg_db=$("$root/tools/pg_cluster.sh" createdb "$cluster" report)
	pg_version=$(psql -qAt "$pg_db" -c 'SHOW server_version')
	sqlite_db=$db
	db=$pg_db
	load
	db=$sqlite_db
fi

rows=""
total=0
worst_kib=0
pg_rows=""
pg_worst_kib=0
for fmt in docx pdf xlsx; do
	ts=() ms=()
	for i in $(seq 1 "$runs"); do
		timed "report $fmt" "$dxtrack" --db "$db" report "$fmt" --year 2023 --as-of 2023-12-14 -o "$tmp/report.$fmt"
		ts+=("$secs") ms+=("$kib")
	done
	sec=$(median "${ts[@]}")
	kib_m=$(median "${ms[@]}")
	size=$(stat -c %s "$tmp/report.$fmt")
	pages=""
	[ "$fmt" = pdf ] && command -v pdfinfo >/dev/null && pages=$(pdfinfo "$tmp/report.pdf" | awk '/^Pages:/ { print $2 }')
	printf '   %s: %.3f s median, %.1f MiB, %s bytes%s\n' "$fmt" "$sec" "$(calc %.1f "$kib_m / 1024")" "$size" "${pages:+, $pages pages}"
	rows+=$(printf '| %s | %.3f | %.1f | %s | %s |' "$fmt" "$sec" "$(calc %.1f "$kib_m / 1024")" "$size" "${pages:-—}")$'\n'
	total=$(calc %.6f "$total + $sec")
	[ "$kib_m" -gt "$worst_kib" ] && worst_kib=$kib_m
	eval "sec_$fmt=$sec"
	if [ "$pg" != 0 ]; then
		ts=() ms=()
		for i in $(seq 1 "$runs"); do
			timed "report $fmt (PostgreSQL)" "$dxtrack" --db "$pg_db" report "$fmt" --year 2023 --as-of 2023-12-14 -o "$tmp/report-pg.$fmt"
			ts+=("$secs") ms+=("$kib")
		done
		psec=$(median "${ts[@]}")
		pkib=$(median "${ms[@]}")
		psize=$(stat -c %s "$tmp/report-pg.$fmt")
		printf '   %s on PostgreSQL: %.3f s median, %.1f MiB, %s bytes\n' "$fmt" "$psec" "$(calc %.1f "$pkib / 1024")" "$psize"
		pg_rows+=$(printf '| %s | %.3f | %.3f | **%.2f** | %.1f | %s |' "$fmt" "$sec" "$psec" "$(calc %.2f "$psec / $sec")" "$(calc %.1f "$pkib / 1024")" "$psize")$'\n'
		[ "$pkib" -gt "$pg_worst_kib" ] && pg_worst_kib=$pkib
		eval "psec_$fmt=$psec"
	fi
done
# the three in a row, as a user asks for them
ts=()
for i in $(seq 1 "$runs"); do
	t0=$(now)
	for fmt in docx pdf xlsx; do
		"$dxtrack" --db "$db" report "$fmt" --year 2023 --as-of 2023-12-14 -o "$tmp/all.$fmt" >/dev/null
	done
	t1=$(now)
	ts+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')")
done
all=$(median "${ts[@]}")
verdict=$(awk -v s="$all" 'BEGIN { print (s < 1) ? "meets the target (< 1 s)" : "misses the target (< 1 s)" }')

baseline="LibreOffice is not installed: no baseline in this run."
if command -v libreoffice >/dev/null; then
	ts=()
	for i in $(seq 1 "$runs"); do
		rm -rf "$tmp/lo" "$tmp/lo-profile"
		mkdir -p "$tmp/lo"
		timed "libreoffice" libreoffice "-env:UserInstallation=file://$tmp/lo-profile" --headless \
			--convert-to pdf --outdir "$tmp/lo" "$tmp/report.docx"
		ts+=("$secs")
	done
	lo=$(median "${ts[@]}")
	# shellcheck disable=SC2154 # sec_pdf is set by eval above
	baseline=$(printf 'LibreOffice %s, DOCX → PDF of the same report: %.3f s median (a fresh profile each run). dxtrack'"'"'s native PDF takes %.3f s: **%.1f× faster** (ratio %.3f).' \
		"$(libreoffice --version 2>/dev/null | awk '{ print $2 }' | head -n 1)" "$lo" "$sec_pdf" "$(calc %.1f "$lo / $sec_pdf")" "$(calc %.3f "$sec_pdf / $lo")")
fi

if [ "$pg" != 0 ]; then
	# shellcheck disable=SC2154 # psec_* are set by eval above
	pg_part="PostgreSQL $pg_version (a throw-away cluster by \`tools/pg_cluster.sh\`: fsync off; the same data loaded the same way), the same commands with \`--db postgresql://…\`, $runs runs each, medians; ratio = PostgreSQL wall ÷ SQLite wall (lower is faster):

| format | SQLite median wall (s) | PostgreSQL median wall (s) | ratio | PostgreSQL peak RSS (MiB) | bytes |
|---|---:|---:|---:|---:|---:|
${pg_rows%$'\n'}

From PostgreSQL, the native PDF against LibreOffice's DOCX → PDF: $(if [ -n "${lo:-}" ]; then printf '%.3f s against %.3f s, ratio **%.3f**' "$psec_pdf" "$lo" "$(calc %.3f "$psec_pdf / $lo")"; else echo "no LibreOffice in this run"; fi). Peak RSS at most $(calc %.1f "$pg_worst_kib / 1024") MiB (the dxtrack process; the server's memory is not included)."
else
	pg_part=$pg_note
fi
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo "unknown")
dx_what="\`$rev\`"
[ -n "${DXTRACK:-}" ] && dx_what="the binary \`$DXTRACK\` (DXTRACK; not built by the script; source tree at \`$rev\`)"
section=$(
	cat <<EOF
<!-- report:begin -->
## report

Written by \`bench/report.sh\`; everything between the markers is replaced on each run.

- Date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')
- Machine: $(nproc) CPUs, $(uname -m), ${cpu:-unknown CPU}, $mem RAM; $(uname -sr); load average at the start ${load0// /, } (other work on the machine distorts the figures)
- dxtrack: $dx_what, Release
- Data: $n generated tasks of 2023 (\`bench/gen_tasks.sh\`), the sample's units, 12 indicators with targets and values, the DTI framework QĐ 922 with the sample self-assessment
- Runs: $runs of each; medians

| format | median wall (s) | peak RSS (MiB) | bytes | pages |
|---|---:|---:|---:|---:|
${rows%$'\n'}

All three in a row: **$(printf '%.3f' "$all") s** — $verdict. Peak RSS at most $(calc %.1f "$worst_kib / 1024") MiB.

Baseline: $baseline

$pg_part

Timed command: \`dxtrack --db DB report docx|pdf|xlsx --year 2023 --as-of 2023-12-14 -o FILE\` (opening the database, reading the summary, tasks, indicators, DTI and proposals, the template, and writing the file).

Command: \`$([ "${PG:-1}" = 0 ] && echo "PG=0 ")bench/report.sh${1:+ $1}\`
<!-- report:end -->
EOF
)
printf '%s\n' "$section" >"$tmp/section.md"
if [ -f "$results" ] && grep -q '^<!-- report:begin -->$' "$results" && grep -q '^<!-- report:end -->$' "$results"; then
	awk -v sec="$tmp/section.md" '
		/^<!-- report:begin -->$/ { while ((getline l < sec) > 0) print l; skip = 1; next }
		/^<!-- report:end -->$/ { skip = 0; next }
		!skip' "$results" >"$tmp/results.md"
	cp "$tmp/results.md" "$results"
else
	printf '\n%s\n' "$section" >>"$results"
fi
echo "== bench/RESULTS.md updated"
