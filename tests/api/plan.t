# Next year's catalogue through the API and the pages: the sample's unfinished 2023 tasks carried
# over as 2024 proposals (19: 10 in tier 1, 9 in tier 2); a 20 billion đồng ceiling selects 15
# and leaves CDS23-10, CDS23-17, CDS23-25 and CDS23-30 out (as `dxtrack plan` shows).
login admin
login viewer
run dxtrack plan carry-over --from 2023
cli_status 0

# ---- the API answers exactly what `dxtrack plan --format json` prints ----
same_as_cli() {
	if cmp -s "$work/.out" "$work/.body"; then pass; else
		fail "API body differs from the CLI's JSON" "$(diff "$work/.out" "$work/.body")"
	fi
}
run dxtrack plan --year 2024 --budget-vnd 20.000.000.000 --format json
cli_status 0
req GET '/api/v1/plan?year=2024&budget_vnd=20.000.000.000' --as viewer
status 200
same_as_cli
json '.selected | length' 15
json '[.not_selected[].code] | join(" ")' 'CDS23-10 CDS23-17 CDS23-25 CDS23-30'
json .selected_vnd 19730000000
json '.not_selected[0].reason' 'không đủ kinh phí còn lại'
# locks and excludes, the same both ways
run dxtrack plan --year 2024 --budget-vnd 20000000000 --lock CDS23-10 --exclude CDS23-08 \
	--format json
cli_status 0
req GET '/api/v1/plan?year=2024&budget_vnd=20000000000&lock=CDS23-10&exclude=CDS23-08' --as viewer
status 200
same_as_cli
json '[.selected[].code] | index("CDS23-10") != null' true
json '[.not_selected[] | select(.code == "CDS23-08") | .reason] | join("")' 'bị loại theo yêu cầu'
# mistakes: 400 for the request, 422 for the rules
req GET '/api/v1/plan?year=2024' --as viewer
status 400
req GET '/api/v1/plan?year=2024&budget_vnd=12abc' --as viewer
status 400
req GET '/api/v1/plan?year=2024&budget_vnd=1000&colour=red' --as viewer
status 400
json .error.message 'unknown parameter "colour"'
req GET '/api/v1/plan?year=2024&budget_vnd=20000000000&lock=NOPE' --as viewer
status 422
req GET '/api/v1/plan?year=2024&budget_vnd=20000000000&lock=CDS23-10&exclude=CDS23-10' --as viewer
status 422
req GET '/api/v1/plan/adopted?year=2024' --as viewer
status 404

# ---- the page: form, cut line, lock/exclude checkboxes, CSV ----
req GET '/plan?year=2024&budget_vnd=20.000.000.000' --as viewer
status 200
body_has '<a href="/plan" aria-current="page">Danh mục</a>'
body_has 'Hết kinh phí: đã chọn 19.730.000.000 đồng trên trần 20.000.000.000 đồng'
body_has 'class="cut-line"'
body_has '<tr class="plan-selected"><td class="code">CDS23-05</td>'
body_lacks '&quot;'
body_has 'name="budget_vnd"'
body_has 'Tính lại'
body_has 'name="lock" value="CDS23-10"'
body_has 'name="exclude" value="CDS23-08"'
body_has 'Tải CSV'
# a viewer has no adopt form
body_lacks 'action="/plan/adopt"'
req GET '/plan?year=2024&budget_vnd=20000000000&lock=CDS23-10&exclude=CDS23-08' --as viewer
status 200
body_has 'name="lock" value="CDS23-10" checked'
body_has 'name="exclude" value="CDS23-08" checked'
req GET '/plan?year=2024&budget_vnd=20000000000&lock=NOPE' --as viewer
status 422
body_has 'NOPE'
req GET '/plan?year=2024&budget_vnd=abc' --as viewer
status 400
req GET '/plan' --as viewer
status 200
body_has 'id="p-year" name="year" min="2000" max="2100" required value="2024"'
body_lacks 'cut-line'

run dxtrack plan --year 2024 --budget-vnd 20000000000 --format csv
req GET '/plan?year=2024&budget_vnd=20000000000&format=csv' --as viewer
status 200
header_has 'content-type: text/csv; charset=utf-8'
header_has 'content-disposition: attachment; filename="plan-2024.csv"'
if [ "$(head -c 3 "$work/.body" | od -An -tx1 | tr -d ' ')" = efbbbf ]; then pass; else
	fail "CSV without BOM" "$BODY"
fi
if tail -c +4 "$work/.body" | cmp -s - "$work/.out"; then pass; else
	fail "CSV differs from the CLI's" "$(tail -c +4 "$work/.body" | diff "$work/.out" -)"
fi
body_has 'code,name,investor,tier,score,budget_vnd,selected,reason'
if [ "$(tail -n +2 "$work/.body" | wc -l)" = 19 ]; then pass; else fail "CSV rows" "$BODY"; fi
body_has 'CDS23-10,'

