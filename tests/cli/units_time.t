# Units over time (issue 4, part 1): the tree of any day, changed by dated events that keep
# history. The sample's 2025 restructuring of Bắc Kạn (data/sample/backan-2023/restructure-2025.csv)
# is applied and the trees of 31/12/2023 and 01/07/2025 are checked against the reference mapping
# (communes-2025-mapping.csv, a copy of shared/reference/units/), counted here with awk. Every
# refused event names its problems and writes nothing: the trees of four days and the audit log
# are compared byte for byte before and after.
M=$SAMPLE/communes-2025-mapping.csv
run dxtrack import units "$SAMPLE/units.csv"
status 0
run dxtrack import tasks "$SAMPLE/tasks.csv"
status 0

# the committed events file is the mapping, derived as data/sample/backan-2023/README.md says
{
	echo "event,unit,into,on,name,kind,parent"
	echo "merge,06,19,2025-07-01,Tỉnh Thái Nguyên,province,VN"
	awk -F, 'NR > 1 && !seen[$2]++ { print "dissolve," $2 ",,2025-07-01,,," }' "$M"
	awk -F, 'NR > 1 && $4 != $8 { print "merge," $4 "," $8 ",2025-07-01,,," }' "$M"
} > derived.csv
same_files derived.csv "$SAMPLE/restructure-2025.csv"

# the sample's communes are the mapping's, each under its district of before 2025
run dxtrack units --on 2023-12-31 --format csv
status 0
awk -F, '$3 == "commune" { print $1 "," $4 }' .out | sort > got.txt
awk -F, 'NR > 1 { print $4 "," $2 }' "$M" | sort > want.txt
same_files got.txt want.txt

# what must not change when an event is refused: the trees of four days and the audit log
snapshot() {
	for day in 2023-12-31 2025-06-30 2025-07-01 2030-01-01; do
		dxtrack units --on "$day" --format csv
	done >"$1"
	dxtrack audit --format json >>"$1"
}
snapshot before.txt

# ---- mistakes: every problem named, exit 3, nothing written ----------------------------------
run dxtrack unit merge 06 --into 06 --on 2025-07-01
status 3
err_is <<'END'
unit 06: a unit cannot merge into itself
dxtrack: 1 problem; nothing was written
END
run dxtrack unit merge 06 --into 058 --on 2025-07-01
status 3
err_is <<'END'
unit 06: it cannot merge into 058, which lies below it on 2025-07-01
dxtrack: 1 problem; nothing was written
END
run dxtrack unit move 058 --to 01834 --on 2025-07-01
status 3
err_is <<'END'
unit 058: it cannot move under 01834, which lies below it on 2025-07-01
dxtrack: 1 problem; nothing was written
END
run dxtrack unit move 01834 --to 01837 --on 2025-07-01
status 3
err_is <<'END'
unit 01834: a commune cannot be under a commune (01837)
dxtrack: 1 problem; nothing was written
END
run dxtrack unit merge NOPE 01834 XYZ --into 01840 --on 2025-07-01
status 3
err_is <<'END'
unit NOPE: no such unit
unit XYZ: no such unit
dxtrack: 2 problems; nothing was written
END
run dxtrack unit merge 01834 --into 19 --on 2025-07-01
status 3
err_is <<'END'
unit 19: no such unit: to create it, give its name, kind and parent
dxtrack: 1 problem; nothing was written
END
run dxtrack unit dissolve 06 --on 2025-07-01
status 3
err_has 'unit 06: its child 058, a district, cannot pass to VN, a nation'
err_has 'unit 06: its child 066, a district, cannot pass to VN, a nation'
err_has 'dxtrack: 8 problems; nothing was written'
run dxtrack unit dissolve VN --on 2025-07-01
status 3
err_has 'unit VN: a nation is never merged or dissolved'
# a file of events is all or nothing: the good first row is not kept
cat > bad.csv <<'END'
event,unit,into,on,name,kind,parent
merge,01834,01840,2025-07-01,,,
merge,01837,01837,2025-07-01,,,
move,01846,,01/07/2025,,,NOPE
END
run dxtrack unit apply bad.csv
status 3
err_is <<'END'
bad.csv:3: unit: unit 01837: a unit cannot merge into itself
bad.csv:4: parent: unit NOPE: no such unit
dxtrack: 2 problems; nothing was written
END
snapshot after.txt
same_files before.txt after.txt

# mistakes on the command line are usage errors (exit 2)
run dxtrack unit merge 01834 --into 01840 --on 2025-02-30
status 2
err_has 'dxtrack: --on: no such date'
err_has "Try 'dxtrack unit --help'."
run dxtrack unit merge 01834 --into 01840
status 2
err_has 'unit merge needs --on DATE'
run dxtrack unit merge 01834 --into 19 --on 2025-07-01 --name "Tỉnh Thái Nguyên"
status 2
err_has '--name, --kind and --parent go together'
run dxtrack unit merge 01834 --into 19 --on 2025-07-01 --name X --kind planet --parent VN
status 2
run dxtrack unit split 061 --on 2025-07-01
status 2
err_has 'unknown action "split"'
run dxtrack units --on yesterday
status 2
run dxtrack units --format xml
status 2
snapshot after.txt
same_files before.txt after.txt

