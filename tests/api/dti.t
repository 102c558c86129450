# DTI readiness through the API: who may write what, versions, evidence upload and download, the
# upload limit, and the readiness JSON equal to the CLI's byte for byte.
#
# The framework is data/dti/QD922.csv. The numbers below come from two of its rows:
#   3.1  component of main index 3 (100 points): percent, target 80, linear, evidence required,
#        weight 2 of the index's 2 + 1 + 1 = 4  →  its maximum is 100 × 2/4 = 50 points
#   7    main index without components: percent, target 100, linear, evidence required, 200 points
# 3.1 is assigned to STTTT (editor sttt), 7 to SYT (editor syt); everything else is unassigned.
login viewer

# before any year is bound: the page says what to run, the API lists nothing
req GET /dti --as viewer
status 200
body_has 'Chưa có năm đánh giá DTI nào'
body_has 'dxtrack dti use 2023 QD922'
req GET /api/v1/dti --as viewer
json '.years | length' 0

run dxtrack dti framework import "$REPO/data/dti/QD922.csv"
cli_status 0
run dxtrack dti use 2023 QD922
cli_status 0
run dxtrack dti set 2023 3.1 --unit STTTT --due 2023-12-31
cli_status 0
run dxtrack dti set 2023 7 --unit SYT --due 2023-11-30
cli_status 0
login admin
login sttt
login syt

# files: a 20 MB PDF, a 200 MB one, a text file named .pdf
{ printf '%%PDF-1.4\n'; head -c 19999991 /dev/zero; } >big20.pdf
{ printf '%%PDF-1.4\n'; head -c 199999991 /dev/zero; } >big200.pdf
printf '%%PDF-1.4\nsmall\n' >small.pdf
printf 'this is only text, although its name ends in .pdf\n' >fake.pdf

# ---- reading: anyone signed in --------------------------------------------------------------
req GET /api/v1/dti
status 401
req GET /api/v1/dti --as viewer
status 200
json '.years | length' 1
json '.years[0] | "\(.year) \(.framework) \(.province)"' '2023 QD922 06'
json '.frameworks[0].code' QD922
req GET /api/v1/dti/2019 --as viewer
status 404
json .error.code not_found
body_has 'dxtrack dti use 2019'
req GET /api/v1/dti/2023/3.1 --as viewer
status 200
header_has 'etag: "1"'
json '.unit + " " + .status + " " + (.points_max | tostring)' 'STTTT missing 50'
json .official false
req GET /api/v1/dti/2023/nothing --as viewer
status 404

# ---- a viewer reads but does not write ------------------------------------------------------
req PATCH /api/v1/dti/2023/3.1 --as viewer --json '{"value":60}'
status 403
json .error.code forbidden
req POST /api/v1/dti/2023/3.1/evidence --as viewer -F 'title=Báo cáo' -F date=2023-03-15 -F 'file=@small.pdf;type=application/pdf'
status 403

# ---- an editor of another unit neither -------------------------------------------------------
req PATCH /api/v1/dti/2023/3.1 --as syt --json '{"value":60}'
status 403
body_has 'outside your unit SYT'
req POST /api/v1/dti/2023/3.1/evidence --as syt -F 'title=Báo cáo' -F date=2023-03-15 -F 'file=@small.pdf;type=application/pdf'
status 403
req GET /api/v1/dti/2023/3.1 --as viewer
json '.evidence_items | length' 0
json .version 1

