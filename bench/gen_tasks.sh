#!/usr/bin/env bash
# gen_tasks.sh — write N generated, valid DX tasks for benchmarks and load tests.
#
# Usage: bench/gen_tasks.sh N OUT.csv      (OUT.csv may be - for stdout)
#   UNITS=path   units.csv to draw investors from (default data/sample/backan-2023/units.csv);
#                every investor is one of its kind=agency codes.
#   SEED=n       start value of the generator (default 20231214). Output is a pure function of
#                N, SEED and the agency list: the generator is a Park–Miller LCG computed in
#                exact double arithmetic, so mawk, gawk and busybox awk give the same bytes.
#
# Rows use the tasks.csv header of the sample; years 2021–2025 in turn; codes GEN-000001…
# (unique overall, hence per year); names built from Vietnamese word lists; budgets whole millions
# of đồng, disbursed <= budget; status consistent with progress (completed => 100, in_progress
# 10..95, stopped/deferred <= 20 with <= 20% disbursed, planned 0/0); tags from the fixed
# vocabulary; some quoted names and notes holding commas; carried_from always empty.
# Every row passes tools/check_sample.sh --rules-only OUT.csv UNITS.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -ne 2 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
	sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi
n=$1
out=$2
units=${UNITS:-$root/data/sample/backan-2023/units.csv}
seed=${SEED:-20231214}
[[ $seed =~ ^[0-9]+$ ]] || { echo "gen_tasks.sh: SEED must be a non-negative integer" >&2; exit 2; }
[ -r "$units" ] || { echo "gen_tasks.sh: cannot read $units" >&2; exit 2; }
[ "$out" = - ] && out=/dev/stdout

