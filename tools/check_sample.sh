#!/usr/bin/env bash
# check_sample.sh — validate the sample data set (units.csv + tasks.csv) and recompute its figures.
#
# Usage: tools/check_sample.sh [--rules-only] [TASKS.csv [UNITS.csv]]
#   Defaults: data/sample/backan-2023/tasks.csv; the units.csv beside TASKS.csv, else the sample's.
#   --rules-only  check only the per-row rules, not the Bắc Kạn 2023 expected totals
#                 (use it on bench/gen_tasks.sh output).
#
# Bash + awk only (works with mawk, gawk and busybox awk). The CSV parse is real RFC 4180: fields
# may be quoted, hold commas, doubled quotes and line breaks. Byte-oriented (LC_ALL=C): UTF-8 bytes
# never collide with ',' or '"'.
#
# Prints the recomputed figures for the report year (2023) and a per-investor table, then every
# violation as FILE:LINE: message. Exit status: 0 all good, 1 violations found, 2 usage/IO error.
set -u

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "${1:-2}"; }

root=$(cd "$(dirname "$0")/.." && pwd)
rules_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--rules-only) rules_only=1; shift ;;
	-h|--help) usage 0 ;;
	--) shift; break ;;
	-*) echo "check_sample.sh: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -le 2 ] || usage
