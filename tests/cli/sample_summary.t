# The Bắc Kạn 2023 sample reproduces the figures of the committee's meeting of 14/12/2023:
# 42 tasks, "hơn 67 tỷ đồng", 21 completed, 4 stopped or deferred, 17 in progress,
# "khoảng 36/67 tỷ đồng", "khoảng 53%". Per-investor figures were computed independently
# by tools/check_sample.sh (awk) from tasks.csv.
run dxtrack init
status 0
run dxtrack import units "$SAMPLE/units.csv"
status 0
out_has '137 units imported (137 new, 0 updated, 0 unchanged)'
run dxtrack import tasks "$SAMPLE/tasks.csv"
status 0
out_has '46 tasks imported (46 new, 0 updated, 0 unchanged)'

run dxtrack summary --year 2023 --format json
status 0
out_has '{"year":2023,"tasks":42,"budget_vnd":67150000000,"disbursed_vnd":35600000000,"disbursement_pct":53.0,"by_status":{"planned":0,"in_progress":17,"completed":21,"stopped":2,"deferred":2}'
out_has '{"code":"STTTT","name":"Sở Thông tin và Truyền thông","tasks":9,"budget_vnd":23290000000,"disbursed_vnd":13265000000,'
out_has '{"code":"STNMT","name":"Sở Tài nguyên và Môi trường","tasks":2,"budget_vnd":11000000000,"disbursed_vnd":2600000000,'
out_has '{"code":"061","name":"Huyện Ba Bể","tasks":1,"budget_vnd":520000000,"disbursed_vnd":510000000,'

run dxtrack summary --year 2023
status 0
out_has 'tỉnh Bắc Kạn đã triển khai 42 nhiệm vụ, dự án chuyển đổi số với tổng kinh phí hơn 67 tỷ đồng'
out_has '21 nhiệm vụ hoàn thành 100% khối lượng công việc; 4 nhiệm vụ dừng thực hiện hoặc đề xuất chuyển sang thực hiện trong năm 2024; 17 nhiệm vụ đang trong quá trình triển khai thực hiện'
out_has 'giải ngân được khoảng 36/67 tỷ đồng, đạt khoảng 53% kế hoạch.'
# the investor table: money in triệu đồng with Vietnamese grouping, rates with a decimal comma
out_has 'Sở Thông tin và Truyền thông                9           23.290            13.265       57,0           6'
out_has 'Tổng cộng                                  42           67.150            35.600       53,0          21'

# a year with no tasks says so instead of dividing by zero
run dxtrack summary --year 2021 --format json
status 0
out_has '"tasks":0,"budget_vnd":0,"disbursed_vnd":0,"disbursement_pct":0.0'

# the 2022 tasks the sample carries over are their own year
run dxtrack summary --year 2022 --format json
status 0
out_has '"tasks":4,'

# one district: only its own investors' tasks (Huyện Ba Bể = 061)
run dxtrack summary --year 2023 --unit 061 --format json
status 0
out_has '"tasks":1,"budget_vnd":520000000,"disbursed_vnd":510000000,"disbursement_pct":98.1'

run dxtrack summary --year 2023 --format md
status 0
out_has '## Kết quả thực hiện nhiệm vụ, dự án chuyển đổi số năm 2023'
out_has '| **Tổng cộng** | 42 | 67.150 | 35.600 | 53,0 | 21 |'

run dxtrack summary --year 2023 --unit NOPE
status 1
err_has 'unknown unit "NOPE"'
