# Indicators: definitions, values and targets imported all or nothing, and `indicator value`
# rolled up a small hand-made tree, with every expected number worked out here by hand.
#
# The tree (2023):  VN > T1 > H1 > X1, X2, X3
#                        T1 > H2 > X4, X5
#                        T1 > S1 (an agency)
#                   VN > T2 > H3 > X6
cat >units.csv <<'EOF'
code,name,kind,parent_code
VN,Việt Nam,nation,
T1,Tỉnh Một,province,VN
T2,Tỉnh Hai,province,VN
H1,Huyện Một,district,T1
H2,Huyện Hai,district,T1
H3,Huyện Ba,district,T2
X1,Xã Một,commune,H1
X2,Xã Hai,commune,H1
X3,Xã Ba,commune,H1
X4,Xã Bốn,commune,H2
X5,Xã Năm,commune,H2
X6,Xã Sáu,commune,H3
S1,Sở Y tế,agency,T1
EOF
run dxtrack import units units.csv
status 0

cat >indicators.csv <<'EOF'
code,name,measure,aggregation,numerator,denominator,multiplier,direction,decimals
PHU,Xã được phủ sóng 4G,%,share,,,,up,0
TB,Thuê bao điện thoại,thuê bao,last,,,,up,0
DS,Dân số,người,last,,,,up,0
MD,Mật độ điện thoại,máy/100 dân,ratio,TB,DS,100,up,1
TV,Thành viên tổ công nghệ số cộng đồng,người,sum,,,,up,0
CQ,Cơ quan có cáp quang chuyên dùng,%,share,,,,up,0
EOF
run dxtrack import indicators indicators.csv
status 0
out_has 'indicators.csv: 6 indicators imported (6 new, 0 updated, 0 unchanged).'

# definitions with mistakes: all reported, nothing written
cat >bad_indicators.csv <<'EOF'
code,name,measure,aggregation,numerator,denominator,multiplier,direction,decimals
R1,Tỷ lệ,%,ratio,,DS,100,up,1
R2,Tỷ lệ hai,%,ratio,NOPE,MD,100,up,1
S9,Tổng,người,sum,TB,,,up,0
S8,Tổng,người,average,,,,sideways,9
TV,Thành viên,người,mean,,,,up,0
S7,Bội,người,sum,,,0,up,0
EOF
run dxtrack import indicators bad_indicators.csv
status 3
err_has 'bad_indicators.csv:2: numerator: a ratio needs the code of its numerator (another indicator)'
err_has 'bad_indicators.csv:3: numerator: unknown indicator "NOPE"'
err_has 'bad_indicators.csv:3: denominator: MD is a ratio itself'
err_has 'bad_indicators.csv:4: numerator: only a ratio has a numerator; S9 is a sum'
err_has 'bad_indicators.csv:5: aggregation: unknown aggregation "average"'
err_has 'bad_indicators.csv:5: direction: unknown direction "sideways"'
err_has 'bad_indicators.csv:5: decimals: decimals must be a whole number from 0 to 6, got "9"'
err_has 'bad_indicators.csv:7: multiplier: the multiplier must be a number above 0'
err_has 'dxtrack: 8 problems; nothing was written'
run dxtrack indicators
status 0
out_lacks 'R1'
out_has 'ratio 100 × TB / DS'

# Values. PHU (share, latest 0/1 state): X1 1, X2 1, X3 0 in June then 1 in December → 1,
# X4 0, X5 nothing, X6 1.
# TB (last) and DS (last): X1 TB 800 in June, 905 in December → 905, DS 1000 for the year;
# X2 TB "90,5" for Q4 (a quoted decimal comma), DS 100; X3 TB 50 but no population.
# TV (sum): X1 10 a month, Jan–Dec → 120; X2 by quarter 100, 200, 300, 400 → 1000;
# X3 5 for the year; X4 Jan–Nov only (December missing) → no yearly sum.
# CQ (share, reported by agencies): S1 1.
{
	echo 'indicator,unit,period,value,source'
	echo 'PHU,X1,2023,1,VNPT'
	echo 'PHU,X2,2023,1,VNPT'
	echo 'PHU,X3,2023-06,0,VNPT'
	echo 'PHU,X3,2023-12,1,VNPT'
	echo 'PHU,X4,2023,0,VNPT'
	echo 'PHU,X6,2023,1,VNPT'
	echo 'TB,X1,2023-06,800,'
	echo 'TB,X1,2023-12,905,'
	echo 'DS,X1,2023,1000,Cục Thống kê'
	echo 'TB,X2,2023Q4,"90,5",'
	echo 'DS,X2,2023,100,Cục Thống kê'
	echo 'TB,X3,2023,50,'
	for m in 01 02 03 04 05 06 07 08 09 10 11 12; do echo "TV,X1,2023-$m,10,"; done
	for q in 1 2 3 4; do echo "TV,X2,2023Q$q,${q}00,"; done
	echo 'TV,X3,2023,5,'
	for m in 01 02 03 04 05 06 07 08 09 10 11; do echo "TV,X4,2023-$m,7,"; done
	echo 'CQ,S1,2023,1,'
} >values.csv
run dxtrack import values values.csv
status 0
out_has 'values.csv: 41 values imported (41 new, 0 replaced, 0 unchanged).'  # 6 PHU + 6 TB, DS + 28 TV + 1 CQ

