# DTI (issue 6): a small framework of our own covering every rule kind, weights, component points
# used as weights, a main index without components and one with 0 points; values from `dti set`
# and `dti import`; evidence dated in the year, the year before, the year after, withdrawn;
# overdue items on several as-of days; owed items per unit. Every expected number is worked out
# by hand in the comment above it (the clock is 14/12/2023, run.sh).
#
# Framework T (Σ main points = 400 + 300 + 200 + 0 + 100 = 1000):
#   A  400, components weighted by `weight`: A1 (w 2) percent linear target 80, evidence;
#      A2 (w 1) yes_no, evidence; A3 (w 1) percent threshold:90, no evidence
#      → maxima A1 400·2/4 = 200, A2 400·1/4 = 100, A3 100
#   B  300, components weighted by their points: B1 (30) level steps:1=0.25;2=0.5;4=1,
#      evidence; B2 (10) count linear target 50, evidence → maxima B1 300·30/40 = 225, B2 75
#   C  200, no components: count linear target 10, evidence
#   D  0 points, no components: yes_no, evidence
#   E  100, components without weights (equal): E1, E2 percent linear target 100, no evidence
#      → maxima 50 each
cat >units.csv <<'EOF'
code,name,kind,parent_code
VN,Việt Nam,nation,
T1,Tỉnh Một,province,VN
S1,Sở Một,agency,T1
S2,Sở Hai,agency,T1
EOF
run dxtrack import units units.csv
status 0
cat >t.csv <<'EOF'
framework,code,parent,name,points,kind,target,rule,evidence_required,weight
T,A,,Chỉ số A,400,,,,no,
T,A1,A,Tỷ lệ A1,,percent,80,linear,yes,2
T,A2,A,Có A2,,yes_no,,yes_no,yes,1
T,A3,A,Ngưỡng A3,,percent,,threshold:90,no,1
T,B,,Chỉ số B,300,,,,no,
T,B1,B,Mức B1,30,level,,steps:1=0.25;2=0.5;4=1,yes,
T,B2,B,Số lượng B2,10,count,50,linear,yes,
T,C,,Chỉ số C,200,count,10,linear,yes,
T,D,,Chỉ số D,0,yes_no,,yes_no,yes,
T,E,,Chỉ số E,100,,,,no,
T,E1,E,E1,,percent,100,linear,no,
T,E2,E,E2,,percent,100,linear,no,
EOF
run dxtrack dti framework import t.csv
status 0
out_is <<'EOF'
t.csv: 1 frameworks imported (1 new, 0 replaced, 0 unchanged; 12 items).
EOF
run dxtrack dti use 2023 T
status 0
out_has '2023 is assessed under T (unit assessed: T1 — Tỉnh Một).'

# Nothing entered: score 0, every scored item lacks a value and is owed, nobody is assigned
run dxtrack dti readiness 2023 --format json
status 0
out_has '"score":0.0,"points":0.0,"points_evidenced":0.0,"points_at_risk":0.0,"score_evidenced":0.0,"missing_value":["A1","A2","A3","B1","B2","C","D","E1","E2"],'
out_has '"by_unit":[{"unit":null,"unit_name":null,"owed":9,"overdue":0,"points_at_risk":0.0}]'

# ---- values ----
# A1 100 % (linear, target 80: 100/80 = 1.25, capped at 1), A2 0 (no), A3 95,0 (≥ 90: 1)
run dxtrack dti set 2023 A1 --value 100 --unit S1 --due 30/11/2023 --as "Nguyễn Văn A"
status 0
out_is <<'EOF'
2023/A1: giá trị 100; đơn vị S1; hạn 30/11/2023; dự thảo (phiên bản 1).
EOF
run dxtrack dti set 2023 A2 --value 0 --unit S1 --due 2023-11-30
status 0
out_has '2023/A2: giá trị 0; đơn vị S1; hạn 30/11/2023; dự thảo (phiên bản 1).'
run dxtrack dti set 2023 A3 --value 95,0 --unit S1 --status submitted
status 0
out_has '2023/A3: giá trị 95; đơn vị S1; không có hạn; đã gửi (phiên bản 1).'
# B1 3 (steps: the largest step ≤ 3 is 2 → 0.5), B2 20 (20/50 = 0.4), C 7,0 (7/10 = 0.7),
# D 1 (yes), E1 50,0 (0.5), E2 no value (only a due date)
cat >u.csv <<'EOF'
code,value,unit,due,status
B1,3,S2,2023-12-10,
B2,20,S2,,submitted
C,"7,0",S1,20/12/2023,submitted
D,1,S2,,
E1,"50,0",,,submitted
E2,,,2023-12-01,
EOF
run dxtrack dti import 2023 u.csv
status 0
out_is <<'EOF'
u.csv: 6 rows of 2023 imported (6 changed, 0 unchanged).
EOF
# the same file again changes nothing
run dxtrack dti import 2023 u.csv
status 0
out_has 'u.csv: 6 rows of 2023 imported (0 changed, 6 unchanged).'
run dxtrack dti set 2023 A1 --status submitted
status 0
out_has '2023/A1: giá trị 100; đơn vị S1; hạn 30/11/2023; đã gửi (phiên bản 2).'

