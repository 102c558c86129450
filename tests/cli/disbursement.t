# Disbursement monitoring (issue 5, part 4) on the Bắc Kạn 2023 sample: the curve from dated
# history, the plan, the projection (linear, then seasonal once 2022 has monthly history), the
# colours and an administrator's override. Expected figures were worked out by hand:
#   - the import records every task as of its day, 14/12/2023, so before December the province
#     has disbursed nothing on record, and on 14/12 it has the summary's 35.600.000.000 đồng;
#   - linear: 35.600.000.000 × 365 / 348 (1/1 → 14/12) = 37.339.080.459,8;
#   - CDS23-08 (8 tỷ, 1/3 → 31/12: 305 days): on 30/06, 121 days gone = 39,7 %, planned
#     8 tỷ × 121/305 = 3.173.770.491,8; 2 tỷ paid = 25 %;
#   - seasonal: CDS22-20 (the only 2022 task with 2022 records) paid 180, 540, 900 and 1.780
#     triệu on 31/3, 30/6, 30/9 and 15/12/2022: shares of 1.780 at the month ends 101.124,
#     303.371, 505.618 and 1.000.000 millionths; on 14/12 505.618 + 494.382 × 14/31 =
#     728.887 (72,9 %); 35.600.000.000 / 0,728887 = 48.841.589.985,9.
run dxtrack import units "$SAMPLE/units.csv"
status 0
run dxtrack import tasks "$SAMPLE/tasks.csv"
status 0

run dxtrack disbursement --year 2023 --format json
status 0
out_has '"year":2023,"as_of":"2023-12-14","scope":"Tỉnh Bắc Kạn","plan":"linear_by_days"'
out_has '"projection":{"method":"linear","projected_vnd":37339080460,"days_gone":348,"days_in_year":365,"years":[],"share_ppm":null,"shape_ppm":null}'
out_has '"total":{"code":null,"name":null,"tasks":42,"budget_vnd":67150000000,'
out_has ',67150000000],"actual_vnd":[0,0,0,0,0,0,0,0,0,0,0,null],'
out_has '"actual_as_of_vnd":35600000000,'
out_has '"idle":[]}'
# the same money as the committee's summary
run dxtrack summary --year 2023 --format json
out_has '"budget_vnd":67150000000,"disbursed_vnd":35600000000,'

run dxtrack disbursement --year 2023
status 0
out_has 'Giải ngân năm 2023 — Tỉnh Bắc Kạn, số liệu đến ngày 14/12/2023 (42 nhiệm vụ; đơn vị tính: triệu đồng)'
out_has 'Dự báo giải ngân đến 31/12/2023: 37.339,1 triệu đồng, đạt 55,6% kế hoạch năm (67.150 triệu đồng).'
out_has 'Phương pháp: tuyến tính — số đã giải ngân đến 14/12/2023 × 365/348 ngày của năm'
out_has 'Tổng cộng'
out_has 'Đơn vị được phân cấp nhưng không giải ngân trong 60 ngày: không có (chưa có phân cấp).'

# a curve: CDS23-08's history filled in with dated updates, the year-end figure entered last
run dxtrack task update 2023 CDS23-08 --disbursed 1.000.000.000 --progress 15 --date 2023-03-31 --as "Kế toán STTTT"
status 0
run dxtrack task update 2023 CDS23-08 --disbursed 2.000.000.000 --progress 30 --date 30/06/2023
status 0
run dxtrack task update 2023 CDS23-08 --disbursed 2.800.000.000 --progress 45 --date 2023-12-14
status 0
run dxtrack disbursement --year 2023 --format json
status 0
out_has '"actual_vnd":[0,0,1000000000,1000000000,1000000000,2000000000,2000000000,2000000000,2000000000,2000000000,2000000000,null],"planned_as_of_vnd"'
out_has '"actual_as_of_vnd":35600000000,'

# as it stood on 30/06: only CDS23-08 had figures; its state then, not today's
run dxtrack disbursement --year 2023 --as-of 2023-06-30 --investor STTTT --format json
status 0
out_has '"as_of":"2023-06-30","scope":"Sở Thông tin và Truyền thông"'
out_has '"actual_as_of_vnd":2000000000,'
out_has '"code":"CDS23-08","name":"Đầu tư hạ tầng Trung tâm dữ liệu tỉnh Bắc Kạn","investor":"STTTT","budget_vnd":8000000000,"status":"in_progress","progress_pct":30,"disbursed_vnd":2000000000,"disbursed_pct":25.0,"elapsed_pct":39.7,'
out_has '"planned_as_of_vnd":3173770492,"colour":{"shown":"green","computed":"green","flags":[],"override":null}}'
# linear on 30/06 (181 days): 2 tỷ × 365/181 = 4.033.149.171,3
out_has '"projection":{"method":"linear","projected_vnd":4033149171,'
out_has '"total":{"code":null,"name":null,"tasks":9,"budget_vnd":23290000000,'
run dxtrack disbursement --year 2023 --as-of 2023-06-30 --investor STTTT
status 0
out_has 'Giải ngân năm 2023 — Sở Thông tin và Truyền thông, số liệu đến ngày 30/06/2023 (9 nhiệm vụ;'