# Targets: the nation wants 95 phones per 100 for 2023, T1 92 for its fourth quarter; every
# commune should have 4G (100 for the nation).
cat >targets.csv <<'EOF'
indicator,unit,period,target
MD,VN,2023,95
MD,T1,2023Q4,92
PHU,VN,2023,100
EOF
run dxtrack import targets targets.csv
status 0
out_has 'targets.csv: 3 targets imported (3 new, 0 replaced, 0 unchanged).'

# MD for T1 in 2023: X1 905/1000 and X2 90.5/100 report both; X3 has no population; X4, X5
# nothing → 100 × (905 + 90.5) / (1000 + 100) = 100 × 995.5 / 1100 = 90.5, 2 of 5 communes.
# Target: T1 sets only Q4, which does not cover the year → the nation's 95.
run dxtrack indicator value MD --unit T1 --period 2023
status 0
out_is <<'EOF'
{"indicator":"MD","unit":"T1","period":"2023","value":90.5,"target":95.0,"reporting_units":2,"expected_units":5}
EOF
# the same in Vietnamese
run dxtrack indicator value MD --unit T1 --period 2023 --format text
status 0
out_is <<'EOF'
Mật độ điện thoại — Tỉnh Một, năm 2023: 90,5 máy/100 dân (chỉ tiêu 95 máy/100 dân); 2/5 đơn vị đã báo cáo, thiếu 3.
EOF
# H1 in Q4: X1's latest TB of Q4 is December's 905 and X2's is 90.5, but both populations are
# given for the year: a yearly value is not carried down to its quarters, so no commune of H1
# has both for Q4 → null, 0 of 3. Target: H1 sets none; T1's Q4 92 applies.
run dxtrack indicator value MD --unit H1 --period 2023Q4
status 0
out_is <<'EOF'
{"indicator":"MD","unit":"H1","period":"2023Q4","value":null,"target":92.0,"reporting_units":0,"expected_units":3}
EOF
# …while TB alone (last) has a Q4 figure: 905 + 90.5 = 995.5 → 996 at no decimals, 2 of 3
run dxtrack indicator value TB --unit H1 --period 2023Q4
status 0
out_has '"value":996,"target":null,"reporting_units":2,"expected_units":3}'
# PHU for T1: X1 1, X2 1, X3 1 (December), X4 0 report; X5 does not → 100 × 3 / 4 = 75.
run dxtrack indicator value PHU --unit T1 --period 2023
status 0
out_is <<'EOF'
{"indicator":"PHU","unit":"T1","period":"2023","value":75,"target":100,"reporting_units":4,"expected_units":5}
EOF
# PHU for the nation: X6 1 as well → 100 × 4 / 5 = 80, 5 of 6 communes (the agency S1 is not
# expected for a commune indicator).
run dxtrack indicator value PHU --unit VN --period 2023
status 0
out_has '"value":80,"target":100,"reporting_units":5,"expected_units":6}'
# TV for T1: 120 + 1000 + 5 = 1125 from X1, X2, X3; X4 misses December, X5 sent nothing:
# 3 of 5, and X4's eleven months are not taken as a year.
run dxtrack indicator value TV --unit T1 --period 2023 --format text
status 0
out_is <<'EOF'
Thành viên tổ công nghệ số cộng đồng — Tỉnh Một, năm 2023: 1.125 người; 3/5 đơn vị đã báo cáo, thiếu 2.
EOF
# but X4's first quarter is complete: 7 + 7 + 7 = 21 (H2: X4 reports, X5 not)
run dxtrack indicator value TV --unit H2 --period 2023Q1
status 0
out_is <<'EOF'
{"indicator":"TV","unit":"H2","period":"2023Q1","value":21,"target":null,"reporting_units":1,"expected_units":2}
EOF
# T2 has no value of TV at all: null, not 0
run dxtrack indicator value TV --unit T2 --period 2023
status 0
out_is <<'EOF'
{"indicator":"TV","unit":"T2","period":"2023","value":null,"target":null,"reporting_units":0,"expected_units":1}
EOF
# an agency indicator counts the agencies: S1 reported 1 → 100, 1 of 1
run dxtrack indicator value CQ --unit T1 --period 2023
status 0
out_is <<'EOF'
{"indicator":"CQ","unit":"T1","period":"2023","value":100,"target":null,"reporting_units":1,"expected_units":1}
EOF
# the roll-up to every province, as CSV
run dxtrack indicator rollup --period 2023 --level province
status 0
out_has 'MD,T1,2023,90.5,95.0,2,5'
out_has 'MD,T2,2023,,95.0,0,1'
out_has 'TV,T1,2023,1125,,3,5'
run dxtrack indicator value NOPE --unit T1 --period 2023
status 1
err_has 'no indicator "NOPE"'
run dxtrack indicator value MD --unit T1 --period 2023Q5
status 2