# ---- the score, no evidence yet ----
#   A = (2·1 + 1·0 + 1·1) / 4 = 0.75 → 0.75·400 = 300   (A1 200, A2 0, A3 100)
#   B = (30·0.5 + 10·0.4) / 40 = 19/40 = 0.475 → 142.5  (B1 225·0.5 = 112.5, B2 75·0.4 = 30)
#   C = 0.7 → 140;  D = 1 but 0 points → 0;  E = (0.5 + 0) / 2 = 0.25 → 25 (E1 50·0.5 = 25)
#   points = 300 + 142.5 + 140 + 0 + 25 = 607.5 → score 0.6075
#   at risk (evidence required, none): A1 200 + A2 0 + B1 112.5 + B2 30 + C 140 + D 0 = 482.5
#   evidenced = 607.5 − 482.5 = 125 (A3 100 + E1 25) → 0.125
#   owed: A1, B2, C (no evidence), A2, B1, D (no evidence, draft), E2 (no value);
#   not owed: A3, E1 (submitted, no evidence needed)
#   overdue on 14/12: A1 (30/11), A2 (30/11), B1 (10/12), E2 (01/12); C is due 20/12
#   by unit: S1 A1 200 + A2 0 + C 140 = 340, 3 owed, 2 overdue;
#            S2 B1 112.5 + B2 30 + D 0 = 142.5, 3 owed, 1 overdue; nobody: E2, 1 owed, 1 overdue
run dxtrack dti readiness 2023 --format json
status 0
out_has '"score":0.6075,"points":607.5,"points_evidenced":125.0,"points_at_risk":482.5,"score_evidenced":0.125,'
out_has '"missing_value":["E2"],"missing_evidence":["A1","A2","B1","B2","C","D"],"overdue":["A1","A2","B1","E2"],'
out_has '"by_unit":[{"unit":"S1","unit_name":"Sở Một","owed":3,"overdue":2,"points_at_risk":340.0},{"unit":"S2","unit_name":"Sở Hai","owed":3,"overdue":1,"points_at_risk":142.5},{"unit":null,"unit_name":null,"owed":1,"overdue":1,"points_at_risk":0.0}]'
out_has '{"code":"A","name":"Chỉ số A","value":0.75,"points":300.0,"points_max":400.0,"points_at_risk":200.0,"previous":null,"change":null}'
out_has '{"code":"B","name":"Chỉ số B","value":0.475,"points":142.5,"points_max":300.0,"points_at_risk":142.5,'
out_has '{"code":"C","name":"Chỉ số C","value":0.7,"points":140.0,"points_max":200.0,"points_at_risk":140.0,'
out_has '{"code":"D","name":"Chỉ số D","value":1.0,"points":0.0,"points_max":0.0,"points_at_risk":0.0,'
out_has '{"code":"E","name":"Chỉ số E","value":0.25,"points":25.0,"points_max":100.0,"points_at_risk":0.0,'
# at risk, most first: A1 200, C 140, B1 112.5, B2 30 (A2 and D are at risk of nothing)
out_has '"at_risk":[{"code":"A1","name":"Tỷ lệ A1","unit":"S1","points":200.0},{"code":"C","name":"Chỉ số C","unit":"S1","points":140.0},{"code":"B1","name":"Mức B1","unit":"S2","points":112.5},{"code":"B2","name":"Số lượng B2","unit":"S2","points":30.0}],"previous":null}'
# one component: B1 scores 0.5 of its 225
run dxtrack dti show 2023 B1 --format json
status 0
out_has '"code":"B1","parent":"B","name":"Mức B1","official":true,"kind":"level","rule":"steps:1=0.25;2=0.5;4=1","target":null,"evidence_required":true,"value":3.0,"unit":"S2","unit_name":"Sở Hai","due":"2023-12-10","status":"draft",'
out_has '"score":0.5,"points":112.5,"points_max":225.0,"points_at_risk":112.5,"evidence":0,"evidence_in_year":0,"owed":true,"overdue":true,"evidence_items":[],"history":[{"version":1,'