# ---- the responsible unit's editor sets the value ------------------------------------------
# 60 % against a target of 80: score 0,75, 50 × 0,75 = 37,5 points, all at risk (no evidence)
req PATCH /api/v1/dti/2023/3.1 --as sttt --json '{"value":60,"note":"Số liệu VNPT quý III","version":1}'
status 200
header_has 'etag: "2"'
json '[.value, .score, .points, .points_at_risk, .status, .version] | map(tostring) | join(" ")' '60 0.75 37.5 37.5 draft 2'
req GET /api/v1/dti/2023 --as viewer
status 200
json '[.score, .points, .points_evidenced, .points_at_risk] | map(tostring) | join(" ")' '0.0375 37.5 0 37.5'
json '.at_risk[0] | "\(.code) \(.unit) \(.points)"' '3.1 STTTT 37.5'
# a stale version: 409 with the current state, nothing written
req PATCH /api/v1/dti/2023/3.1 --as sttt --json '{"value":70,"version":1}'
status 409
json .error.code conflict
json '.current.version' 2
json '.current.value' 60
req PATCH /api/v1/dti/2023/3.1 --as sttt -H 'If-Match: "1"' --json '{"value":70}'
status 409
# a value out of range: 422, nothing written
req PATCH /api/v1/dti/2023/3.1 --as sttt --json '{"value":120,"version":2}'
status 422
json .error.code invalid
body_has 'value'
# an editor may not verify, nor assign
req PATCH /api/v1/dti/2023/3.1 --as sttt --json '{"status":"verified"}'
status 403
req PATCH /api/v1/dti/2023/3.1 --as sttt --json '{"unit":"SYT"}'
status 403
req PATCH /api/v1/dti/2023/3.1 --as sttt --json '{"colour":"red"}'
status 400
req GET /api/v1/dti/2023/3.1 --as viewer
json '"\(.version) \(.value)"' '2 60'

# ---- evidence: 20 MB accepted, the name without its directories ------------------------------
req POST /api/v1/dti/2023/3.1/evidence --as sttt -F number=811/KH-UBND -F 'title=Báo cáo hạ tầng băng rộng' -F date=2023-03-15 -F 'summary=Số hộ dùng cáp quang' -F 'file=@big20.pdf;filename=../../etc/bien-ban.pdf;type=application/pdf'
status 201
json '.file.name' bien-ban.pdf
json '.file.size_bytes' 20000000
json '.file.media_type' application/pdf
json '.file.sha256' "$(sha256sum big20.pdf | cut -d' ' -f1)"
json .counts true
json .recorded_by sttt
ev20=$(jq -r .id "$work/.body")
header_has "location: /api/v1/dti/evidence/$ev20/file"
# 3.1's 37,5 points are backed now: nothing at risk
req GET /api/v1/dti/2023 --as viewer
json '[.points, .points_evidenced, .points_at_risk, .score_evidenced] | map(tostring) | join(" ")' '37.5 37.5 0 0.0375'
json '.at_risk | length' 0
req GET /api/v1/dti/2023/3.1 --as viewer
json '[.evidence_in_year, (.evidence_items | length), .points_at_risk] | map(tostring) | join(" ")' '1 1 0'

# the file comes back the same, as an attachment, to a viewer; not without credentials
req GET "/api/v1/dti/evidence/$ev20/file" --as viewer
status 200
header_has 'content-type: application/pdf'
header_has 'content-disposition: attachment; filename="bien-ban.pdf"'
header_has "content-security-policy: default-src 'none'; sandbox"
header_has 'x-content-type-options: nosniff'
if [ "$(sha256sum <"$work/.body" | cut -d' ' -f1)" = "$(sha256sum <big20.pdf | cut -d' ' -f1)" ]; then pass; else fail "the downloaded file differs from the uploaded one"; fi
req GET "/api/v1/dti/evidence/$ev20/file"
status 401
req GET /api/v1/dti/evidence/999999/file --as viewer
status 404
# the page's download link serves the same bytes
req GET "/dti/evidence/$ev20" --as viewer
status 200
header_has 'content-disposition: attachment;'
if cmp -s "$work/.body" big20.pdf; then pass; else fail "the page's download differs from the uploaded file"; fi

