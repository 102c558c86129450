# DTI (issue 6): the ministry's published 2022 results, entered as main-index values, recompute
# the published DTI (issue 6, "Done when"), and the next year's readiness shows them with the
# change per main index. Every expected number is worked out by hand in the comment above it.
#
# Data: tests/data/dti_2022_published_main_indices.csv is a byte copy of
# shared/reference/dti/dti_2022_published_main_indices.csv, the top five of
# https://dti.gov.vn/xep-hang-2022 (columns: the 8 scored main indices of QĐ 922, then pdti).
# The QĐ 922 points (data/dti/QD922.csv): 1–5: 100 each, 6 (Đô thị thông minh): 0,
# 7: 200, 8: 150, 9: 150 — Σ = 1000.

# published FILE RANK [dti]: the province of that rank as a published-values file, with the DTI
# row when asked. Main-index codes of QĐ 922 in the columns' order: 1 2 3 4 5 7 8 9.
published() {
	awk -F, -v r="$2" -v dti="${3:-}" '
		NR == 1 { print "year,code,value,source"; next }
		$1 == r {
			split("1 2 3 4 5 7 8 9", code, " ")
			for (k = 1; k <= 8; k++) print "2022," code[k] "," $(k + 2) "," $12
			if (dti == "dti") print "2022,DTI," $11 "," $12
		}' "$DATA/dti_2022_published_main_indices.csv" >"$1"
}

# setup DB: units, the QĐ 922 framework, 2022 and 2023 bound to it
setup() {
	run dxtrack --db "$1" import units "$SAMPLE/units.csv"
	status 0
	run dxtrack --db "$1" dti framework import "$REPO/data/dti/QD922.csv"
	status 0
	run dxtrack --db "$1" dti use 2022 QD922
	status 0
	run dxtrack --db "$1" dti use 2023 QD922
	status 0
}

setup "$DXTRACK_DB"
# 9 main indices + 3 components of 3 + 2 of 4 = 14 items
run dxtrack dti framework import "$REPO/data/dti/QD922.csv"
status 0
out_has 'QD922.csv: 1 frameworks imported (0 new, 0 replaced, 1 unchanged; 14 items).'
# the one province of units.csv valid on 31/12/2022 is 06
run dxtrack dti use 2022 QD922
status 0
out_has '2022 is assessed under QD922 (unit assessed: 06 — Tỉnh Bắc Kạn).'

# Đà Nẵng (rank 1), without the published DTI row, one value with a decimal comma
published dn.csv 1
sed -i 's/^2022,1,1.0000,/2022,1,"1,0000",/' dn.csv
run dxtrack dti published import dn.csv
status 0
# 8 values (6, Đô thị thông minh, is not published)
out_has 'dn.csv: 8 published values recorded.'

# No 2023 value yet. The previous score is recomputed from the main indices:
#   100·1.0000 = 100      100·0.9000 =  90      100·0.8253 =  82.53   100·0.8487 = 84.87
#   100·0.7578 =  75.78   200·0.8575 = 171.5    150·0.7836 = 117.54   150·0.5197 = 77.955
#   Σ = 800.175; / 1000 = 0.800175 → 0.8002 (the published pdti is 0.8002)
run dxtrack dti readiness 2023 --format json
status 0
out_has '"previous":{"year":2022,"score":0.8002,"published":false}'
out_has '"year":2023,"framework":"QD922","province":"06","as_of":"2023-12-14",'
# nothing entered for 2023: every main index at 0, change = −previous
out_has '{"code":"1","name":"Nhận thức số","value":0.0,"points":0.0,"points_max":100.0,"points_at_risk":0.0,"previous":1.0,"change":-1.0}'

