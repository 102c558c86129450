# Finance's allocations (phân cấp, issue 5, part 5): the budgets of a unit's tasks must fit its
# allocation, wherever they change; the view sets allocated against committed and disbursed and
# names the bottlenecks. Figures by hand:
#   STTTT: A-1 3 tỷ (0,5 tỷ paid on 1/3) + A-2 5 tỷ = 8 tỷ committed; SYT: B-1 2 tỷ (1 tỷ paid);
#   on 1/5/2023, 121 days of 365 = 33,2 % of the year have gone by; nothing rose since 1/3:
#   1/3 → 1/5 = 61 days (≥ 60: idle); on 29/4, 59 days.
run dxtrack import units "$SAMPLE/units.csv"
status 0
printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status,start_date,end_date\nA-1,2023,Phần mềm quản lý văn bản,STTTT,3.000.000.000,500.000.000,20,in_progress,2023-01-01,2023-12-31\nA-2,2023,Trung tâm dữ liệu,STTTT,5.000.000.000,0,0,planned,2023-03-01,2023-12-31\nB-1,2023,Bệnh án điện tử,SYT,2.000.000.000,1.000.000.000,50,in_progress,2023-01-01,2023-06-30\n' > t.csv
DXTRACK_NOW=2023-03-01T08:00:00Z run dxtrack import tasks t.csv
status 0

# an allocation smaller than what is committed is refused, and nothing is recorded
DXTRACK_NOW=2023-03-01T08:00:00Z run dxtrack allocate STTTT --year 2023 --vnd 7.500.000.000 --as "Sở Tài chính"
status 3
err_has 'allocation 2023/STTTT: vnd: 7.500.000.000 đồng is less than the 8.000.000.000 đồng already committed to the 2 tasks of STTTT and the units below it in 2023: lower their budgets first'
err_has 'nothing was written'
run dxtrack allocations --year 2023
status 0
out_has 'Chưa có phân cấp kinh phí nào cho năm 2023.'

DXTRACK_NOW=2023-03-01T08:00:00Z run dxtrack allocate STTTT --year 2023 --vnd 9.000.000.000 --note "QĐ 15/QĐ-STC" --as "Sở Tài chính"
status 0
out_has 'Phân cấp năm 2023 cho STTTT — Sở Thông tin và Truyền thông: 9.000.000.000 đồng (trước đó: chưa có). Đã giao cho 2 nhiệm vụ: 8.000.000.000 đồng; chưa giao: 1.000.000.000 đồng.'
run dxtrack audit --action allocation.set
out_has 'Sở Tài chính'
out_has '"amount_vnd":9000000000,"committed_vnd":8000000000,"note":"QĐ 15/QĐ-STC","previous_vnd":null,"tasks":2,"unit":"STTTT","year":2023'

# the import must fit: A-1 raised by 0,5 tỷ and a new A-3 of 1 tỷ make 9,5 tỷ, 0,5 tỷ over;
# both rows that add money are named, the SYT row (no allocation) is not, nothing is written
printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\nA-1,2023,Phần mềm quản lý văn bản,STTTT,3.500.000.000,500.000.000,20,in_progress\nA-3,2023,Chữ ký số,STTTT,1.000.000.000,0,0,planned\nB-2,2023,Tư vấn,SYT,100.000.000,0,0,planned\n' > over.csv
DXTRACK_NOW=2023-03-01T08:00:00Z run dxtrack import tasks over.csv
status 3
err_is <<'EOF'
over.csv:2: budget_vnd: the 2023 tasks of STTTT and the units below it would total 9.500.000.000 đồng, 500.000.000 đồng over the allocation of 9.000.000.000 đồng recorded by Finance (phân cấp); lower a budget or ask for a larger allocation
over.csv:3: budget_vnd: the 2023 tasks of STTTT and the units below it would total 9.500.000.000 đồng, 500.000.000 đồng over the allocation of 9.000.000.000 đồng recorded by Finance (phân cấp); lower a budget or ask for a larger allocation
dxtrack: 2 problems; nothing was written
EOF
run dxtrack summary --year 2023 --format json
out_has '"tasks":3,"budget_vnd":10000000000,'
# moving a task under the unit adds its budget too
printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\nB-1,2023,Bệnh án điện tử,STTTT,2.000.000.000,1.000.000.000,50,in_progress\n' > move.csv
DXTRACK_NOW=2023-03-01T08:00:00Z run dxtrack import tasks move.csv
status 3
err_has 'move.csv:2: budget_vnd: the 2023 tasks of STTTT and the units below it would total 10.000.000.000 đồng, 1.000.000.000 đồng over the allocation of 9.000.000.000 đồng'
# exactly the allocation fits (the state is re-imported as it was: no rise)
printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status,start_date,end_date\nA-1,2023,Phần mềm quản lý văn bản,STTTT,4.000.000.000,500.000.000,20,in_progress,2023-01-01,2023-12-31\n' > fit.csv
DXTRACK_NOW=2023-03-01T08:00:00Z run dxtrack import tasks fit.csv
status 0
out_has '1 tasks imported (0 new, 1 updated, 0 unchanged)'

