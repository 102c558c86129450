# Progress updates: dated records with their author; the task's state is the latest one and
# history is never lost. Rules are checked on the new state.
run dxtrack import units "$SAMPLE/units.csv"
status 0
printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\nU-1,2023,Hệ thống một cửa điện tử,VPUBND,1.000.000.000,100.000.000,10,in_progress\n' > t.csv
run dxtrack import tasks t.csv --as "Nguyễn Văn A"
status 0

run dxtrack task update 2023 U-1 --progress 60 --disbursed 600.000.000 --note "Đã nghiệm thu giai đoạn 1" --as "Trần Thị B" --date 15/06/2023
status 0
out_has '2023/U-1: tiến độ 60%, giải ngân 600000000 đồng, đang triển khai (phiên bản 2).'

# completed needs progress 100; the update is refused and changes nothing
run dxtrack task update 2023 U-1 --status completed
status 3
err_has 'task 2023/U-1: status: a completed task must have progress 100'
# cumulative disbursement cannot pass the budget
run dxtrack task update 2023 U-1 --disbursed 1000000001
status 3
err_has 'task 2023/U-1: disbursed_vnd: disbursed amount is more than the budget'

run dxtrack task update 2023 U-1 --progress 100 --status "hoàn thành" --disbursed 980000000 --as "Trần Thị B"
status 0
out_has 'tiến độ 100%, giải ngân 980000000 đồng, hoàn thành (phiên bản 3)'

run dxtrack task show 2023 U-1
status 0
out_has 'U-1 (2023): Hệ thống một cửa điện tử'
out_has 'Chủ đầu tư:      VPUBND — Văn phòng UBND tỉnh'
out_has 'Đã giải ngân:    980.000.000 đồng (98,0%)'
out_has 'Phiên bản:       3 (cập nhật 14/12/2023)'
out_has '  14/12/2023  Nguyễn Văn A (import): tiến độ 10%, giải ngân 100.000.000 đồng, đang triển khai'
out_has '  15/06/2023  Trần Thị B (cli): tiến độ 60%, giải ngân 600.000.000 đồng, đang triển khai — Đã nghiệm thu giai đoạn 1'
out_has '  14/12/2023  Trần Thị B (cli): tiến độ 100%, giải ngân 980.000.000 đồng, hoàn thành'

run dxtrack task show 2023 U-1 --format json
status 0
out_has '"progress_pct":100,"status":"completed","carried_from":null'
out_has '"version":3,'
out_has '"history":[{"on_date":"2023-12-14","recorded_at":"2023-12-14T08:00:00Z","author":"Nguyễn Văn A","source":"import","progress_pct":10'

# re-importing the file changes the task back: recorded as a 4th update with what changed
printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\nU-1,2023,Hệ thống một cửa điện tử cấp tỉnh,VPUBND,1.200.000.000,980.000.000,100,completed\n' > t2.csv
run dxtrack import tasks t2.csv
status 0
out_has '1 tasks imported (0 new, 1 updated, 0 unchanged)'
run dxtrack import tasks t2.csv
status 0
out_has '(0 new, 0 updated, 1 unchanged)'
run dxtrack task show 2023 U-1 --format json
status 0
out_has '"version":4,'
out_has '"changes":{"name":["Hệ thống một cửa điện tử","Hệ thống một cửa điện tử cấp tỉnh"],"budget_vnd":[1000000000,1200000000]}'

# mistakes in the command line are usage errors (2); an unknown task is a failure (1)
run dxtrack task update 2023 U-1 --progress 101
status 2
run dxtrack task update 2023 U-1
status 2
err_has 'update needs at least one of'
run dxtrack task update 2023 NOPE --progress 5
status 1
err_has 'no task NOPE in 2023'