# seasonal: three months of 2022 history are not enough, four are
run dxtrack task update 2022 CDS22-20 --disbursed 180.000.000 --date 2022-03-31
status 0
run dxtrack task update 2022 CDS22-20 --disbursed 540.000.000 --date 2022-06-30
status 0
run dxtrack task update 2022 CDS22-20 --disbursed 900.000.000 --date 2022-09-30
status 0
run dxtrack disbursement --year 2023 --format json
out_has '"projection":{"method":"linear","projected_vnd":37339080460,'
run dxtrack task update 2022 CDS22-20 --disbursed 1.780.000.000 --date 2022-12-15
status 0
run dxtrack disbursement --year 2023 --format json
status 0
out_has '"projection":{"method":"seasonal","projected_vnd":48841589986,"days_gone":348,"days_in_year":365,"years":[2022],"share_ppm":728887,"shape_ppm":[0,0,101124,101124,101124,303371,303371,303371,505618,505618,505618,1000000]}'
run dxtrack disbursement --year 2023
status 0
out_has 'Dự báo giải ngân đến 31/12/2023: 48.841,6 triệu đồng, đạt 72,7% kế hoạch năm (67.150 triệu đồng).'
out_has 'Phương pháp: theo mùa vụ của các năm 2022 — đến ngày 14/12 các năm đó đã giải ngân trung bình 72,9% số giải ngân cả năm; dự báo = số đã giải ngân / tỷ lệ đó.'

# colours: CDS23-07 (SOC, 30 % done, 25 % paid) is red; an administrator's colour needs a comment
run dxtrack task colour 2023 CDS23-07
status 0
out_has '2023/CDS23-07: đỏ — ngày 14/12/2023; giải ngân chậm so với kế hoạch.'
run dxtrack task colour 2023 CDS23-07 --set green
status 3
err_has 'task 2023/CDS23-07: comment: a colour set by hand needs a comment saying why (--comment)'
err_has 'nothing was written'
run dxtrack task colour 2023 CDS23-07 --set green --comment "   "
status 3
run dxtrack task colour 2023 CDS23-07 --set xanh --comment "Đã ký hợp đồng, giải ngân trong tháng 12" --as "Trần Thị B"
status 0
out_has '2023/CDS23-07: xanh, đặt tay bởi Trần Thị B ngày 14/12/2023: Đã ký hợp đồng, giải ngân trong tháng 12 (tính toán: đỏ)'
# shown wherever the colour is: the report, its JSON, the task
run dxtrack disbursement --year 2023
out_has '* Màu đặt tay:'
out_has '  CDS23-07: xanh, đặt tay bởi Trần Thị B ngày 14/12/2023: Đã ký hợp đồng, giải ngân trong tháng 12 (tính toán: đỏ)'
run dxtrack disbursement --year 2023 --format json
out_has '"colour":{"shown":"green","computed":"red","flags":["below_schedule"],"override":{"colour":"green","comment":"Đã ký hợp đồng, giải ngân trong tháng 12","author":"Trần Thị B","on_date":"2023-12-14","recorded_at":"2023-12-14T08:00:00Z"}}'
run dxtrack task show 2023 CDS23-07
out_has 'Màu:             xanh, đặt tay bởi Trần Thị B ngày 14/12/2023: Đã ký hợp đồng, giải ngân trong tháng 12 (tính toán: đỏ)'
run dxtrack task show 2023 CDS23-07 --format json
out_has '"colour":{"shown":"green","computed":"red",'
run dxtrack audit --action task.colour
out_has 'Trần Thị B'
out_has '"colour":"green","comment":"Đã ký hợp đồng, giải ngân trong tháng 12","previous":null'
# a later progress update does not end it; clearing does, and is recorded too
run dxtrack task update 2023 CDS23-07 --progress 35
status 0
run dxtrack task colour 2023 CDS23-07
out_has '2023/CDS23-07: xanh, đặt tay bởi Trần Thị B'
run dxtrack task colour 2023 CDS23-07 --clear --comment "Hết hiệu lực" --as "Trần Thị B"
status 0
out_has '2023/CDS23-07: đỏ — ngày 14/12/2023'
run dxtrack task colour 2023 CDS23-07 --clear
status 3
err_has 'task 2023/CDS23-07: has no colour set by hand to clear'
run dxtrack audit --action task.colour
out_has '"colour":null,"comment":"Hết hiệu lực","previous":"green"'

# mistakes
run dxtrack task colour 2023 CDS23-07 --set purple --comment x
status 2
run dxtrack task colour 2023 CDS23-07 --set red --clear
status 2
run dxtrack task colour 2023 NOPE --set red --comment "x"
status 1
err_has 'no task NOPE in 2023'
run dxtrack disbursement --year 2023 --as-of 2022-12-31
status 3
err_has 'as_of: 2022-12-31 is before the year 2023'
run dxtrack disbursement --year 2023 --investor NOPE
status 1
err_has 'unknown unit "NOPE"'
run dxtrack disbursement --format pdf
status 2
run dxtrack disbursement --help
status 0
out_has 'more than 30 points below physical progress'
run dxtrack task colour --help
status 0
out_has 'Usage: dxtrack [--db PATH] task colour YEAR CODE'