# the same selection as a workbook, from the page and from the API
req GET '/plan?year=2024&budget_vnd=20000000000' --as viewer
body_has 'Tải XLSX'
body_has 'format=xlsx'
xlsx_check() {
	if [ "$(head -c 2 "$work/.body")" = PK ]; then pass; else fail "XLSX not a zip" "$BODY"; fi
	cp "$work/.body" "$work/plan.xlsx"
	local sheet strings
	sheet=$(unzip -p "$work/plan.xlsx" xl/worksheets/sheet1.xml)
	strings=$(unzip -p "$work/plan.xlsx" xl/sharedStrings.xml)
	# the first selected code (shared string), and the SUMIF total formula
	if grep -qF '<t>CDS23-05</t>' <<<"$strings" && grep -qF 'SUMIF(G3:G21,' <<<"$sheet"; then
		pass
	else
		fail "XLSX sheet lacks CDS23-05 or the SUMIF total" "$(head -c 600 <<<"$sheet")"
	fi
	if grep -qF 'Lý do' <<<"$strings" && grep -qF '<t>Danh mục nhiệm vụ năm 2024</t>' <<<"$strings"
	then pass; else fail "XLSX headers" "$strings"; fi
	if grep -qF 'paperSize="9"' <<<"$sheet" && grep -qF 'orientation="landscape"' <<<"$sheet" &&
		grep -qF 'state="frozen"' <<<"$sheet"; then pass; else fail "XLSX page set-up" "$sheet"; fi
}
req GET '/plan?year=2024&budget_vnd=20000000000&format=xlsx' --as viewer
status 200
header_has 'content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
header_has 'content-disposition: attachment; filename="plan-2024.xlsx"'
xlsx_check
req GET '/api/v1/plan?year=2024&budget_vnd=20000000000&format=xlsx' --as viewer
status 200
header_has 'content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
xlsx_check
req GET '/api/v1/plan?year=2024&budget_vnd=20000000000&format=pdf' --as viewer
status 400
run dxtrack plan --year 2024 --budget-vnd 20000000000 --format xlsx -o "$work/cli.xlsx"
cli_status 0
if unzip -p "$work/cli.xlsx" xl/worksheets/sheet1.xml | grep -qF 'SUMIF('; then pass; else
	fail "CLI XLSX lacks the total" ""
fi
run dxtrack plan --year 2024 --budget-vnd 20000000000 --format xlsx
cli_status 2

# ---- adoption: admin only, CSRF on the page form, once a year ----
req POST /api/v1/plan/adopt --as viewer --json '{"year":2024,"budget_vnd":20000000000}'
status 403
req POST /plan/adopt --as viewer --form 'year=2024&budget_vnd=20000000000'
status 403
# the browser: sign in with a cookie, take the page's csrf
req GET /login --cookie
csrf=$(form_csrf)
req POST /login --cookie --form "username=admin&password=pw-admin-2023&csrf=$csrf"
req GET '/plan?year=2024&budget_vnd=20000000000&lock=CDS23-10' --cookie
status 200
body_has 'action="/plan/adopt"'
body_has 'type="hidden" name="lock" value="CDS23-10"'
csrf=$(form_csrf)
req POST /plan/adopt --cookie --form 'year=2024&budget_vnd=20000000000&lock=CDS23-10'
status 403
req POST /plan/adopt --cookie --form "year=2024&budget_vnd=20000000000&lock=CDS23-10&csrf=$csrf&exclude=NOPE"
status 422
body_has 'NOPE'
req POST /plan/adopt --cookie --form "year=2024&budget_vnd=20000000000&lock=CDS23-10&csrf=$csrf"
status 303
header_has 'location: /plan?year=2024&adopted=1'
req GET '/plan?year=2024&adopted=1' --cookie
status 200
body_has 'Đã phê duyệt danh mục'
body_has 'Danh mục đã phê duyệt năm 2024'
body_has 'id="adopted-by"'
body_has 'bởi <strong>admin</strong>'
body_has 'giữ: CDS23-10'
req POST /plan/adopt --cookie --form "year=2024&budget_vnd=20000000000&csrf=$csrf"
status 409
body_has 'đã được phê duyệt'
# the API sees the adopted decision, and the tasks exist
req GET '/api/v1/plan/adopted?year=2024' --as viewer
status 200
json .adopted_by admin
json '.locks | join(",")' CDS23-10
run dxtrack plan show --year 2024 --format json
same_as_cli
req POST /api/v1/plan/adopt --as admin --json '{"year":2024,"budget_vnd":20000000000}'
status 409
req GET '/api/v1/tasks?year=2024&limit=100' --as viewer
json '[.tasks[] | select(.code == "CDS23-10")] | length' 1

# ---- the API's adoption on another year ----
printf 'code,year,name,investor,budget_vnd,tags,score\nN-1,2025,Cổng dịch vụ công,STTTT,1.000.000.000,online_public_service,5\nN-2,2025,Phần mềm nội bộ,STTTT,2.000.000.000,,3\n' >p25.csv
run dxtrack import proposals p25.csv
cli_status 0
req POST /api/v1/plan/adopt --as admin --json '{"year":2025,"budget_vnd":"1.500.000.000","lock":[],"exclude":[]}'
status 201
json '[.selected[].code] | join(" ")' N-1
json .adopted_by admin
json '.not_selected[0].code' N-2
req POST /api/v1/plan/adopt --as admin --json '{"year":2025,"budget_vnd":1500000000}'
status 409
req POST /api/v1/plan/adopt --as admin --json '{"year":2026,"budget_vnd":"x"}'
status 400
req POST /api/v1/plan/adopt --as admin --json '{"year":2026,"budget_vnd":1,"lock":"N-1"}'
status 400
