# Disbursement monitoring and Finance's allocations through the API and the pages (issue 5,
# part 6): the API's JSON is the CLI's, byte for byte (one renderer, report/disbursement_report);
# the province's actual figure on 14/12/2023 is the source document's 35.600.000.000 đồng.
login viewer
login tc
login admin
req GET '/api/v1/disbursement?year=2023' --as viewer
status 200
json .year 2023
json .as_of 2023-12-14
json .total.actual_as_of_vnd 35600000000
json .total.budget_vnd 67150000000
json .projection.method linear
run dxtrack disbursement --year 2023 --format json
cli_status 0
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "API and CLI disbursement differ" "$(diff "$work/.out" "$work/.body")"; fi
req GET '/api/v1/disbursement?year=2023&as_of=2023-12-01&investor=STTTT' --as viewer
status 200
run dxtrack disbursement --year 2023 --as-of 2023-12-01 --investor STTTT --format json
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "investor disbursement differs" "$(diff "$work/.out" "$work/.body")"; fi
req GET '/api/v1/disbursement?year=2023&investor=NOPE' --as viewer
status 404
req GET '/api/v1/disbursement?year=2023&as_of=2022-12-31' --as viewer
status 422
req GET '/api/v1/disbursement?year=23' --as viewer
status 400

# allocations: finance or admin only; never below what the unit's tasks commit
req POST /api/v1/allocations --as viewer --json '{"unit":"SYT","year":2023,"vnd":"100.000.000.000"}'
status 403
req POST /api/v1/allocations --as tc --json '{"unit":"SYT","year":2023,"vnd":1000}'
status 422
body_has 'is less than the'
body_has 'already committed to the'
req POST /api/v1/allocations --as tc --json '{"unit":"SYT","year":2023,"vnd":"x"}'
status 400
req POST /api/v1/allocations --as tc --json '{"unit":"SYT","year":2023,"vnd":"100.000.000.000","note":"QĐ 1/QĐ-STC"}'
status 201
json .unit SYT
json .allocated_vnd 100000000000
json .previous_vnd null
json .note 'QĐ 1/QĐ-STC'
req POST /api/v1/allocations --as admin --json '{"unit":"SYT","year":2023,"vnd":120000000000}'
status 201
json .previous_vnd 100000000000
req GET '/api/v1/allocations?year=2023' --as viewer
status 200
json '.departments | length' 1
json '.departments[0].allocated_vnd' 120000000000
run dxtrack allocations --year 2023 --format json
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "API and CLI allocations differ" "$(diff "$work/.out" "$work/.body")"; fi

# a colour override: administrators only, with a comment
req POST /api/v1/tasks/2023/CDS23-09/colour --as viewer --json '{"colour":"red","comment":"Nhà thầu chậm"}'
status 403
req POST /api/v1/tasks/2023/CDS23-09/colour --as admin --json '{"colour":"red"}'
status 422
req POST /api/v1/tasks/2023/CDS23-09/colour --as admin --json '{"colour":"purple","comment":"x"}'
status 400
req POST /api/v1/tasks/2023/CDS23-09/colour --as admin --json '{"colour":"red","comment":"Nhà thầu chậm"}'
status 200
json .shown red
json .override.comment 'Nhà thầu chậm'
json .override.on_date 2023-12-14
run dxtrack task colour 2023 CDS23-09 --format json
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "API and CLI colours differ" "$(diff "$work/.out" "$work/.body")"; fi

# the pages, as a browser signed in as finance
req GET /login --cookie
CSRF=$(form_csrf)
req POST /login --cookie --form "username=tc&password=pw-tc-2023&csrf=$CSRF"
status 303
req GET /disbursement --cookie
status 200
body_has '<a href="/disbursement" aria-current="page">Giải ngân</a>'
body_has '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
body_has 'id="chart-province-title"'
body_has '<h2 id="h-alerts">Cảnh báo</h2>'
body_has 'Nhiệm vụ chậm giải ngân ('
body_has 'id="alerts-units"'
body_has '35.600.000.000 đồng'
body_has 'Phương pháp: tuyến tính'
body_has '<span class="rag rag-red">Đỏ</span> <span class="muted">đặt tay bởi'
body_has 'Nhà thầu chậm'
body_has 'href="/tasks/2023/CDS23-09"'
body_lacks '<script'
body_lacks 'style="'
req GET '/disbursement?year=2023&investor=STTTT&as_of=2023-12-01' --cookie
status 200
body_has 'id="chart-investor-title"'
req GET '/disbursement?year=2023&investor=NOPE' --cookie
status 404
req GET '/allocations?year=2023' --cookie
status 200
body_has 'id="allocation-form"'
body_has 'SYT — '
CSRF=$(form_csrf)
# no token: refused
req POST /allocations --cookie --form 'year=2023&unit=STTTT&vnd=100.000.000.000'
status 403
req POST /allocations --cookie --form "year=2023&unit=STTTT&vnd=1.000&csrf=$CSRF"
status 422
body_has 'is less than the'
body_has 'aria-invalid="true"'
req POST /allocations --cookie --form "year=2023&unit=STTTT&vnd=abc&csrf=$CSRF"
status 422
req POST /allocations --cookie --form "year=2023&unit=STTTT&vnd=100.000.000.000&note=Q%C4%90+2&csrf=$CSRF"
status 303
header_has 'location: /allocations?year=2023&saved=1'
req GET '/allocations?year=2023&saved=1' --cookie
body_has 'Đã ghi phân cấp kinh phí.'
body_has 'STTTT — '
body_lacks 'style="'
run dxtrack allocations --year 2023 --format json
cli_out_has '"allocated_vnd":100000000000,'

# a viewer sees the view but not the form, and may not post it
rm -f "$work/cookies"
req GET /login --cookie
CSRF=$(form_csrf)
req POST /login --cookie --form "username=viewer&password=pw-viewer-2023&csrf=$CSRF"
req GET '/allocations?year=2023' --cookie
status 200
body_lacks 'id="allocation-form"'
CSRF=$(form_csrf)
req POST /allocations --cookie --form "year=2023&unit=STTTT&vnd=200.000.000.000&csrf=$CSRF"
status 403