# ---- too large: 200 MB gets 413 naming 50 MiB, and nothing is recorded ----------------------
# curl waits for "100 Continue" on a large body: refused before it is sent
req POST /api/v1/dti/2023/3.1/evidence --as sttt -F 'title=Quá lớn' -F date=2023-03-15 -F 'file=@big200.pdf;type=application/pdf'
status 413
json .error.code too_large
json .error.message 'Tệp quá lớn: tối đa 50 MiB.'
# a client that sends the whole body at once (as a browser does) is answered too, after it
req POST /api/v1/dti/2023/3.1/evidence --as sttt -H 'Expect:' -F 'title=Quá lớn' -F date=2023-03-15 -F 'file=@big200.pdf;type=application/pdf'
status 413
json .error.message 'Tệp quá lớn: tối đa 50 MiB.'
# the page's upload route says it in a page
req POST /dti/2023/3.1/evidence --as sttt -H 'Expect:' -F 'title=Quá lớn' -F date=2023-03-15 -F 'file=@big200.pdf;type=application/pdf'
status 413
body_has 'Tệp quá lớn: tối đa 50 MiB.'
req GET /api/v1/dti/2023/3.1 --as viewer
json '.evidence_items | length' 1
# other routes keep their 16 MiB
req PATCH /api/v1/dti/2023/3.1 --as sttt -H 'Expect:' --type application/json --body-file big20.pdf
status 413
json .error.message 'Dữ liệu gửi lên quá lớn: tối đa 16 MiB.'

# ---- a text file named .pdf is refused by its content -----------------------------------------
req POST /api/v1/dti/2023/3.1/evidence --as sttt -F 'title=Giả PDF' -F date=2023-03-15 -F 'file=@fake.pdf;type=application/pdf'
status 422
json .error.code invalid
body_has 'not a PDF, DOCX, XLSX, PNG or JPEG'
req POST /api/v1/dti/2023/3.1/evidence --as sttt -F 'title=Thiếu ngày' -F 'file=@small.pdf'
status 422
req POST /api/v1/dti/2023/3.1/evidence --as sttt --json '{"title":"JSON"}'
status 415
req GET /api/v1/dti/2023/3.1 --as viewer
json '.evidence_items | length' 1

# ---- withdrawal: on record, no longer counted ------------------------------------------------
req POST /api/v1/dti/2023/3.1/evidence --as sttt -F 'title=Bản nháp' -F date=2023-05-02 -F 'file=@small.pdf'
status 201
evsmall=$(jq -r .id "$work/.body")
req POST "/api/v1/dti/evidence/$evsmall/withdraw" --as syt
status 403
req POST "/api/v1/dti/evidence/$evsmall/withdraw" --as sttt
status 200
json .withdrawn true
req POST "/api/v1/dti/evidence/$evsmall/withdraw" --as sttt
status 422
req GET /api/v1/dti/2023/3.1 --as viewer
json '[.evidence_in_year, (.evidence_items | length), ([.evidence_items[] | select(.withdrawn_at != null)] | length)] | map(tostring) | join(" ")' '1 2 1'

# ---- evidence dated outside the year does not count -----------------------------------------
# 7: 80 % of a target of 100 → 0,8 × 200 = 160 points. With 3.1: 197,5 points, score 0,1975.
req PATCH /api/v1/dti/2023/7 --as syt --json '{"value":80}'
status 200
json .points 160
req POST /api/v1/dti/2023/7/evidence --as syt -F number=12/KH-SYT -F 'title=Kế hoạch năm trước' -F date=2022-12-31
status 201
json .counts false
json .file null
req GET /api/v1/dti/2023 --as viewer
json '[.score, .points, .points_evidenced, .points_at_risk] | map(tostring) | join(" ")' '0.1975 197.5 37.5 160'
json '.at_risk[0] | "\(.code) \(.unit) \(.points)"' '7 SYT 160'
json '.by_unit[0] | "\(.unit) \(.owed) \(.overdue) \(.points_at_risk)"' 'SYT 1 1 160'
json '.overdue | join(" ")' '7'
req POST /api/v1/dti/2023/7/evidence --as syt -F number=45/BC-SYT -F 'title=Báo cáo chính quyền số' -F date=2023-06-01
status 201
json .counts true
req GET /api/v1/dti/2023 --as viewer
json '[.points_evidenced, .points_at_risk, .score_evidenced] | map(tostring) | join(" ")' '197.5 0 0.1975'