# ---- the 2025 restructuring -------------------------------------------------------------------
run dxtrack summary --year 2023
status 0
cp .out summary-before.txt
run dxtrack summary --year 2023 --unit 06 --format json
status 0
cp .out summary06-before.txt
run dxtrack unit apply "$SAMPLE/restructure-2025.csv"
status 0
out_is <<END
$SAMPLE/restructure-2025.csv: 80 events applied (72 merged, 8 dissolved, 0 moved; 1 units created).
END

# how many units each day holds, from the mapping: before, the nation, the province, its districts
# and communes; from 1 July 2025, the nation, the new province and the communes that continue;
# the sample's agencies on both days
agencies=$(grep -c ',agency,[^,]*$' "$SAMPLE/units.csv")
n2023=$(awk -F, -v a="$agencies" 'NR > 1 { p[$1]; d[$2]; n++ } END { print 1 + length(p) + length(d) + n + a }' "$M")
n2025=$(awk -F, -v a="$agencies" 'NR > 1 { p[$7]; c[$8] } END { print 1 + length(p) + length(c) + a }' "$M")
if [ "$n2023" -eq 137 ] && [ "$n2025" -eq 58 ]; then pass; else fail "awk counts $n2023 and $n2025"; fi
run dxtrack units --on 2023-12-31 --format csv
status 0
if [ "$(tail -n +2 .out | wc -l)" -eq "$n2023" ]; then pass; else fail "units on 2023-12-31" "$OUT"; fi
run dxtrack units --on 2025-07-01 --format csv
status 0
if [ "$(tail -n +2 .out | wc -l)" -eq "$n2025" ]; then pass; else fail "units on 2025-07-01" "$OUT"; fi
# on 1 July 2025 the communes are the mapping's successors, each directly under 19
awk -F, '$3 == "commune" { print $1 "," $4 }' .out | sort > got.txt
awk -F, 'NR > 1 { print $8 "," $7 }' "$M" | sort -u > want.txt
same_files got.txt want.txt
out_has '19,Tỉnh Thái Nguyên,province,VN,2025-07-01,'
out_has 'STTTT,Sở Thông tin và Truyền thông,agency,19,,'
out_lacks '01834,'
out_lacks ',district,'
# the day before, nothing has moved
run dxtrack units --on 2025-06-30 --format csv
status 0
if [ "$(tail -n +2 .out | wc -l)" -eq "$n2023" ]; then pass; else fail "units on 2025-06-30" "$OUT"; fi
out_has '01834,Phường Nguyễn Thị Minh Khai,commune,058,,2025-07-01'
out_has '058,Thành phố Bắc Kạn,district,06,,2025-07-01'
out_has '06,Tỉnh Bắc Kạn,province,VN,,2025-07-01'
out_lacks '19,'

# the trees: 01834 under 058 under 06 on 31/12/2023; gone on 01/07/2025, when 01840 is under 19
run dxtrack units --on 31/12/2023
status 0
head -13 .out > head.txt
cat > want.txt <<'END'
VN Việt Nam (quốc gia)
  06 Tỉnh Bắc Kạn (tỉnh)
    058 Thành phố Bắc Kạn (huyện)
      01834 Phường Nguyễn Thị Minh Khai (xã)
      01837 Phường Sông Cầu (xã)
      01840 Phường Đức Xuân (xã)
      01843 Phường Phùng Chí Kiên (xã)
      01846 Phường Huyền Tụng (xã)
      01849 Xã Dương Quang (xã)
      01852 Xã Nông Thượng (xã)
      01855 Phường Xuất Hóa (xã)
    060 Huyện Pác Nặm (huyện)
      01858 Xã Bằng Thành (xã)
END
same_files head.txt want.txt
out_has '    STTTT Sở Thông tin và Truyền thông (cơ quan)'
out_has '137 đơn vị, ngày 31/12/2023.'
run dxtrack units --on 2025-07-01
status 0
head -5 .out > head.txt
cat > want.txt <<'END'
VN Việt Nam (quốc gia)
  19 Tỉnh Thái Nguyên (tỉnh)
    01840 Phường Đức Xuân (xã)
    01843 Phường Phùng Chí Kiên (xã)
    01849 Xã Dương Quang (xã)