# 2023 values, by hand, each main index's value and its change from 2022:
#   1: 95 %, linear target 100                      → 0.95;  0.95 − 1.0000 = −0.05
#   2: 90 %                                         → 0.9;   0.9 − 0.9000 = 0
#   3: 3.1 80 % (target 80: 1, weight 2), 3.2 100 % (threshold 100: 1, weight 1),
#      3.3 0 (yes_no: 0, weight 1)                  → (2·1 + 1·1 + 1·0) / 4 = 0.75;
#                                                     0.75 − 0.8253 = −0.0753
#   4: 4.1 0.7 (steps 0.5=0.5;1=1: 0.5), 4.2 3 (steps 1=0.25;2=0.5;3=0.75;4=1: 0.75), no
#      weights                                      → (0.5 + 0.75) / 2 = 0.625;
#                                                     0.625 − 0.8487 = −0.2237
#   5: 80 %  → 0.8;  0.8 − 0.7578 = 0.0422          6: no value, no 2022 value → change null
#   7: 90 %  → 0.9;  0.9 − 0.8575 = 0.0425          8: 80 % → 0.8; 0.8 − 0.7836 = 0.0164
#   9: 60 %  → 0.6;  0.6 − 0.5197 = 0.0803
run dxtrack dti set 2023 1 --value 95
status 0
cat >y2023.csv <<'EOF'
code,value,unit
2,90,
3.1,80,
3.2,100,
3.3,0,
4.1,"0,7",
4.2,3,
5,80,
7,90,
8,80,
9,60,
EOF
run dxtrack dti import 2023 y2023.csv
status 0
out_has 'y2023.csv: 10 rows of 2023 imported (10 changed, 0 unchanged).'
run dxtrack dti readiness 2023 --format json
status 0
# points = Σ value × points: 95 + 90 + 75 + 62.5 + 80 + 0 + 180 + 120 + 90 = 792.5 → 0.7925;
# no evidence anywhere, every item requires it (6 does not, and scores 0): all 792.5 at risk
out_has '"score":0.7925,"points":792.5,"points_evidenced":0.0,"points_at_risk":792.5,"score_evidenced":0.0,'
out_has '{"code":"1","name":"Nhận thức số","value":0.95,"points":95.0,"points_max":100.0,"points_at_risk":95.0,"previous":1.0,"change":-0.05}'
out_has '{"code":"2","name":"Thể chế số","value":0.9,"points":90.0,"points_max":100.0,"points_at_risk":90.0,"previous":0.9,"change":0.0}'
out_has '{"code":"3","name":"Hạ tầng số","value":0.75,"points":75.0,"points_max":100.0,"points_at_risk":75.0,"previous":0.8253,"change":-0.0753}'
out_has '{"code":"4","name":"Nhân lực số","value":0.625,"points":62.5,"points_max":100.0,"points_at_risk":62.5,"previous":0.8487,"change":-0.2237}'
out_has '{"code":"5","name":"An toàn thông tin mạng","value":0.8,"points":80.0,"points_max":100.0,"points_at_risk":80.0,"previous":0.7578,"change":0.0422}'
out_has '{"code":"6","name":"Đô thị thông minh","value":0.0,"points":0.0,"points_max":0.0,"points_at_risk":0.0,"previous":null,"change":null}'
out_has '{"code":"7","name":"Hoạt động chính quyền số","value":0.9,"points":180.0,"points_max":200.0,"points_at_risk":180.0,"previous":0.8575,"change":0.0425}'
out_has '{"code":"8","name":"Hoạt động kinh tế số","value":0.8,"points":120.0,"points_max":150.0,"points_at_risk":120.0,"previous":0.7836,"change":0.0164}'
out_has '{"code":"9","name":"Hoạt động xã hội số","value":0.6,"points":90.0,"points_max":150.0,"points_at_risk":90.0,"previous":0.5197,"change":0.0803}'
# 3.3 has the value 0: it is entered, not missing; 6 has none
out_has '"missing_value":["6"],'

# with the published DTI row the previous score is the published one (the 8 main indices are
# recorded again, the same)
published dn_dti.csv 1 dti
run dxtrack dti published import dn_dti.csv
status 0
out_has 'dn_dti.csv: 9 published values recorded.'
run dxtrack dti readiness 2023 --format json
out_has '"previous":{"year":2022,"score":0.8002,"published":true}'

