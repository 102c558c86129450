# DTI (issue 6): the shipped frameworks (data/dti/QD922.csv, QD405.csv) and the illustrative
# Bắc Kạn 2023 self-assessment (data/sample/backan-2023/dti_2023.csv) load as tools/run.sh loads
# them, and score what is worked out by hand below (see also the sample's README).

# tools/run.sh loads the DTI data only into a database without frameworks: this is what it sees
run dxtrack dti frameworks --format json
status 0
out_is <<'EOF'
{"frameworks":[],"years":[]}
EOF
run dxtrack import units "$SAMPLE/units.csv"
status 0
# QĐ 922: 9 main indices + 3.1–3.3 + 4.1–4.2 = 14 items
run dxtrack dti framework import "$REPO/data/dti/QD922.csv"
status 0
out_has 'QD922.csv: 1 frameworks imported (1 new, 0 replaced, 0 unchanged; 14 items).'
# QĐ 405: 8 main indices + 3.a–3.c + 4.a–4.c + 5.a–5.c = 17 items
run dxtrack dti framework import "$REPO/data/dti/QD405.csv"
status 0
out_has 'QD405.csv: 1 frameworks imported (1 new, 0 replaced, 0 unchanged; 17 items).'
run dxtrack dti use 2023 QD922
status 0
out_has '2023 is assessed under QD922 (unit assessed: 06 — Tỉnh Bắc Kạn).'
run dxtrack dti import 2023 "$SAMPLE/dti_2023.csv"
status 0
out_has 'dti_2023.csv: 12 rows of 2023 imported (12 changed, 0 unchanged).'
run dxtrack dti frameworks --format json
out_has '"years":[{"year":2023,"framework":"QD922","province":"06"}]}'

# On 14/12/2023 (the clock of run.sh):
#   1: 85 % → 0.85 × 100 = 85          2: 90 % → 90
#   3: 3.1 80 % of target 80 → 1 (w 2), 3.2 100 % ≥ 100 → 1 (w 1), 3.3 no value → 0 (w 1)
#      → 3/4 = 0.75 → 75 (3.1 50 of 50, 3.2 25 of 25, 3.3 0 of 25)
#   4: 4.1 0,34 below the first step (0.5) → 0, 4.2 no value → 0 → 0
#   5: 72,5 % → 72.5      6: no value, 0 points      7: 75 % × 200 = 150
#   8: no value → 0       9: 58 % × 150 = 87
#   points 85 + 90 + 75 + 0 + 72.5 + 0 + 150 + 0 + 87 = 559.5 → 0.5595; no evidence: all at risk
run dxtrack dti readiness 2023 --format json
status 0
out_has '"score":0.5595,"points":559.5,"points_evidenced":0.0,"points_at_risk":559.5,"score_evidenced":0.0,'
out_has '"missing_value":["3.3","4.2","6","8"],'
# every item needing evidence (all but 6)
out_has '"missing_evidence":["1","2","3.1","3.2","3.3","4.1","4.2","5","7","8","9"],'
# due before 14/12: 1, 2 (30/11), 4.2, 8 (01/12), 7 (05/12), 3.1, 3.2, 4.1, 5 (10/12);
# 3.3 and 9 are due 20/12, 6 has no due date
out_has '"overdue":["1","2","3.1","3.2","4.1","4.2","5","7","8"],'
# by unit, most at risk first (ties by code):
#   STTTT 1 (85) + 3.1 (50) + 3.2 (25) + 3.3 (0) + 4.1 (0) = 160, 5 owed, 4 overdue (not 3.3)
#   VPUBND 7: 150; STP 2: 90; SLDTBXH 9: 87 (not yet due); CAT 5: 72.5;
#   SCT 8, SNV 4.2: 0, overdue; SXD 6: 0, no due date
out_has '"by_unit":[{"unit":"STTTT","unit_name":"Sở Thông tin và Truyền thông","owed":5,"overdue":4,"points_at_risk":160.0},{"unit":"VPUBND","unit_name":"Văn phòng UBND tỉnh","owed":1,"overdue":1,"points_at_risk":150.0},{"unit":"STP","unit_name":"Sở Tư pháp","owed":1,"overdue":1,"points_at_risk":90.0},{"unit":"SLDTBXH","unit_name":"Sở Lao động - Thương binh và Xã hội","owed":1,"overdue":0,"points_at_risk":87.0},{"unit":"CAT","unit_name":"Công an tỉnh","owed":1,"overdue":1,"points_at_risk":72.5},{"unit":"SCT","unit_name":"Sở Công Thương","owed":1,"overdue":1,"points_at_risk":0.0},{"unit":"SNV","unit_name":"Sở Nội vụ","owed":1,"overdue":1,"points_at_risk":0.0},{"unit":"SXD","unit_name":"Sở Xây dựng","owed":1,"overdue":0,"points_at_risk":0.0}]'
# the main indices' maxima are their points, which add up to 1000
out_has '{"code":"3","name":"Hạ tầng số","value":0.75,"points":75.0,"points_max":100.0,"points_at_risk":75.0,'
out_has '{"code":"6","name":"Đô thị thông minh","value":0.0,"points":0.0,"points_max":0.0,'
out_has '{"code":"7","name":"Hoạt động chính quyền số","value":0.75,"points":150.0,"points_max":200.0,'
out_has '{"code":"9","name":"Hoạt động xã hội số","value":0.58,"points":87.0,"points_max":150.0,'
# the reminders text
run dxtrack dti readiness 2023
status 0
out_has 'Điểm tự đánh giá:   0,5595 (559,50 điểm)'
out_has 'Sở Thông tin và Truyền thông (STTTT): 5 mục còn nợ, 4 quá hạn, 160,00 điểm có nguy cơ mất'
# 3.3 has no value: worth up to 100 × 1/4 = 25 points
out_has '  - 3.3 Trung tâm dữ liệu tỉnh đạt tiêu chuẩn: thiếu số liệu, tài liệu kiểm chứng; chưa gửi; hạn 20/12/2023; tối đa 25,00 điểm'