# ---- evidence ----
printf '%%PDF-1.4\n%% bao cao A1\n1 0 obj\n<<>>\nendobj\n%%%%EOF\n' >a1.pdf
run dxtrack dti evidence add 2023 A1 --number 15/BC-S1 --title "Báo cáo tỷ lệ A1" --date 2023-05-12 --summary "Số liệu năm 2023" --file a1.pdf --as "Nguyễn Văn A"
status 0
out_is <<'EOF'
Evidence 1 recorded for 2023/A1.
EOF
# A1's 200 points are backed now: 482.5 − 200 = 282.5 at risk
run dxtrack dti readiness 2023 --format json
out_has '"points_evidenced":325.0,"points_at_risk":282.5,"score_evidenced":0.325,'
# dated 30/12/2022, the year before: it does not back B1 (still 282.5)
run dxtrack dti evidence add 2023 B1 --title "Quyết định năm trước" --date 30/12/2022
status 0
out_has 'Evidence 2 recorded for 2023/B1.'
err_has 'dated 2022, outside the assessment year 2023'
run dxtrack dti readiness 2023 --format json
out_has '"points_at_risk":282.5,'
run dxtrack dti show 2023 B1 --format json
out_has '"points_at_risk":112.5,"evidence":1,"evidence_in_year":0,"owed":true,'
# dated 31/12/2023, the last day of the year: it backs B2 (282.5 − 30 = 252.5)
run dxtrack dti evidence add 2023 B2 --title "Báo cáo cuối năm" --date 2023-12-31
status 0
err_lacks 'outside'
# C backed on 01/03/2023: 252.5 − 140 = 112.5 (only B1 left); evidenced 607.5 − 112.5 = 495
run dxtrack dti evidence add 2023 C --title "Kế hoạch C" --date 2023-03-01
status 0
out_has 'Evidence 4 recorded for 2023/C.'
run dxtrack dti readiness 2023 --format json
out_has '"points_evidenced":495.0,"points_at_risk":112.5,"score_evidenced":0.495,'
# A1 (submitted, backed) is no longer owed, so no longer overdue though due on 30/11
out_has '"missing_evidence":["A2","B1","D"],"overdue":["A2","B1","E2"],'
# withdrawn, C's evidence no longer counts: 112.5 + 140 = 252.5 at risk, 355 evidenced
run dxtrack dti evidence withdraw 4 --as "Trần Thị B"
status 0
out_has 'Evidence 4 withdrawn'
# dated 05/01/2024, the year after: it does not back D (worth 0 points anyway)
run dxtrack dti evidence add 2023 D --title "Văn bản năm sau" --date 2024-01-05
status 0
err_has 'dated 2024, outside the assessment year 2023'

# ---- the final state, on 14/12/2023 ----
#   score 0.6075 (values unchanged), at risk B1 112.5 + C 140 = 252.5, evidenced 355 → 0.355
#   owed: A2, C (S1); B1, D (S2); E2 (nobody); overdue on 14/12: A2, B1, E2
#   by unit: S1 C 140 + A2 0 = 140, 2 owed, 1 overdue; S2 B1 112.5 + D 0, 2 owed, 1 overdue
run dxtrack dti readiness 2023 --format json
status 0
out_has '"score":0.6075,"points":607.5,"points_evidenced":355.0,"points_at_risk":252.5,"score_evidenced":0.355,'
out_has '"missing_value":["E2"],"missing_evidence":["A2","B1","C","D"],"overdue":["A2","B1","E2"],'
out_has '"by_unit":[{"unit":"S1","unit_name":"Sở Một","owed":2,"overdue":1,"points_at_risk":140.0},{"unit":"S2","unit_name":"Sở Hai","owed":2,"overdue":1,"points_at_risk":112.5},{"unit":null,"unit_name":null,"owed":1,"overdue":1,"points_at_risk":0.0}]'
out_has '{"code":"A","name":"Chỉ số A","value":0.75,"points":300.0,"points_max":400.0,"points_at_risk":0.0,'
out_has '"at_risk":[{"code":"C","name":"Chỉ số C","unit":"S1","points":140.0},{"code":"B1","name":"Mức B1","unit":"S2","points":112.5}]'
# overdue on other days: due dates A2 30/11, B1 10/12, C 20/12, E2 01/12 (owed items only);
# due on the as-of day itself is not yet overdue
run dxtrack dti readiness 2023 --as-of 2023-11-30 --format json
out_has '"as_of":"2023-11-30",'
out_has '"overdue":[],'
run dxtrack dti readiness 2023 --as-of 2023-12-10 --format json
out_has '"overdue":["A2","E2"],'
run dxtrack dti readiness 2023 --as-of 21/12/2023 --format json
out_has '"overdue":["A2","B1","C","E2"],'
out_has '{"unit":"S1","unit_name":"Sở Một","owed":2,"overdue":2,"points_at_risk":140.0}'

