# Adopting a catalogue writes tasks, so their budgets must fit Finance's allocations (phân cấp)
# exactly as an import's must: 600 + 500 million for STTTT is 100 million over 1.000 million.
run dxtrack import units "$SAMPLE/units.csv"
status 0
printf 'code,year,name,investor,budget_vnd,score\nP-1,2024,Mở rộng Trung tâm dữ liệu,STTTT,600.000.000,10\nP-2,2024,Nâng cấp cổng dịch vụ công,STTTT,500.000.000,8\n' >p.csv
run dxtrack import proposals p.csv
status 0
run dxtrack allocate STTTT --year 2024 --vnd 1000000000
status 0
run dxtrack plan adopt --year 2024 --budget-vnd 2000000000
status 3
err_has 'plan 2024/P-1: budget_vnd: the 2024 tasks of STTTT and the units below it would total 1.100.000.000 đồng, 100.000.000 đồng over the allocation of 1.000.000.000 đồng'
err_has 'nothing was written'
run dxtrack plan show --year 2024
status 1
err_has 'no catalogue adopted for 2024'
run dxtrack tasks --year 2024 --format csv
out_is <<'EOT'
code,year,name,investor,category,funding,budget_vnd,disbursed_vnd,progress_pct,status,carried_from,tags,start_date,end_date,note
EOT
# with 1.200 million allocated, both fit
run dxtrack allocate STTTT --year 2024 --vnd 1200000000
status 0
run dxtrack plan adopt --year 2024 --budget-vnd 2000000000
status 0
out_has '2 proposals adopted as tasks (planned), 1.100.000.000 of a 2.000.000.000 đồng ceiling'
