#!/usr/bin/env bash
# plan.sh — how fast `dxtrack plan` selects next year's catalogue, next to a greedy selection.
#
# Usage: bench/plan.sh [N [CEILING_VND]]      (default N=500, CEILING_VND=200000000000)
#   RUNS=k     timed runs of each data set (default 3, at least 3); the median is reported.
#   TMPDIR     where the CSVs and the databases go (default /tmp).
#
# Builds dxtrack in Release mode into build-bench/ (a developer's build/ is left alone), then for
# two data sets of N proposals from bench/gen_proposals.sh N 2025 DIR:
#   mixed      TIERS="15 30": about 15 % tier 1, 30 % tier 2 (carried over), 55 % tier 3;
#   one tier   TIERS="0 0": every proposal in tier 3, the widest knapsack table there is;
# imports the sample's units, the carried-from tasks and the proposals (not timed), and RUNS
# times runs `dxtrack plan --year 2025 --budget-vnd CEILING --format csv` (timed: wall time by
# date +%s.%N, peak RSS by GNU time %M). In the same run, awk makes the greedy selection on the
# same file: tiers in order 1, 2, 3; within a tier, proposals by score ÷ cost (cost in whole
# millions rounded up; largest first, ties by code), each taken when its score is above 0 and
# its cost fits the money left. It reports both total scores, per tier and overall. Checks, and
# fails when one does not hold: dxtrack's selection fits the ceiling, and its tier-1 score is at
# least the greedy one (both see the whole ceiling; the exact knapsack cannot do worse there).
# Rewrites the `plan` section of bench/RESULTS.md between <!-- plan:begin --> and
# <!-- plan:end -->. Exits 0 whatever the timings.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-500}
ceiling=${2:-200000000000}
runs=${RUNS:-3}
if [ $# -gt 2 ] || ! [[ $n =~ ^[1-9][0-9]*$ ]] || ! [[ $ceiling =~ ^[0-9]+$ ]] ||
	! [[ $runs =~ ^[0-9]+$ ]] || [ "$runs" -lt 3 ]; then
	sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi

bench=plan.sh
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
need cmake cmake
need ninja ninja-build
need awk
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package time)"

units=$root/data/sample/backan-2023/units.csv
build=$root/build-bench
dxtrack=$build/dxtrack
results=$root/bench/RESULTS.md
year=2025

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dxbench-plan.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- 1. Release build in its own directory (as bench/import.sh; see bench/README.md) ---------
DXTRACK="" bench_build "$tmp/build.log"

now() { date +%s.%N; }
# timed LABEL CMD...: runs CMD (stdout to $tmp/out), sets $secs (wall) and $kib (peak RSS).
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
	[[ $kib =~ ^[0-9]+$ ]] || die "$label: cannot read peak RSS from GNU time: $kib"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# greedy PROPOSALS.csv: "tier score cost count" per tier, by score ÷ cost (see the header).
greedy() {
	LC_ALL=C awk -F, 'NR > 1 {
		tier = $7 ~ /(^|;)(citizen_service|online_public_service|admin_reform|shared_infrastructure|information_security|de_an_06)(;|$)/ ? 1 : ($6 != "" ? 2 : 3)
		cost = int(($5 + 999999) / 1000000)
		ratio = cost == 0 ? 1e18 : $8 / cost
		printf "%d %.12e %s %d %d\n", tier, ratio, $1, cost, $8
	}' "$1" | LC_ALL=C sort -k1,1n -k2,2gr -k3,3 |
		awk -v left="$(calc %.0f "int($ceiling / 1000000)")" '
		{ if ($5 > 0 && $4 <= left) { left -= $4; s[$1] += $5; c[$1] += $4; k[$1]++ } }
		END { for (t = 1; t <= 3; t++) printf "%d %d %d %d\n", t, s[t], c[t], k[t] }'
}
# chosen PLAN.csv: the same from dxtrack's CSV (code,name,investor,tier,score,budget_vnd,selected,…)
chosen() {
	LC_ALL=C awk -F, 'NR > 1 && $7 == 1 { s[$4] += $5; c[$4] += int(($6 + 999999) / 1000000); k[$4]++ }
		END { for (t = 1; t <= 3; t++) printf "%d %d %d %d\n", t, s[t], c[t], k[t] }' "$1"
}