# the reminders text: per unit, most at risk first, what is owed, by when, what it is worth
run dxtrack dti readiness 2023
status 0
out_has 'Điểm tự đánh giá:   0,6075 (607,50 điểm)'
out_has 'Điểm có minh chứng: 0,3550 (355,00 điểm); 252,50 điểm chưa có tài liệu kiểm chứng trong năm'
out_has 'Sở Một (S1): 2 mục còn nợ, 1 quá hạn, 140,00 điểm có nguy cơ mất'
out_has '  - A2 Có A2: thiếu tài liệu kiểm chứng; chưa gửi (dự thảo); hạn 30/11/2023 (QUÁ HẠN)'
out_has '  - C Chỉ số C: thiếu tài liệu kiểm chứng; hạn 20/12/2023; 140,00 điểm có nguy cơ mất'
out_has 'Sở Hai (S2): 2 mục còn nợ, 1 quá hạn, 112,50 điểm có nguy cơ mất'
# E2 has no value: it is worth up to E's 100 / 2 = 50 points
out_has '  - E2 E2: thiếu số liệu; chưa gửi; hạn 01/12/2023 (QUÁ HẠN); tối đa 50,00 điểm'

# ---- the evidence list, and the file back ----
run dxtrack dti evidence list 2023
status 0
out_has 'Tệp'
out_lacks 'Kế hoạch C'
run dxtrack dti evidence list 2023 --all --format json
status 0
out_has '"id":4,"year":2023,"code":"C","number":"","title":"Kế hoạch C","date":"2023-03-01","summary":"","counts":false,"file":null,'
out_has '"withdrawn_by":"Trần Thị B"}'
run dxtrack dti evidence list 2023 B1 --format json
out_has '[{"id":2,"year":2023,"code":"B1","number":"","title":"Quyết định năm trước","date":"2022-12-30","summary":"","counts":false,"file":null,'
run dxtrack dti evidence list 2023 A1 --format json
sha=$(sha256sum a1.pdf | cut -c1-64)
size=$(wc -c <a1.pdf)
out_has "\"number\":\"15/BC-S1\",\"title\":\"Báo cáo tỷ lệ A1\",\"date\":\"2023-05-12\",\"summary\":\"Số liệu năm 2023\",\"counts\":true,\"file\":{\"name\":\"a1.pdf\",\"media_type\":\"application/pdf\",\"size_bytes\":$size,\"sha256\":\"$sha\"}"
out_has '"recorded_by":"Nguyễn Văn A","withdrawn_at":null,"withdrawn_by":null}]'
run dxtrack dti evidence get 1 -o back.pdf
status 0
same_files a1.pdf back.pdf
out_has "sha256 $sha"
# an item without a file has nothing to get
run dxtrack dti evidence get 2 -o none.pdf
status 1
# a file that is none of PDF, DOCX, XLSX, PNG, JPEG is refused; nothing is recorded
echo 'ghi chú' >notes.txt
run dxtrack dti evidence add 2023 A1 --title "Ghi chú" --date 2023-06-01 --file notes.txt
status 3
err_has 'PDF'
# a file over 50 MiB is refused before it is read (a sparse 60 MiB file)
truncate -s 60M big.pdf
run dxtrack dti evidence add 2023 A1 --title "Quá lớn" --date 2023-06-01 --file big.pdf
status 3
err_has 'big.pdf: the file is 60.0 MiB; an evidence file may hold at most 50 MiB'
run dxtrack dti evidence list 2023 A1 --all --format json
out_lacks 'Ghi chú'
out_lacks 'Quá lớn'