prog=$(cat <<'AWK'
function csv_parse(s, f,    n, p, fld) {
	split("", f); n = 0
	while (1) {
		if (substr(s, 1, 1) == "\"") {
			s = substr(s, 2); fld = ""
			while (1) {
				p = index(s, "\"")
				if (p == 0) { f[++n] = fld s; return n }
				fld = fld substr(s, 1, p - 1)
				if (substr(s, p + 1, 1) == "\"") { fld = fld "\""; s = substr(s, p + 2) }
				else { s = substr(s, p + 1); break }
			}
			f[++n] = fld
			if (substr(s, 1, 1) != ",") return n
			s = substr(s, 2)
		} else {
			p = index(s, ",")
			f[++n] = p ? substr(s, 1, p - 1) : s
			if (!p) return n
			s = substr(s, p + 1)
		}
	}
}
# Park–Miller minimal standard generator: products stay below 2^53, so exact in any awk.
function rnd(m) { state = (state * 16807) % 2147483647; return state % m }
function q(s) { if (index(s, ",") || index(s, "\"")) { gsub(/"/, "\"\"", s); return "\"" s "\"" } return s }
function two(x) { return (x < 10 ? "0" : "") x }
function load(list, arr,    k) { k = split(list, arr, "|"); return k }

BEGIN {
	state = SEED % 2147483647; if (state == 0) state = 1
	nact = load("Xây dựng|Nâng cấp|Triển khai|Duy trì, vận hành|Số hóa|Mở rộng|Thuê dịch vụ|Đầu tư|Hoàn thiện|Chuẩn hóa, kết nối", ACT)
	# object | category | base tags
	nobj = 0
	OBJ[++nobj] = "hệ thống quản lý văn bản và điều hành";      OCAT[nobj] = "Chính quyền số";   OTAG[nobj] = "admin_reform"
	OBJ[++nobj] = "cổng dịch vụ công trực tuyến";               OCAT[nobj] = "Chính quyền số";   OTAG[nobj] = "online_public_service;citizen_service"
	OBJ[++nobj] = "nền tảng tích hợp, chia sẻ dữ liệu (LGSP)"; OCAT[nobj] = "Chính quyền số";   OTAG[nobj] = "shared_infrastructure"
	OBJ[++nobj] = "Trung tâm Điều hành thông minh (IOC)";       OCAT[nobj] = "Hạ tầng số";       OTAG[nobj] = "shared_infrastructure;sector_management"
	OBJ[++nobj] = "mạng truyền số liệu chuyên dùng";            OCAT[nobj] = "Hạ tầng số";       OTAG[nobj] = "shared_infrastructure"
	OBJ[++nobj] = "hệ thống giám sát an toàn thông tin (SOC)";  OCAT[nobj] = "An toàn thông tin"; OTAG[nobj] = "information_security"
	OBJ[++nobj] = "cơ sở dữ liệu dân cư phục vụ Đề án 06";      OCAT[nobj] = "Dữ liệu số";       OTAG[nobj] = "de_an_06;citizen_service"
	OBJ[++nobj] = "hồ sơ sức khỏe điện tử";                     OCAT[nobj] = "Xã hội số";        OTAG[nobj] = "citizen_service"
	OBJ[++nobj] = "bệnh án điện tử";                            OCAT[nobj] = "Xã hội số";        OTAG[nobj] = "citizen_service;sector_management"
	OBJ[++nobj] = "cơ sở dữ liệu đất đai";                      OCAT[nobj] = "Dữ liệu số";       OTAG[nobj] = "sector_management"
	OBJ[++nobj] = "phần mềm quản lý trường học";                OCAT[nobj] = "Xã hội số";        OTAG[nobj] = "sector_management"
	OBJ[++nobj] = "sàn thương mại điện tử sản phẩm OCOP";       OCAT[nobj] = "Kinh tế số";       OTAG[nobj] = "socio_economic"
	OBJ[++nobj] = "hệ thống du lịch thông minh";                OCAT[nobj] = "Kinh tế số";       OTAG[nobj] = "socio_economic"
	OBJ[++nobj] = "nền tảng nông nghiệp số";                    OCAT[nobj] = "Kinh tế số";       OTAG[nobj] = "socio_economic;sector_management"
	OBJ[++nobj] = "hệ thống chữ ký số chuyên dùng";             OCAT[nobj] = "Chính quyền số";   OTAG[nobj] = "online_public_service;admin_reform"
	OBJ[++nobj] = "kho dữ liệu dùng chung của tỉnh";            OCAT[nobj] = "Dữ liệu số";       OTAG[nobj] = "shared_infrastructure;sector_management"
	OBJ[++nobj] = "hệ thống hội nghị truyền hình trực tuyến";   OCAT[nobj] = "Hạ tầng số";       OTAG[nobj] = "shared_infrastructure;admin_reform"
	OBJ[++nobj] = "Tổ công nghệ số cộng đồng";                  OCAT[nobj] = "Xã hội số";        OTAG[nobj] = "citizen_service;socio_economic"
	nscope = load("cấp tỉnh|đến cấp xã|tại các sở, ban, ngành|giai đoạn 1|giai đoạn 2|trên địa bàn tỉnh|tại Trung tâm Phục vụ hành chính công|cho cán bộ, công chức|", SCOPE)
	ntagv = load("citizen_service|online_public_service|admin_reform|shared_infrastructure|information_security|de_an_06|sector_management|socio_economic", TAGV)
	# notes per status; some hold commas so the CSV writer has to quote them
	NN["completed"]   = load("Đã nghiệm thu, bàn giao đưa vào sử dụng|Kết nối với Trung tâm Điều hành thông minh|Theo Kế hoạch số 278/KH-UBND", NC)
	NN["in_progress"] = load("Chậm tiến độ, đang điều chỉnh dự toán|Dự án chuyển tiếp, hoàn thành năm sau|Đang lựa chọn nhà thầu", NI)
	NN["stopped"]     = load("Dừng thực hiện, trùng lặp với dự án khác|Không còn phù hợp", NS)
	NN["deferred"]    = load("Chưa bố trí được vốn, đề xuất chuyển sang năm sau|Vướng thủ tục thẩm định", ND)
	NN["planned"]     = load("Đang lập đề cương, dự toán|Chờ phê duyệt chủ trương", NP)
	# status weights per year offset (2021..2025), cumulative out of 100:
	# completed, in_progress, stopped, deferred, planned
	split("completed in_progress stopped deferred planned", ST, " ")
	W[0] = "70 70 80 100 100"; W[1] = "65 75 85 100 100"; W[2] = "50 90 95 100 100"
	W[3] = "35 85 90 95 100";  W[4] = "15 65 68 70 100"
	for (y = 0; y < 5; y++) { split(W[y], w, " "); for (k = 1; k <= 5; k++) CUM[y, k] = w[k] + 0 }
}

FNR == 1 { next }
{
	rec = $0
	while (gsub(/"/, "\"", rec) % 2 == 1 && (getline more) > 0) { $0 = $0 "\n" more; rec = $0 }
	if (csv_parse($0, f) >= 3 && f[3] == "agency") AG[++nag] = f[1]
}

END {
	if (nag == 0) { print "gen_tasks.sh: no kind=agency rows in units file" > "/dev/stderr"; exit 1 }
	print "code,year,name,investor,category,funding,budget_vnd,disbursed_vnd,progress_pct,status,carried_from,tags,start_date,end_date,note" > OUT
	for (i = 1; i <= N; i++) {
		yo = (i - 1) % 5; year = 2021 + yo
		o = 1 + rnd(nobj)
		sc = SCOPE[1 + rnd(nscope)]
		name = ACT[1 + rnd(nact)] " " OBJ[o] (sc == "" ? "" : " " sc)
		if (rnd(4) == 0) name = name " năm " year

		r = rnd(100); for (k = 1; k < 5 && r >= CUM[yo, k]; k++) ; st = ST[k]

		t = rnd(10)                                   # budget in millions of đồng
		if (t < 6) bm = 100 + rnd(1400); else if (t < 9) bm = 1500 + rnd(3500); else bm = 5000 + rnd(15000)
		if (bm >= 5000) fund = "public_investment"
		else { t = rnd(10); fund = t < 8 ? "recurrent" : (t < 9 ? "other" : "public_investment") }

		if (st == "completed")        { pg = 100;          dm = bm - rnd(int(bm / 20) + 1) }
		else if (st == "in_progress") { pg = 10 + rnd(86); dm = int(bm * pg / 100 * (50 + rnd(51)) / 100) }
		else if (st == "planned")     { pg = 0;            dm = 0 }
		else                          { pg = rnd(21);      dm = rnd(3) ? 0 : int(bm * rnd(21) / 100) }

		tags = OTAG[o]
		if (rnd(3) == 0) { tv = TAGV[1 + rnd(ntagv)]; if (index(";" tags ";", ";" tv ";") == 0) tags = tags ";" tv }

		sm = 1 + rnd(10); sd = 1 + rnd(28)
		em = sm + rnd(13 - sm); ed = 1 + rnd(28); if (em == sm && ed < sd) ed = sd

		note = ""
		if (rnd(10) < 4) {
			k = 1 + rnd(NN[st])
			note = st == "completed" ? NC[k] : st == "in_progress" ? NI[k] : st == "stopped" ? NS[k] : st == "deferred" ? ND[k] : NP[k]
		}

		printf "GEN-%06d,%d,%s,%s,%s,%s,%d000000,%s,%d,%s,,%s,%d-%s-%s,%d-%s-%s,%s\n", \
			i, year, q(name), AG[1 + rnd(nag)], OCAT[o], fund, bm, (dm > 0 ? dm "000000" : "0"), pg, st, \
			tags, year, two(sm), two(sd), year, two(em), two(ed), q(note) > OUT
	}
}
AWK
)

LC_ALL=C exec awk -v N="$n" -v SEED="$seed" -v OUT="$out" "$prog" "$units"