rows=""
details=""
worst_sec=0
worst_kib=0
for set in mixed one; do
	dir=$tmp/$set
	if [ $set = mixed ]; then tiers="15 30"; label="mixed tiers"; else tiers="0 0"; label="one tier"; fi
	echo "== $label: generating $n proposals"
	TIERS=$tiers "$root/bench/gen_proposals.sh" "$n" "$year" "$dir" || die "gen_proposals.sh failed"
	db=$dir/plan.db
	for what in "units $units" "tasks $dir/tasks.csv" "proposals $dir/proposals.csv"; do
		# shellcheck disable=SC2086 # "kind file"
		"$dxtrack" --db "$db" import $what >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; die "import $what failed"; }
	done
	per_tier=$(awk -F, 'NR > 1 {
		t = $7 ~ /(^|;)(citizen_service|online_public_service|admin_reform|shared_infrastructure|information_security|de_an_06)(;|$)/ ? 1 : ($6 != "" ? 2 : 3); k[t]++ }
		END { printf "%d/%d/%d", k[1], k[2], k[3] }' "$dir/proposals.csv")
	ts=() ms=()
	for i in $(seq 1 "$runs"); do
		timed "dxtrack plan" "$dxtrack" --db "$db" plan --year "$year" --budget-vnd "$ceiling" --format csv
		ts+=("$secs") ms+=("$kib")
		printf '   run %d: %.3f s, %.1f MiB\n' "$i" "$secs" "$(calc %.1f "$kib / 1024")"
	done
	cp "$tmp/out" "$dir/plan.csv"
	lines=$(($(wc -l <"$dir/plan.csv") - 1))
	[ "$lines" -eq "$n" ] || die "$label: dxtrack listed $lines proposals, expected $n"
	chosen "$dir/plan.csv" >"$dir/exact.txt"
	greedy "$dir/proposals.csv" >"$dir/greedy.txt"
	used=$(awk '{ c += $3 } END { print c }' "$dir/exact.txt")
	cap=$(calc %.0f "int($ceiling / 1000000)")
	[ "$used" -le "$cap" ] || die "$label: dxtrack selected $used million đồng, over the ceiling of $cap"
	e1=$(awk '$1 == 1 { print $2 }' "$dir/exact.txt")
	g1=$(awk '$1 == 1 { print $2 }' "$dir/greedy.txt")
	[ "$e1" -ge "$g1" ] || die "$label: tier 1 scores $e1 by dxtrack, $g1 by greedy"
	es=$(awk '{ s += $2 } END { print s }' "$dir/exact.txt")
	gs=$(awk '{ s += $2 } END { print s }' "$dir/greedy.txt")
	sec=$(median "${ts[@]}")
	kib_m=$(median "${ms[@]}")
	each=""
	for x in "${ts[@]}"; do each+="${each:+, }$(calc %.3f "$x")"; done
	rows+=$(printf '| %s | %s | %.3f | %.1f | %s | %s | %s | %+d |' "$label" "$per_tier" "$sec" \
		"$(calc %.1f "$kib_m / 1024")" "$each" "$es" "$gs" "$((es - gs))")$'\n'
	for t in 1 2 3; do
		read -r _ s c k < <(awk -v t=$t '$1 == t' "$dir/exact.txt")
		read -r _ gs_t gc gk < <(awk -v t=$t '$1 == t' "$dir/greedy.txt")
		details+="| $label | $t | $k | $s | $c | $gk | $gs_t | $gc |"$'\n'
	done
	awk -v a="$sec" -v b="$worst_sec" 'BEGIN { exit !(a > b) }' && worst_sec=$sec
	[ "$kib_m" -gt "$worst_kib" ] && worst_kib=$kib_m
done

verdict=$(awk -v s="$worst_sec" 'BEGIN { print (s < 1) ? "meets the target" : "misses the target" }')
summary_line=$(printf 'slowest median %.3f s (target < 1 s), peak RSS at most %.1f MiB' "$worst_sec" "$(calc %.1f "$worst_kib / 1024")")

# --- report ----------------------------------------------------------------------------------
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
cc_version=$("${cc:-cc}" --version 2>/dev/null | head -n 1 || echo "?")
rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo "unknown")
command="bench/plan.sh"
[ "$n" != 500 ] || [ "$ceiling" != 200000000000 ] && command+=" $n $ceiling"
[ "$runs" != 3 ] && command="RUNS=$runs $command"

section=$(
	cat <<EOF
<!-- plan:begin -->
## plan

Written by \`bench/plan.sh\`; everything between the markers is replaced on each run.

- Date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')
- Machine: $(nproc) CPUs, $(uname -m), ${cpu:-unknown CPU}, $mem RAM; $(uname -sr)
- dxtrack: \`$rev\`, Release (-O3), $cc_version
- Data: $n proposals for $year from \`bench/gen_proposals.sh $n $year\` (budgets 1 to 4.000 million đồng, scores 0..1000), twice: mixed tiers (\`TIERS="15 30"\`) and all in one tier (\`TIERS="0 0"\`, the widest table); ceiling $ceiling đồng ($(calc %.0f "int($ceiling / 1000000)") million units)
- Runs: $runs of each, on the same database; the table gives medians

| data | proposals per tier (1/2/3) | dxtrack median wall (s) | peak RSS (MiB, median) | wall of each run (s) | dxtrack total score | greedy total score | exact − greedy |
|---|---|---:|---:|---|---:|---:|---:|
${rows%$'\n'}

Per tier (money in million đồng, costs rounded up):

| data | tier | dxtrack: taken | score | money | greedy: taken | score | money |
|---|---:|---:|---:|---:|---:|---:|---:|
${details%$'\n'}

The committee's order maximises tier by tier: a tier's best set may spend more than greedy's
and leave less to the tiers below it, so the total over all tiers can come out below greedy's
(that total is not what the order asks for); in a tier that starts with the same money as
greedy's — always tier 1 — the exact set never scores less (checked by the script).

**$summary_line** — $verdict.

Timed command: \`dxtrack --db DB plan --year $year --budget-vnd $ceiling --format csv\` (opening the database, reading the proposals, the three knapsacks, the CSV), after untimed imports of \`data/sample/backan-2023/units.csv\`, the generated carried-from tasks and proposals. Greedy: awk in the same run, as described in \`bench/plan.sh\`.

Command: \`$command\`
<!-- plan:end -->
EOF
)

printf '%s\n' "$section" >"$tmp/section.md"
if [ -f "$results" ] && grep -q '^<!-- plan:begin -->$' "$results" &&
	grep -q '^<!-- plan:end -->$' "$results"; then
	awk -v sec="$tmp/section.md" '
		$0 == "<!-- plan:begin -->" { while ((getline l < sec) > 0) print l; skip = 1; next }
		$0 == "<!-- plan:end -->" { skip = 0; next }
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
printf '%s\n' "$rows"
echo "$summary_line — $verdict"
echo "results written to bench/RESULTS.md"