# Values with mistakes: every one listed with its place, nothing written.
{
	echo 'indicator,unit,period,value,source'
	echo 'PHU,X5,2023,2,'
	echo 'NOPE,X5,2023,1,'
	echo 'MD,X5,2023,90,'
	echo 'TV,XX,2023,1,'
	echo 'TV,X5,2023-13,1,'
	echo 'TV,X5,2023,1.000.000,'
	echo 'TV,X5,2023,"1.000,5",'
	echo 'TV,X6,2023,8,'
	echo 'TV,X6,2023,9,'
	echo 'TV,X5,2023'
} >bad_values.csv
run dxtrack import values bad_values.csv
status 3
err_has 'bad_values.csv:2: value: PHU: a share indicator takes 0 or 1 (has it or not), got "2"'
err_has 'bad_values.csv:3: indicator: unknown indicator "NOPE"'
err_has 'bad_values.csv:4: indicator: MD is the ratio of TB to DS and is computed: import values of those'
err_has 'bad_values.csv:5: unit: unknown unit "XX"'
err_has 'bad_values.csv:6: period: a month is written 2023-01 to 2023-12, got "2023-13"'
err_has 'bad_values.csv:7: value: expected a number such as 90.5 (digits, one decimal point, no grouping), got "1.000.000"'
err_has 'bad_values.csv:8: value: expected a number'
err_has 'bad_values.csv:10: value: a value of TV for unit X6 in 2023 appears again (first on line 9)'
err_has 'bad_values.csv:11: expected 5 fields as in the header, found 3'
err_has 'dxtrack: 9 problems; nothing was written'
# X6's 8 was not written: T2 still has no TV
run dxtrack indicator value TV --unit T2 --period 2023
status 0
out_has '"value":null'

# Re-importing replaces: X1's population becomes 1100 (one replaced, one unchanged, one new).
# MD for T1: 100 × 995.5 / (1100 + 100) = 99550 / 1200 = 82.958… → 83.0 at one decimal.
cat >again.csv <<'EOF'
indicator,unit,period,value,source
DS,X1,2023,1100,Cục Thống kê
DS,X2,2023,100,Cục Thống kê
DS,X3,2023,500,Cục Thống kê
EOF
run dxtrack import values again.csv
status 0
out_has 'again.csv: 3 values imported (1 new, 1 replaced, 1 unchanged).'
run dxtrack audit --action import.values --limit 1 --format json
status 0
out_has '"replaced":1'
out_has '"file":"again.csv"'
# X3 now reports both: 100 × (905 + 90.5 + 50) / (1100 + 100 + 500) = 104550 / 1700 = 61.5
run dxtrack indicator value MD --unit T1 --period 2023
status 0
out_has '"value":61.5,"target":95.0,"reporting_units":3,"expected_units":5}'

# The 2025 restructuring: districts dissolved (their communes pass to the province) and T1
# merged into T2, from 1 July 2025. 2023 is rolled up on the 2023 tree: the same figure.
run dxtrack unit dissolve H1 --on 2025-07-01
status 0
run dxtrack unit dissolve H2 --on 2025-07-01
status 0
run dxtrack unit dissolve H3 --on 2025-07-01
status 0
run dxtrack unit merge T1 --into T2 --on 2025-07-01
status 0
run dxtrack indicator value MD --unit T1 --period 2023
status 0
out_has '"value":61.5,"target":95.0,"reporting_units":3,"expected_units":5}'
run dxtrack indicator value PHU --unit VN --period 2023
status 0
out_has '"value":80,"target":100,"reporting_units":5,"expected_units":6}'
# after the merge, X1 reports under T2; H1 no longer exists at the end of 2025, T1 neither
cat >v2025.csv <<'EOF'
indicator,unit,period,value,source
TV,X1,2025-12,4,
TV,H1,2025-12,4,
TV,H1,2025-06,4,
EOF
run dxtrack import values v2025.csv
status 3
err_has 'v2025.csv:3: unit: unit H1 does not exist on 2025-12-31, the last day of the period'
err_lacks 'v2025.csv:4'
err_lacks 'v2025.csv:2'
printf 'indicator,unit,period,value,source\nTV,X1,2025-12,4,\n' >v2025.csv
run dxtrack import values v2025.csv
status 0
run dxtrack indicator value TV --unit T2 --period 2025-12
status 0
out_is <<'EOF'
{"indicator":"TV","unit":"T2","period":"2025-12","value":4,"target":null,"reporting_units":1,"expected_units":6}
EOF
run dxtrack indicator value TV --unit T1 --period 2025-12
status 1
err_has 'no unit "T1" on 31/12/2025, the last day of the period'