# official rows and illustrative ones
run dxtrack dti show 2023 1 --format json
out_has '"code":"1","parent":null,"name":"Nhận thức số","official":true,"kind":"percent","rule":"linear","target":100.0,"evidence_required":true,"value":85.0,'
run dxtrack dti show 2023 3.1 --format json
out_has '"code":"3.1","parent":"3","name":"Tỷ lệ hộ gia đình sử dụng băng rộng cáp quang","official":false,'
run dxtrack dti show 2023 4.1 --format json
out_has '"rule":"steps:0.5=0.5;1=1","target":null,"evidence_required":true,"value":0.34,'

# QĐ 405 for 2024 (points assumed, official=no): 100 × 5 + 200 + 150 + 150 = 1000;
# 3.a–3.c share Hạ tầng số equally: 100 / 3 = 33.33 each
run dxtrack dti use 2024 QD405
status 0
run dxtrack dti readiness 2024 --format json
status 0
out_has '{"code":"6","name":"Hoạt động chính quyền số","value":0.0,"points":0.0,"points_max":200.0,'
out_has '{"code":"8","name":"Hoạt động xã hội số","value":0.0,"points":0.0,"points_max":150.0,'
run dxtrack dti show 2024 3.a --format json
out_has '"official":false,'
out_has '"points_max":33.33,'
run dxtrack dti show 2024 1 --format json
out_has '"code":"1","parent":null,"name":"Nhận thức số","official":false,'
# 2023's results were not published (only the self-assessment above): no previous year
run dxtrack dti readiness 2024 --format json
out_has '"previous":null}'

# both frameworks in one file, as they are: 2 frameworks, 14 + 17 = 31 items, nothing changes
{ cat "$REPO/data/dti/QD922.csv"; tail -n +2 "$REPO/data/dti/QD405.csv"; } >both.csv
run dxtrack dti framework import both.csv
status 0
out_has 'both.csv: 2 frameworks imported (0 new, 0 replaced, 2 unchanged; 31 items).'
# 2023 has entries of codes QĐ 405 lacks (3.1, 4.1, 9…): it cannot be moved to QĐ 405
run dxtrack dti use 2023 QD405
status 3
err_has '3.1'
run dxtrack dti frameworks --format json
out_has '{"year":2023,"framework":"QD922","province":"06"}'