# The five provinces, each in its own database: the score recomputed from the main indices
# (published false) is the published pdti to within 0.0001, and with the DTI row it is the
# published value itself.
#   2 TP. Hồ Chí Minh: 89.17 + 90 + 82.58 + 62.67 + 55.80 + 200·0.8406 = 168.12
#                      + 150·0.7611 = 114.165 + 150·0.3590 = 53.85 → 716.355 → 0.7164
#                      (published 0.7163: the main indices are themselves rounded)
#   3 Quảng Ninh:      95.81 + 90 + 76.48 + 62.50 + 53.82 + 167.70 + 88.56 + 67.575
#                      = 702.445 → 0.7024 (published 0.7024)
#   4 Thừa Thiên - Huế: 95 + 90 + 68.23 + 67.94 + 64.23 + 165.24 + 101.805 + 45.015
#                      = 697.46 → 0.6975 (published 0.6975)
#   5 TP. Cần Thơ:     90 + 80 + 72.33 + 73.76 + 72.26 + 146.50 + 113.34 + 44.205
#                      = 692.395 → 0.6924 (published 0.6924)
for row in "1 0.8002 0.8002" "2 0.7164 0.7163" "3 0.7024 0.7024" "4 0.6975 0.6975" "5 0.6924 0.6924"; do
	set -- $row
	db=$(new_db "p$1")
	setup "$db"
	published "p$1.csv" "$1"
	run dxtrack --db "$db" dti published import "p$1.csv"
	status 0
	run dxtrack --db "$db" dti readiness 2023 --format json
	status 0
	out_has "\"previous\":{\"year\":2022,\"score\":$2,\"published\":false}"
	published "p$1_dti.csv" "$1" dti
	run dxtrack --db "$db" dti published import "p$1_dti.csv"
	status 0
	run dxtrack --db "$db" dti readiness 2023 --format json
	out_has "\"previous\":{\"year\":2022,\"score\":$3,\"published\":true}"
done

# Frameworks change codes between decisions, not names: 2024 (QĐ 405) is compared with 2023
# (QĐ 922) by name. Illustrative 2023 values (not real results): 922's 7 "Hoạt động chính
# quyền số" 0.8 is 405's 6; 922's 9 "Hoạt động xã hội số" 0.5 is 405's 8.
run dxtrack dti framework import "$REPO/data/dti/QD405.csv"
status 0
run dxtrack dti use 2024 QD405
status 0
printf 'year,code,value\n2023,7,0.8\n2023,9,0.5\n' >y2023_published.csv
run dxtrack dti published import y2023_published.csv
status 0
# 405's 6 has no 2024 value: 0, change 0 − 0.8 = −0.8; 405's 1 had nothing published: null
run dxtrack dti readiness 2024 --format json
status 0
out_has '{"code":"6","name":"Hoạt động chính quyền số","value":0.0,"points":0.0,"points_max":200.0,"points_at_risk":0.0,"previous":0.8,"change":-0.8}'
out_has '{"code":"8","name":"Hoạt động xã hội số","value":0.0,"points":0.0,"points_max":150.0,"points_at_risk":0.0,"previous":0.5,"change":-0.5}'
out_has '{"code":"1","name":"Nhận thức số","value":0.0,"points":0.0,"points_max":100.0,"points_at_risk":0.0,"previous":null,"change":null}'
# 2023 is not published whole and only 2 of its 8 scored main indices are: no previous score
out_has '"previous":{"year":2023,"score":null,"published":false}'

# mistakes in published values: nothing is written
cat >bad_published.csv <<'EOF'
year,code,value,source
2022,3.1,0.5,a component is not a main index
2022,ZZ,0.5,unknown
2021,1,0.5,2021 is not bound
2022,1,1.5,more than 1
2022,2,abc,not a number
EOF
run dxtrack dti published import bad_published.csv
status 3
err_has 'bad_published.csv:2: code:'
err_has 'bad_published.csv:3: code:'
err_has 'bad_published.csv:4: year:'
err_has 'bad_published.csv:5: value:'
err_has 'bad_published.csv:6: value:'
err_has 'nothing was written'
run dxtrack dti readiness 2023 --format json
out_has '"previous":{"year":2022,"score":0.8002,"published":true}'
out_has '"previous":1.0,"change":-0.05}'