# nested: the province (06) holds STTTT 9 tỷ and SYT 2 tỷ; each allocation is checked alone
DXTRACK_NOW=2023-03-01T08:00:00Z run dxtrack allocate 06 --year 2023 --vnd 10.000.000.000
status 3
err_has 'is less than the 11.000.000.000 đồng already committed to the 3 tasks of 06'
DXTRACK_NOW=2023-03-01T08:00:00Z run dxtrack allocate 06 --year 2023 --vnd 11.000.000.000
status 0
printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\nB-1,2023,Bệnh án điện tử,SYT,2.500.000.000,1.000.000.000,50,in_progress\n' > syt.csv
DXTRACK_NOW=2023-03-01T08:00:00Z run dxtrack import tasks syt.csv
status 3
err_has 'syt.csv:2: budget_vnd: the 2023 tasks of 06 and the units below it would total 11.500.000.000 đồng, 500.000.000 đồng over the allocation of 11.000.000.000 đồng'

# the view on 1/5: STTTT 0,5/9 tỷ = 5,6 %, 5,6 + 25 < 33,2: slow; idle 61 days;
# 06 1,5/11 tỷ = 13,6 %, not slow, idle 61 days
run dxtrack allocations --year 2023 --as-of 2023-05-01
status 0
out_has 'Phân cấp kinh phí năm 2023, số liệu đến ngày 01/05/2023 (đơn vị tính: triệu đồng):'
out_has '06 — Tỉnh Bắc Kạn                       11.000   11.000          0         1.500             13,6               61  đứng yên 61 ngày'
out_has 'STTTT — Sở Thông tin và Truyền thông     9.000    9.000          0           500              5,6               61  chậm; đứng yên 61 ngày'
out_has 'Tổng cộng                               20.000   20.000          0         2.000             10,0'
out_has 'phần thời gian đã qua của năm (33,2%) hơn 25 điểm'
run dxtrack allocations --year 2023 --as-of 2023-05-01 --format json
status 0
out_has '{"unit":"STTTT","name":"Sở Thông tin và Truyền thông","allocated_vnd":9000000000,"committed_vnd":9000000000,"uncommitted_vnd":0,"disbursed_vnd":500000000,"disbursed_pct":5.6,"tasks":2,"allocated_on":"2023-03-01","first_allocated_on":"2023-03-01","author":"Sở Tài chính","note":"QĐ 15/QĐ-STC","last_rise":"2023-03-01","idle_days":61,"slow":true,"idle":true,"bottleneck":true}'
out_has '"total":{"allocated_vnd":20000000000,"committed_vnd":20000000000,"disbursed_vnd":2000000000}'
# two days earlier: 59 days, not idle yet
run dxtrack allocations --year 2023 --as-of 2023-04-29 --format json
out_has '"idle_days":59,"slow":true,"idle":false,"bottleneck":true}'
# the disbursement report lists the idle units of its scope
run dxtrack disbursement --year 2023 --as-of 2023-05-01
out_has 'Đơn vị được phân cấp nhưng không giải ngân trong 60 ngày: 2.'
out_has '  STTTT — Sở Thông tin và Truyền thông: phân cấp 9.000 triệu đồng, đã giải ngân 500 triệu đồng; 61 ngày không tăng giải ngân (lần tăng cuối: 01/03/2023).'
run dxtrack disbursement --year 2023 --as-of 2023-05-01 --investor SYT --format json
out_has '"idle":[]}'

# money moves on 15/4: no longer idle, and 1,5/9 tỷ = 16,7 % is no longer slow
run dxtrack task update 2023 A-2 --disbursed 1.000.000.000 --progress 10 --status in_progress --date 2023-04-15
status 0
run dxtrack allocations --year 2023 --as-of 2023-05-01 --format json
out_has '"disbursed_vnd":1500000000,"disbursed_pct":16.7,"tasks":2,'
out_has '"last_rise":"2023-04-15","idle_days":16,"slow":false,"idle":false,"bottleneck":false}'

# a new allocation is a new record; the latest is in force
run dxtrack allocate STTTT --year 2023 --vnd 9.500.000.000
status 0
out_has '9.500.000.000 đồng (trước đó: 9.000.000.000 đồng)'
run dxtrack allocations --year 2023 --format json
out_has '"allocated_vnd":9500000000,"committed_vnd":9000000000,"uncommitted_vnd":500000000,'
out_has '"allocated_on":"2023-12-14","first_allocated_on":"2023-03-01",'

# mistakes
run dxtrack allocate NOPE --year 2023 --vnd 1
status 1
err_has 'unknown unit "NOPE"'
run dxtrack allocate STTTT --year 2023
status 2
run dxtrack allocate STTTT --year 2023 --vnd 12,5
status 2
run dxtrack allocations --format csv
status 2
run dxtrack allocate --help
status 0
out_has 'must fit'