# ---- an administrator verifies; then the editor may no longer change it ---------------------
req PATCH /api/v1/dti/2023/3.1 --as admin --json '{"status":"verified","version":2}'
status 200
json .status verified
json .version 3
req PATCH /api/v1/dti/2023/3.1 --as sttt --json '{"value":65}'
status 403
req POST /api/v1/dti/2023/3.1/evidence --as sttt -F 'title=Muộn' -F date=2023-07-01 -F 'file=@small.pdf'
status 403
# administrators assign: unit, due date (null: none)
req PATCH /api/v1/dti/2023/3.2 --as admin --json '{"unit":"STTTT","due":"2023-10-31"}'
status 200
json '"\(.unit) \(.due)"' 'STTTT 2023-10-31'
req PATCH /api/v1/dti/2023/3.2 --as admin --json '{"due":null}'
status 200
json .due null

# ---- the administrators' imports -------------------------------------------------------------
printf 'framework,code,parent,name,points,kind,target,rule,evidence_required\nTHU,A,,Chỉ số A,1000,yes_no,,yes_no,no\n' >fw.csv
req POST /api/v1/dti/frameworks?name=fw.csv --as sttt --type text/csv --body-file fw.csv
status 403
req POST /api/v1/dti/frameworks?name=fw.csv --as admin --type text/csv --body-file fw.csv
status 200
json '"\(.rows) \(.inserted)"' '1 1'
printf 'framework,code,parent,name,points,kind,target,rule,evidence_required\nTHU,A,,Chỉ số A,1000,yes_no,,steps:x,no\n' >fw_bad.csv
req POST /api/v1/dti/frameworks?name=fw_bad.csv --as admin --type text/csv --body-file fw_bad.csv
status 422
body_has 'fw_bad.csv:2:'
# the year before, published: the readiness shows it beside this year's values
run dxtrack dti use 2022 QD922
cli_status 0
printf 'year,code,value,source\n2022,DTI,0.4512,dti.gov.vn\n2022,3,0.3,dti.gov.vn\n' >pub.csv
req POST /api/v1/dti/published?name=pub.csv --as viewer --type text/csv --body-file pub.csv
status 403
req POST /api/v1/dti/published?name=pub.csv --as admin --type text/csv --body-file pub.csv
status 200
json .rows 2
req GET /api/v1/dti/2023 --as viewer
json '.previous | "\(.year) \(.score) \(.published)"' '2022 0.4512 true'
# Hạ tầng số: 0,375 this year against 0,3: +0,075
json '.main_indices[] | select(.code == "3") | "\(.value) \(.previous) \(.change)"' '0.375 0.3 0.075'

# ---- the API's JSON is the CLI's, byte for byte ------------------------------------------------
run dxtrack dti readiness 2023 --format json
req GET /api/v1/dti/2023 --as viewer
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "GET /api/v1/dti/2023 differs from dxtrack dti readiness" "$(diff "$work/.out" "$work/.body")"; fi
run dxtrack dti readiness 2023 --as-of 2024-01-15 --format json
req GET '/api/v1/dti/2023?as_of=2024-01-15' --as viewer
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "as_of: API and CLI differ" "$(diff "$work/.out" "$work/.body")"; fi
json .as_of 2024-01-15
req GET '/api/v1/dti/2023?as_of=tomorrow' --as viewer
status 400
run dxtrack dti show 2023 3.1 --format json
req GET /api/v1/dti/2023/3.1 --as viewer
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "GET /api/v1/dti/2023/3.1 differs from dxtrack dti show" "$(diff "$work/.out" "$work/.body")"; fi
run dxtrack dti frameworks --format json
req GET /api/v1/dti --as viewer
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "GET /api/v1/dti differs from dxtrack dti frameworks" "$(diff "$work/.out" "$work/.body")"; fi

# ---- the pages, as a viewer -----------------------------------------------------------------
req GET /dti --as viewer
status 200
body_has 'Điểm tự đánh giá'
body_has '<dd id="fig-score">0,1975'
body_has '<dd id="fig-at-risk">0,00'
req GET /dti/2023/3.1 --as viewer
status 200
body_lacks 'id="evidence-form"'
body_lacks 'id="value-form"'
body_has 'bien-ban.pdf'
req GET /dti/2023/7 --as viewer
body_has 'ngoài năm đánh giá — không được tính'
req GET /dti?year=2031 --as viewer
status 404
body_has 'dxtrack dti use 2031'