tasks=${1:-$root/data/sample/backan-2023/tasks.csv}
if [ $# -ge 2 ]; then units=$2
elif [ -r "$(dirname "$tasks")/units.csv" ]; then units=$(dirname "$tasks")/units.csv
else units=$root/data/sample/backan-2023/units.csv
fi
for f in "$tasks" "$units"; do
	[ -r "$f" ] || { echo "check_sample.sh: cannot read $f" >&2; exit 2; }
done

# Report year and the "as of" date of the committee meeting (14/12/2023, source article).
YEAR=2023
AS_OF=2023-12-14

prog=$(cat <<'AWK'
# ---------------------------------------------------------------- CSV parsing
# Splits one logical record s into f[1..n]; returns n. Sets csv_err on malformed input.
function csv_parse(s, f,    n, p, fld) {
	split("", f); n = 0; csv_err = ""
	while (1) {
		if (substr(s, 1, 1) == "\"") {
			s = substr(s, 2); fld = ""
			while (1) {
				p = index(s, "\"")
				if (p == 0) { csv_err = "unterminated quoted field"; f[++n] = fld s; return n }
				fld = fld substr(s, 1, p - 1)
				if (substr(s, p + 1, 1) == "\"") { fld = fld "\""; s = substr(s, p + 2) }
				else { s = substr(s, p + 1); break }
			}
			f[++n] = fld
			if (s == "") return n
			if (substr(s, 1, 1) != ",") { csv_err = "character after closing quote"; return n }
			s = substr(s, 2)
		} else {
			p = index(s, ",")
			fld = p ? substr(s, 1, p - 1) : s
			if (index(fld, "\"")) csv_err = "quote inside unquoted field"
			f[++n] = fld
			if (!p) return n
			s = substr(s, p + 1)
		}
	}
}
function nquotes(s) { return gsub(/"/, "\"", s) }
# Reads the rest of a record whose quoted field spans lines (odd number of quotes so far).
function read_record(    rec, more) {
	rec = $0; startline = FNR
	while (nquotes(rec) % 2 == 1) {
		if ((getline more) <= 0) break
		rec = rec "\n" more
	}
	return rec
}

# ---------------------------------------------------------------- helpers
function bad(msg) { printf "%s:%d: %s\n", FILENAME, startline, msg; nbad++ }
function is_uint(s) { return s ~ /^[0-9]+$/ }
function is_money(s) { return s ~ /^[1-9][0-9]*000000$/ }
function leap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
function valid_date(s,    y, m, d, mdays) {
	if (s !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/) return 0
	y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
	if (m < 1 || m > 12 || d < 1) return 0
	mdays = substr("312831303130313130313031", 2 * m - 1, 2) + 0
	if (m == 2 && leap(y)) mdays = 29
	return d <= mdays
}
# 67150000000 -> 67.150.000.000 (Vietnamese grouping)
function vn(x,    s, out) {
	s = sprintf("%.0f", x); out = ""
	while (length(s) > 3) { out = "." substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
	return s out
}
# Whole-line encoding checks shared by both files.
function check_bytes(rec) {
	if (FNR == 1 && substr(rec, 1, 3) == "\357\273\277") bad("UTF-8 BOM (must be plain UTF-8)")
	if (index(rec, "\r")) bad("CR in line (line ends must be LF)")
	# Vietnamese in NFC has only precomposed letters: a combining mark U+0300..U+036F means NFD.
	if (rec ~ /\314[\200-\277]|\315[\200-\257]/) bad("combining diacritic (text is not NFC)")
}

BEGIN {
	UNITS_HDR = "code,name,kind,parent_code"
	TASKS_HDR = "code,year,name,investor,category,funding,budget_vnd,disbursed_vnd,progress_pct,status,carried_from,tags,start_date,end_date,note"
	split("nation province district commune agency", a, " "); for (i in a) KIND[a[i]] = 1
	split("public_investment recurrent other", a, " "); for (i in a) FUNDING[a[i]] = 1
	split("completed in_progress stopped deferred planned", a, " "); for (i in a) STATUS[a[i]] = 1
	split("citizen_service online_public_service admin_reform shared_infrastructure information_security de_an_06 sector_management socio_economic", a, " ")
	for (i in a) TAG[a[i]] = 1
	nbad = 0; nunits = 0; ntasks = 0; file = 0
}

FNR == 1 { file++ }

# ---------------------------------------------------------------- units.csv
file == 1 {
	rec = read_record(); check_bytes(rec)
	if (rec == "") next
	n = csv_parse(rec, f)
	if (csv_err != "") { bad("malformed CSV: " csv_err); next }
	if (startline == 1) { if (rec != UNITS_HDR) bad("header must be exactly: " UNITS_HDR); next }
	if (n != 4) { bad("expected 4 fields, got " n); next }
	code = f[1]; kind = f[3]; parent = f[4]
	if (code == "") { bad("empty unit code"); next }
	if (code in UKIND) bad("duplicate unit code " code)
	if (f[2] == "") bad("unit " code ": empty name")
	if (!(kind in KIND)) bad("unit " code ": bad kind '" kind "'")
	if ((kind == "nation") != (parent == "")) bad("unit " code ": parent_code must be empty exactly for the nation")
	UKIND[code] = kind; UPARENT[code] = parent; ULINE[code] = startline; nunits++
	next
}

# ---------------------------------------------------------------- tasks.csv
file == 2 {
	rec = read_record(); check_bytes(rec)
	if (rec == "") next
	n = csv_parse(rec, f)
	if (csv_err != "") { bad("malformed CSV: " csv_err); next }
	if (startline == 1) { if (rec != TASKS_HDR) bad("header must be exactly: " TASKS_HDR); next }
	if (n != 15) { bad("expected 15 fields, got " n); next }
	code = f[1]; year = f[2]; inv = f[4]; fund = f[6]; bud = f[7]; dis = f[8]
	prog = f[9]; st = f[10]; carried = f[11]; tags = f[12]; sd = f[13]; ed = f[14]
	id = "task " code " (" year ")"
	if (code == "") bad("empty task code")
	if (year !~ /^(19|20)[0-9][0-9]$/) { bad(id ": bad year '" year "'"); next }
	if ((year SUBSEP code) in TLINE) bad(id ": code not unique within year (also line " TLINE[year, code] ")")
	TLINE[year, code] = startline
	if (f[3] == "") bad(id ": empty name")
	if (inv == "" || !(inv in UKIND)) bad(id ": investor '" inv "' is not a code in units.csv")
	else if (UKIND[inv] == "nation" || UKIND[inv] == "province") bad(id ": investor must be an agency or a local unit, not " UKIND[inv] " " inv)
	if (f[5] == "") bad(id ": empty category")
	if (!(fund in FUNDING)) bad(id ": bad funding '" fund "'")
	money_ok = 1
	if (!is_money(bud)) { bad(id ": budget_vnd '" bud "' is not a positive whole number of millions"); money_ok = 0 }
	if (dis != "0" && !is_money(dis)) { bad(id ": disbursed_vnd '" dis "' is not 0 or a whole number of millions"); money_ok = 0 }
	if (money_ok && dis + 0 > bud + 0) bad(id ": disbursed " dis " > budget " bud)
	prog_ok = is_uint(prog) && prog + 0 <= 100
	if (!prog_ok) bad(id ": progress_pct '" prog "' is not an integer 0..100")
	if (!(st in STATUS)) bad(id ": bad status '" st "'")
	else if (prog_ok) {
		p = prog + 0
		if (st == "completed" && p != 100) bad(id ": completed but progress " p " (must be 100)")
		if (st == "in_progress" && (p < 10 || p > 95)) bad(id ": in_progress with progress " p " (must be 10..95)")
		if ((st == "stopped" || st == "deferred") && p > 20) bad(id ": " st " with progress " p " (must be <= 20)")
		if ((st == "stopped" || st == "deferred") && money_ok && dis * 4 > bud + 0) bad(id ": " st " but disbursed more than 25% of budget")
		if (st == "planned" && (p != 0 || dis != "0")) bad(id ": planned must have progress 0 and disbursed 0")
	}
	if (tags == "") bad(id ": no tags")
	else {
		nt = split(tags, tg, ";"); split("", seen)
		for (i = 1; i <= nt; i++) {
			if (!(tg[i] in TAG)) bad(id ": unknown tag '" tg[i] "'")
			else if (tg[i] in seen) bad(id ": duplicate tag '" tg[i] "'")
			seen[tg[i]] = 1
		}
	}
	if (!valid_date(sd)) bad(id ": bad start_date '" sd "'")
	else if (substr(sd, 1, 4) != year) bad(id ": start_date " sd " outside year " year)
	if (!valid_date(ed)) bad(id ": bad end_date '" ed "'")
	else if (substr(ed, 1, 4) != year) bad(id ": end_date " ed " outside year " year)
	if (valid_date(sd) && valid_date(ed) && ed < sd) bad(id ": end_date " ed " before start_date " sd)

	ntasks++
	if (carried != "") { CARR[ntasks] = carried; CYEAR[ntasks] = year; CID[ntasks] = id; CLINE[ntasks] = startline }
	if (!(year in YEARS)) YEARS[year] = 1
	CODES_IN_YEAR[code, year] = 1
	if (year == Y) {
		yn++; ybud += bud; ydis += dis; ystat[st]++
		if (carried != "") ycarried++
		if (st == "in_progress" && ed < ASOF) { ylag++; lagl = lagl sprintf("    %-10s end %s progress %3d%%\n", code, ed, prog) }
		if (!(inv in ibn)) { ninv++; invs[ninv] = inv }
		ibn[inv]++; ibb[inv] += bud; ibd[inv] += dis; if (st == "completed") ibc[inv]++
		if (UKIND[inv] == "district") ydistrict++
	} else if (year + 0 < Y + 0) {
		prev_n++
		if (st != "completed" && st != "deferred") prev_bad = prev_bad " " code
	}
	next
}

END {
	if (file < 2) { print "check_sample: missing input" > "/dev/stderr"; exit 2 }
	# units: the parent exists and has the right kind (commune < district < province < nation;
	# an agency belongs to a province or a district)
	PKIND["province"] = "nation"; PKIND["district"] = "province"; PKIND["commune"] = "district"
	for (c in UPARENT) {
		p = UPARENT[c]; k = UKIND[c]
		if (p == "") continue
		if (!(p in UKIND)) { printf "%s:%d: unit %s: parent_code %s not in units.csv\n", UFILE, ULINE[c], c, p; nbad++; continue }
		want = (k == "agency") ? (UKIND[p] == "province" || UKIND[p] == "district") : (k in PKIND && UKIND[p] == PKIND[k])
		if (!want) { printf "%s:%d: unit %s (%s): parent %s is a %s\n", UFILE, ULINE[c], c, k, p, UKIND[p]; nbad++ }
	}
	# carried_from must name a task of an EARLIER year
	for (i = 1; i <= ntasks; i++) {
		if (!(i in CARR)) continue
		ok = 0
		for (y in YEARS) if (y + 0 < CYEAR[i] + 0 && ((CARR[i] SUBSEP y) in CODES_IN_YEAR)) ok = 1
		if (!ok) { printf "%s:%d: %s: carried_from %s is not a task of an earlier year\n", TFILE, CLINE[i], CID[i], CARR[i]; nbad++ }
	}

	printf "units: %d rows; tasks: %d rows\n", nunits, ntasks
	printf "year %s:\n", Y
	printf "  tasks            %d\n", yn
	printf "  budget_vnd       %.0f  (%s đồng)\n", ybud, vn(ybud)
	printf "  disbursed_vnd    %.0f  (%s đồng)\n", ydis, vn(ydis)
	printf "  disbursed/budget %.2f%%\n", ybud ? 100 * ydis / ybud : 0
	printf "  status           completed %d, in_progress %d, stopped %d, deferred %d, planned %d\n", \
		ystat["completed"], ystat["in_progress"], ystat["stopped"], ystat["deferred"], ystat["planned"]
	printf "  carried_from set %d; investor is a district %d; earlier-year tasks %d\n", ycarried, ydistrict, prev_n
	printf "  lagging (in_progress, end_date < %s) %d\n%s", ASOF, ylag, lagl
	# per-investor table, sorted by code (insertion sort: awk has no portable sort)
	for (i = 2; i <= ninv; i++) { v = invs[i]; for (j = i - 1; j >= 1 && invs[j] > v; j--) invs[j + 1] = invs[j]; invs[j + 1] = v }
	printf "  per investor:\n  %-8s %5s %15s %15s %9s\n", "investor", "tasks", "budget_vnd", "disbursed_vnd", "completed"
	for (i = 1; i <= ninv; i++) { v = invs[i]; printf "  %-8s %5d %15.0f %15.0f %9d\n", v, ibn[v], ibb[v], ibd[v], ibc[v] }

	if (!RULES_ONLY) {
		# Expected values: the source gives 42 tasks, "hơn 67 tỷ", 21 / 4 / 17, "khoảng 36/67 tỷ", "khoảng 53%";
		# the exact totals and the 2 stopped + 2 deferred split are the sample's own (see data README).
		exp_n = 42; exp_b = 67150000000; exp_d = 35600000000
		if (yn != exp_n) { printf "expected %d tasks in %s, got %d\n", exp_n, Y, yn; nbad++ }
		if (ybud != exp_b) { printf "expected budget %.0f, got %.0f\n", exp_b, ybud; nbad++ }
		if (ydis != exp_d) { printf "expected disbursed %.0f, got %.0f\n", exp_d, ydis; nbad++ }
		if (ystat["completed"] != 21 || ystat["in_progress"] != 17 || ystat["stopped"] != 2 || ystat["deferred"] != 2 || ystat["planned"] != 0) {
			print "expected status counts completed 21, in_progress 17, stopped 2, deferred 2, planned 0"; nbad++
		}
		if (ybud <= 67000000000 || ybud >= 68000000000) { print "budget does not read as \"hơn 67 tỷ đồng\""; nbad++ }
		r = ydis / 1e9; if (r < 35.5 || r >= 36.5) { print "disbursed does not round to \"khoảng 36 tỷ đồng\""; nbad++ }
		r = ybud ? 100 * ydis / ybud : 0; if (r < 52 || r > 54) { print "disbursement rate not within 1 point of \"khoảng 53%\""; nbad++ }
		if (ycarried != 4) { printf "expected 4 tasks with carried_from in %s, got %d\n", Y, ycarried; nbad++ }
		if (prev_n != 4) { printf "expected 4 tasks of earlier years, got %d\n", prev_n; nbad++ }
		if (prev_bad != "") { print "earlier-year tasks must be completed or deferred:" prev_bad; nbad++ }
		if (ylag < 3) { printf "expected at least 3 lagging in_progress tasks, got %d\n", ylag; nbad++ }
		if (ydistrict < 3 || ydistrict > 4) { printf "expected 3-4 tasks with a district investor, got %d\n", ydistrict; nbad++ }
	}
	if (nbad) { printf "FAIL: %d violation(s)\n", nbad; exit 1 }
	print "OK"
}
AWK
)

LC_ALL=C exec awk -v Y="$YEAR" -v ASOF="$AS_OF" -v RULES_ONLY="$rules_only" \
	-v UFILE="$units" -v TFILE="$tasks" "$prog" "$units" "$tasks"