END
same_files head.txt want.txt
out_has '    STTTT Sở Thông tin và Truyền thông (cơ quan)'
out_has '58 đơn vị, ngày 01/07/2025.'
out_lacks '01834'
run dxtrack units --on 2025-07-01 --format json
status 0
out_has '{"code":"19","name":"Tỉnh Thái Nguyên","kind":"province","parent_code":"VN","valid_from":"2025-07-01","valid_to":null}'
out_has '{"code":"VN","name":"Việt Nam","kind":"nation","parent_code":null,"valid_from":null,"valid_to":null}'
# the default day is today (the fixed clock: 14/12/2023)
run dxtrack units --format csv
status 0
if [ "$(tail -n +2 .out | wc -l)" -eq "$n2023" ]; then pass; else fail "units today" "$OUT"; fi

# one unit's history
run dxtrack unit show 01840
status 0
out_is <<'END'
01840 Phường Đức Xuân (xã)
Hiệu lực:     không giới hạn
Trực thuộc:   058 Thành phố Bắc Kạn, đến hết 30/06/2025
              19 Tỉnh Thái Nguyên, từ 01/07/2025
Kế thừa:      01/07/2025: 01834 → 01840 (sáp nhập)
              01/07/2025: 01846 → 01840 (sáp nhập)
END
run dxtrack unit show 058
status 0
out_is <<'END'
058 Thành phố Bắc Kạn (huyện)
Hiệu lực:     đến hết 30/06/2025
Trực thuộc:   06 Tỉnh Bắc Kạn, đến hết 30/06/2025
Kế thừa:      01/07/2025: 058 → 19 (giải thể)
END
run dxtrack unit show NOPE
status 1
err_has 'unit NOPE: no such unit'

# 2023 is still Bắc Kạn's: the tasks keep their investors, the summary is unchanged
run dxtrack summary --year 2023
status 0
same_files .out summary-before.txt
out_has 'tỉnh Bắc Kạn đã triển khai 42 nhiệm vụ'
run dxtrack summary --year 2023 --unit 06 --format json
status 0
same_files .out summary06-before.txt
# the list of a year's tasks by unit reads the tree of that year too: all 42 tasks of 2023 have
# investors under 06 (agencies and districts) as the tree stood on 31/12/2023
run dxtrack tasks --year 2023 --unit 06 --format csv
status 0
if [ "$(tail -n +2 .out | wc -l)" -eq 42 ]; then pass; else fail "expected 42 tasks under 06 in 2023" "$OUT"; fi
# the sample's units file describes each unit's first parent: importing it again changes nothing
run dxtrack import units "$SAMPLE/units.csv"
status 0
out_has '137 units imported (0 new, 0 updated, 137 unchanged)'
# the same events again come too late: every unit they name has ended
run dxtrack unit apply "$SAMPLE/restructure-2025.csv"
status 3
err_has 'restructure-2025.csv:2: unit: unit 06: does not exist on 2025-07-01 (it is valid before 2025-07-01)'
err_has 'dxtrack: 80 problems; nothing was written'

# ---- later events on the new tree -------------------------------------------------------------
# (code, name, kind and parent of each day: only the end dates of the units merged are new)
trees() {
	for day in 2023-12-31 2025-06-30 2025-07-01; do
		dxtrack units --on "$day" --format csv | cut -d, -f1-4
	done >"$1"
}
trees trees-before.txt
run dxtrack unit merge 01843 01849 --into X01 --on 01/01/2026 --name "Phường Mới" --kind commune --parent 19
status 0
out_is <<'END'
01843, 01849 merged into X01 (created) on 2026-01-01.
END
run dxtrack unit move STTTT --to VN --on 2026-01-01
status 0
out_is <<'END'
STTTT moved under VN on 2026-01-01.
END
run dxtrack unit dissolve X01 --on 2026-06-01
status 0
out_is <<'END'
X01 dissolved on 2026-06-01; its children passed to its parent.
END
run dxtrack units --on 2026-01-01 --format csv
status 0
out_has 'X01,Phường Mới,commune,19,2026-01-01,2026-06-01'
out_has 'STTTT,Sở Thông tin và Truyền thông,agency,VN,,'
out_lacks '01843,'
run dxtrack units --on 2026-06-01 --format csv
status 0
out_lacks 'X01,'
# an event dated before a recorded change is refused
run dxtrack unit move STTTT --to 19 --on 2025-12-31
status 3
err_has 'unit STTTT: it changes on 2026-01-01, after 2025-12-31: record events in date order'
# the trees before 2026 are as they were
trees trees-after.txt
same_files trees-before.txt trees-after.txt

# every event is in the audit log
run dxtrack audit --action unit. --limit 3 --format json
status 0
out_has '"action":"unit.dissolve","object":"unit X01","detail":{"children":[],"on":"2026-06-01","parent":"19","unit":"X01"}'
out_has '"action":"unit.move","object":"unit STTTT","detail":{"from":"19","on":"2026-01-01","to":"VN","unit":"STTTT"}'
out_has '"action":"unit.merge","object":"unit X01","detail":{"children":[],"created":{"kind":"commune","name":"Phường Mới","parent":"19"},"into":"X01","on":"2026-01-01","sources":["01843","01849"]}'
