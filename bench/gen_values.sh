#!/usr/bin/env bash
# gen_values.sh — write a generated administrative tree, 50 indicators and about N monthly values
# for benchmarks and load tests.
#
# Usage: bench/gen_values.sh N OUTDIR
#   writes OUTDIR/units.csv, OUTDIR/indicators.csv, OUTDIR/values.csv
#   SEED=n   start value of the generator (default 20231214); output is a pure function of N and
#            SEED (a Park–Miller LCG in exact double arithmetic, so mawk, gawk and busybox awk
#            give the same bytes).
#
# The tree: a nation, provinces of 10 districts, districts of 10 communes, as many communes as
# N / (50 indicators × 60 months) rounded up (N = 10,000,000 gives 3,334 communes: the issue's
# "about 3,300 communes × 50 indicators × 60 months"). Indicators: 50 reported by communes
# (IND01–IND50: 12 sum, 12 last, 10 share, 8 mean, 4 min, 4 max) and 4 ratios over them
# (RAT1–RAT4, each 100 × a sum or last over a last). Values: every commune, every indicator,
# every month of 2021–2025, in the order a monthly reporting cycle produces them (month, then
# commune, then indicator) — not the database's key order; shares 0 or 1, the others numbers
# with up to one decimal, 1 in 50 written as a quoted decimal comma ("12,5"); the source is
# empty or a short name.
set -u

if [ $# -ne 2 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
	sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi
n=$1
out=$2
seed=${SEED:-20231214}
[[ $seed =~ ^[0-9]+$ ]] || { echo "gen_values.sh: SEED must be a non-negative integer" >&2; exit 2; }
mkdir -p "$out" || exit 1

LC_ALL=C exec awk -v N="$n" -v SEED="$seed" -v DIR="$out" '
function rnd(m) { state = (state * 16807) % 2147483647; return state % m }
BEGIN {
	state = SEED % 2147483647; if (state == 0) state = 1
	NI = 50; NM = 60
	communes = int((N + NI * NM - 1) / (NI * NM))
	districts = int((communes + 9) / 10)
	provinces = int((districts + 9) / 10)

	units = DIR "/units.csv"
	print "code,name,kind,parent_code" > units
	print "VN,Việt Nam,nation," > units
	for (p = 1; p <= provinces; p++)
		printf "P%02d,Tỉnh %d,province,VN\n", p, p > units
	for (d = 1; d <= districts; d++)
		printf "D%04d,Huyện %d,district,P%02d\n", d, d, int((d - 1) / 10) + 1 > units
	for (c = 1; c <= communes; c++)
		printf "C%05d,Xã %d,commune,D%04d\n", c, c, int((c - 1) / 10) + 1 > units
	close(units)

	inds = DIR "/indicators.csv"
	print "code,name,measure,aggregation,numerator,denominator,multiplier,direction,decimals" > inds
	for (i = 1; i <= NI; i++) {
		agg[i] = i <= 12 ? "sum" : i <= 24 ? "last" : i <= 34 ? "share" : i <= 42 ? "mean" : i <= 46 ? "min" : "max"
		printf "IND%02d,Chỉ số %d,%s,%s,,,,%s,%d\n", i, i, (agg[i] == "share" ? "%" : "đơn vị"), agg[i], (i % 7 == 0 ? "down" : "up"), (agg[i] == "share" || agg[i] == "mean") ? 1 : 0 > inds
	}
	printf "RAT1,Tỷ lệ 1,%%,ratio,IND01,IND13,100,up,1\n" > inds
	printf "RAT2,Tỷ lệ 2,%%,ratio,IND02,IND14,100,up,1\n" > inds
	printf "RAT3,Mật độ 3,máy/100 dân,ratio,IND13,IND15,100,up,1\n" > inds
	printf "RAT4,Tỷ lệ 4,%%,ratio,IND16,IND17,100,up,2\n" > inds
	close(inds)

	split("VNPT|Viettel|MobiFone|Sở TT&TT|UBND xã", SRC, "|")
	vals = DIR "/values.csv"
	print "indicator,unit,period,value,source" > vals
	for (m = 0; m < NM; m++) {
		period = sprintf("%d-%02d", 2021 + int(m / 12), m % 12 + 1)
		for (c = 1; c <= communes; c++) {
			unit = sprintf("C%05d", c)
			for (i = 1; i <= NI; i++) {
				a = agg[i]
				if (a == "share") v = rnd(10) < 8 ? 1 : 0
				else if (a == "last") v = (1000 + rnd(9000)) "." rnd(10)
				else v = rnd(500) "." rnd(10)
				if (a != "share" && rnd(50) == 0) { sub(/\./, ",", v); v = "\"" v "\"" }
				s = rnd(4) == 0 ? SRC[1 + rnd(5)] : ""
				printf "IND%02d,%s,%s,%s,%s\n", i, unit, period, v, s > vals
			}
		}
	}
	close(vals)
}'