# ---- one item, its history, concurrent writes ----
run dxtrack dti show 2023 A1 --format json
status 0
# A1: 100/80 capped at 1 → 200 of 200 points, backed by evidence 1
out_has '"value":100.0,"unit":"S1","unit_name":"Sở Một","due":"2023-11-30","status":"submitted",'
out_has '"score":1.0,"points":200.0,"points_max":200.0,"points_at_risk":0.0,"evidence":1,"evidence_in_year":1,"owed":false,"overdue":false,'
out_has '"history":[{"version":1,'
out_has '"updated_by":"Nguyễn Văn A","value":100.0,"unit":"S1","due":"2023-11-30","status":"draft",'
out_has '{"version":2,'
run dxtrack dti show 2023 A1
status 0
out_has 'A1 (2023, T): Tỷ lệ A1'
out_has 'Chỉ số chính:       A — Chỉ số A'
out_has '#1  12/05/2023  15/BC-S1  Báo cáo tỷ lệ A1 — Số liệu năm 2023 (tệp: a1.pdf, application/pdf,'
run dxtrack dti show 2023 C
out_has '#4  01/03/2023  Kế hoạch C [đã rút'
# a main index with components is shown with its components' sum
run dxtrack dti show 2023 B --format json
status 0
out_has '"code":"B","parent":null,"name":"Chỉ số B","official":true,"kind":null,"rule":null,'
out_has '"score":0.475,"points":142.5,"points_max":300.0,"points_at_risk":112.5,'
# in text, with its components: B1 0.5 × 225 = 112.5, B2 0.4 × 75 = 30
run dxtrack dti show 2023 B
status 0
out_has '  B1 Mức B1: điểm số 0,5; 112,5 / 225 điểm'
out_has '  B2 Số lượng B2: điểm số 0,4; 30 / 75 điểm'
# written at version 2, A1 is refused against version 1, accepted against 2
run dxtrack dti set 2023 A1 --note "Đã rà soát" --version 1
status 1
err_has 'is at version 2, not 1: reload it'
run dxtrack dti set 2023 A1 --note "Đã rà soát" --version 2
status 0
out_has '(phiên bản 3).'

# ---- a value removed ----
# E1 cleared: E = 0 → 607.5 − 25 = 582.5 points, 0.5825; its status falls back to missing
run dxtrack dti set 2023 E1 --clear-value
status 0
out_has '2023/E1: chưa có giá trị; chưa giao đơn vị; không có hạn; chưa có'
run dxtrack dti readiness 2023 --format json
out_has '"score":0.5825,"points":582.5,"points_evidenced":330.0,"points_at_risk":252.5,'
out_has '"missing_value":["E1","E2"],'

# Rights (an editor of another unit may not set a unit's item, nor upload its evidence) are not
# tested here: the CLI always acts as the system, with every right (app_open, cli.h); they are
# the API's tests.

# ---- more evidence files, on A3 (which needs no evidence: nothing above changes) ----
# a PNG is recognised from its first bytes
printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >scan.png
run dxtrack dti evidence add 2023 A3 --title "Ảnh chụp" --date 2023-07-01 --file scan.png
status 0
out_has 'Evidence 6 recorded for 2023/A3.'
# a 20 MiB PDF is accepted and comes back byte for byte: 9 + 20 × 1048576 = 20971529 bytes
{ printf '%%PDF-1.7\n'; head -c 20971520 /dev/zero; } >big20.pdf
run dxtrack dti evidence add 2023 A3 --title "Hồ sơ lớn" --date 2023-07-02 --file big20.pdf
status 0
out_has 'Evidence 7 recorded for 2023/A3.'
run dxtrack dti evidence list 2023 A3 --format json
out_has '"file":{"name":"scan.png","media_type":"image/png",'
out_has '"file":{"name":"big20.pdf","media_type":"application/pdf","size_bytes":20971529,'
run dxtrack dti evidence get 7 -o big20_back.pdf
status 0
same_files big20.pdf big20_back.pdf
# one byte over 50 MiB (52428800 + 1) is refused before it is read
truncate -s 52428801 over.pdf
run dxtrack dti evidence add 2023 A3 --title "Quá giới hạn" --date 2023-07-03 --file over.pdf
status 3
err_has 'at most 50 MiB'
# the same file twice: two items of evidence, the same bytes
run dxtrack dti evidence add 2023 A3 --title "Bản sao" --date 2023-07-04 --file scan.png
status 0
out_has 'Evidence 8 recorded for 2023/A3.'
run dxtrack dti evidence get 8 -o scan_back.png
same_files scan.png scan_back.png
# evidence is recorded for scored items only: B has components
run dxtrack dti evidence add 2023 B --title "Văn bản" --date 2023-07-05
status 1
err_has 'B'
