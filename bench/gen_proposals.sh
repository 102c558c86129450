#!/usr/bin/env bash
# gen_proposals.sh — write N generated proposals for year YEAR (and the tasks they carry from).
#
# Usage: bench/gen_proposals.sh N YEAR DIR
#   Writes DIR/tasks.csv (the tasks of YEAR-1 that tier-2 proposals carry from, in progress)
#   and DIR/proposals.csv (the tasks header without state, plus score).
#   UNITS=path   units.csv to draw investors from (default data/sample/backan-2023/units.csv).
#   SEED=n       start value of the generator (default 20231214). Output is a pure function of
#                N, YEAR, SEED, TIERS and the agency list (Park–Miller LCG in exact double
#                arithmetic: mawk, gawk and busybox awk give the same bytes).
#   TIERS="a b"  about a % of the proposals carry a tag of the first priority (tier 1), b % are
#                carried over with other tags (tier 2), the rest neither (tier 3). Default "15 30".
#
# Budgets 1 to 4.000 million đồng, one in four not a whole million (so costs round up); scores
# 0..1000, one in twenty 0. Codes PRO-000001…, names without commas.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
tiers=${TIERS:-15 30}
if [ $# -ne 3 ] || ! [[ $1 =~ ^[0-9]+$ ]] || ! [[ $2 =~ ^20[0-9][0-9]$ ]] ||
	! [[ $tiers =~ ^[0-9]+\ [0-9]+$ ]]; then
	sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi
n=$1
year=$2
dir=$3
units=${UNITS:-$root/data/sample/backan-2023/units.csv}
seed=${SEED:-20231214}
[[ $seed =~ ^[0-9]+$ ]] || { echo "gen_proposals.sh: SEED must be a non-negative integer" >&2; exit 2; }
[ -r "$units" ] || { echo "gen_proposals.sh: cannot read $units" >&2; exit 2; }
mkdir -p "$dir" || exit 1

LC_ALL=C awk -v N="$n" -v YEAR="$year" -v SEED="$seed" -v P1="${tiers% *}" -v P2="${tiers#* }" \
	-v TASKS="$dir/tasks.csv" \
	-v PROPOSALS="$dir/proposals.csv" '
function rnd(m) { state = (state * 16807) % 2147483647; return state % m }
function load(list, arr) { return split(list, arr, "|") }
BEGIN {
	state = SEED % 2147483647; if (state == 0) state = 1
	nact = load("Xây dựng|Nâng cấp|Triển khai|Số hóa|Mở rộng|Đầu tư|Hoàn thiện", ACT)
	nobj = load("hệ thống quản lý văn bản|cổng dịch vụ công|nền tảng dữ liệu dùng chung|trung tâm điều hành thông minh|mạng truyền số liệu|hệ thống giám sát an toàn thông tin|cơ sở dữ liệu dân cư|hồ sơ sức khỏe điện tử|cơ sở dữ liệu đất đai|sàn thương mại điện tử|nền tảng nông nghiệp số|hệ thống du lịch thông minh", OBJ)
	n1 = load("citizen_service|online_public_service|admin_reform|shared_infrastructure|information_security|de_an_06", T1)
	n3 = load("sector_management|socio_economic|sector_management;socio_economic|", T3)
}
# the agencies of the units file: code,name,kind,… (names may be quoted with commas)
FNR > 1 && /,agency,/ { split($0, f, ","); AG[++nag] = f[1] }
END {
	if (nag == 0) { print "gen_proposals.sh: no agencies in the units file" > "/dev/stderr"; exit 1 }
	print "code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status,tags" > TASKS
	print "code,year,name,investor,budget_vnd,carried_from,tags,score" > PROPOSALS
	for (i = 1; i <= N; i++) {
		code = sprintf("PRO-%06d", i)
		name = ACT[1 + rnd(nact)] " " OBJ[1 + rnd(nobj)] " số " i
		inv = AG[1 + rnd(nag)]
		budget = (1 + rnd(4000)) * 1000000
		if (rnd(4) == 0) budget -= 1 + rnd(999999)
		score = rnd(20) == 0 ? 0 : rnd(1001)
		t = rnd(100); carried = ""
		if (t < P1) {
			tags = T1[1 + rnd(n1)]
			if (rnd(3) == 0) tags = tags ";" T3[1 + rnd(2)]
			if (rnd(4) == 0) carried = "OLD-" i
		} else if (t < P1 + P2) {
			tags = T3[1 + rnd(n3)]; carried = "OLD-" i
		} else {
			tags = T3[1 + rnd(n3)]
		}
		if (carried != "")
			printf "%s,%d,%s (năm trước),%s,%.0f,0,40,in_progress,%s\n", carried, YEAR - 1,
			    name, inv, budget * 2, tags > TASKS
		printf "%s,%d,%s,%s,%.0f,%s,%s,%d\n", code, YEAR, name, inv, budget, carried, tags,
		    score > PROPOSALS
	}
}' "$units"
