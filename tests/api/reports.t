# The review of the committee's report through the API and the pages (issue 7, part 5): the
# settings its documents use; draft → comments → answers → revised → submitted, with who may do
# what (a viewer comments but cannot answer, revise or submit; an administrator answers); a
# revision and a submission refused while a comment is open; a submitted report locked; and a
# submitted version's documents the same bytes after the data changed, while the live report of
# the changed data differs.
#
# The sample's 2023 report, as of 14/12/2023 (the fixed clock). Its document's sections are the
# built-in template's: "0" (before the first heading), I, I.1 … and II, and "appendix".
login admin
login viewer
login sttt

# ---- settings: everyone reads, administrators write ---------------------------------------------
req GET /api/v1/settings
status 401
req GET /api/v1/settings --as viewer
status 200
json '.settings | length' 10
json '.settings[0] | "\(.key) \(.value)"' 'parent_body null'
json '.settings | map(.key) | join(",")' 'parent_body,issuing_body,number_suffix,place,signer_authority,signer_title,signer_name,recipients,report_title,template'
req PUT /api/v1/settings/signer_name --as viewer --json '{"value":"Nguyễn Văn A"}'
status 403
json .error.code forbidden
req PUT /api/v1/settings/signer_name --as sttt --json '{"value":"Nguyễn Văn A"}'
status 403
req PUT /api/v1/settings/signer_name --as admin --json '{"value":"Nguyễn Văn A"}'
status 200
json '"\(.key)=\(.value)"' 'signer_name=Nguyễn Văn A'
req PUT /api/v1/settings/recipients --as admin --json '{"value":"Ban Thường vụ Tỉnh ủy (b/c);\nThành viên Ban Chỉ đạo;\nLưu: VT."}'
status 200
req PUT /api/v1/settings/nothing --as admin --json '{"value":"x"}'
status 404
req PUT /api/v1/settings/place --as admin --json '{"value":3}'
status 400
req PUT /api/v1/settings/place --as admin --json '{"value":"Bắc Kạn","other":1}'
status 400
# 64 KiB at most
head -c 65537 /dev/zero | tr '\0' 'a' >big.txt
req PUT /api/v1/settings/template --as admin --json "{\"value\":\"$(cat big.txt)\"}"
status 422
body_has 'at most 65536'
# null removes; the audit has old and new
req PUT /api/v1/settings/place --as admin --json '{"value":"Bắc Kạn"}'
status 200
req PUT /api/v1/settings/place --as admin --json '{"value":null}'
status 200
json .value null
req GET '/api/v1/audit?action=setting.set' --as viewer
status 200
json '[.entries[] | select(.object == "setting place")] | length' 2
json '[.entries[] | select(.object == "setting place")][1].detail | "\(.old) \(.new)"' 'null Bắc Kạn'
json '[.entries[] | select(.object == "setting place")][0].detail | "\(.old) \(.new)"' 'Bắc Kạn null'
# the API's list is the CLI's, byte for byte
run dxtrack settings list --format json
req GET /api/v1/settings --as viewer
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "GET /api/v1/settings differs from dxtrack settings list --format json" "$(diff "$work/.out" "$work/.body")"; fi

# ---- a draft: administrators only, one report a year --------------------------------------------
req GET /api/v1/reports --as viewer
status 200
json '.reports | length' 0
req POST /api/v1/reports --as viewer --json '{"year":2023}'
status 403
req POST /api/v1/reports --as admin --json '{"year":1999}'
status 400
req POST /api/v1/reports --as admin --json '{"year":2023,"date":"2023-12-14","number":"125"}'
status 201
rid=$(jq -r .id "$work/.body")
header_has "location: /api/v1/reports/$rid"
json '"\(.year) \(.version) \(.status) \(.versions | length) \(.comments | length)"' '2023 1 draft 1 0'
json '.versions[0].sha256 | length' 64
json '.versions[0].author' admin
sha1=$(jq -r '.versions[0].sha256' "$work/.body")
req POST /api/v1/reports --as admin --json '{"year":2023}'
status 409
json .report "$rid"
req GET /api/v1/reports --as viewer
json '.reports | map("\(.year)/\(.version)/\(.status)") | join(" ")' '2023/1/draft'
req GET /api/v1/reports/999 --as viewer
status 404

# ---- a committee member (viewer) comments; it cannot answer, revise or submit -------------------
req POST "/api/v1/reports/$rid/comments" --as viewer --json '{"version":1,"section":"I","text":"Đề nghị bổ sung số liệu giải ngân đến hết quý IV."}'
status 201
cid=$(jq -r .id "$work/.body")
json '"\(.version) \(.section) \(.author) \(.answer)"' '1 I viewer open'
json .answer_text null
req POST "/api/v1/reports/$rid/comments" --as viewer --json '{"version":1,"section":"IX","text":"Mục không có"}'
status 422
body_has 'no section \"IX\"'
req POST "/api/v1/reports/$rid/comments" --as viewer --json '{"version":1,"section":"I","text":"   "}'
status 422
body_has 'write something'
req POST "/api/v1/reports/$rid/comments" --as viewer --json "{\"version\":1,\"section\":\"I\",\"text\":\"$(head -c 4001 /dev/zero | tr '\0' 'x')\"}"
status 422
body_has '4001 characters: at most 4000'
req POST "/api/v1/reports/$rid/comments" --as viewer --json '{"version":2,"section":"I","text":"Bản chưa có"}'
status 404
req POST "/api/v1/reports/$rid/comments" --as viewer --json '{"version":1,"section":"I"}'
status 400
req POST "/api/v1/reports/$rid/comments" --as sttt --json '{"version":1,"section":"appendix","text":"Phụ lục ghi đúng tên Sở TT&TT."}'
status 201
cid2=$(jq -r .id "$work/.body")
req POST "/api/v1/comments/$cid/answer" --as viewer --json '{"answer":"accepted","text":"Tự trả lời"}'
status 403
req POST "/api/v1/reports/$rid/revise" --as viewer
status 403
req POST "/api/v1/reports/$rid/submit" --as viewer
status 403
req POST "/api/v1/reports/$rid/revise" --as sttt
status 403

# ---- an administrator: revising and submitting are refused while a comment is open --------------
req POST "/api/v1/reports/$rid/revise" --as admin
status 409
json .error.code conflict
body_has '2 comments on version 1 are still open'
req POST "/api/v1/reports/$rid/submit" --as admin
status 409
req POST "/api/v1/comments/$cid/answer" --as admin --json '{"answer":"open","text":"x"}'
status 400
req POST "/api/v1/comments/$cid/answer" --as admin --json '{"answer":"accepted","text":""}'
status 422
req POST "/api/v1/comments/$cid/answer" --as admin --json '{"answer":"accepted","text":"Đã bổ sung số liệu đến ngày 14/12/2023."}'
status 200
json '"\(.id) \(.answer) \(.answered_by)"' "$cid accepted admin"
json .answer_text 'Đã bổ sung số liệu đến ngày 14/12/2023.'
# answered once
req POST "/api/v1/comments/$cid/answer" --as admin --json '{"answer":"rejected","text":"Đổi ý"}'
status 409
req POST /api/v1/comments/99999/answer --as admin --json '{"answer":"rejected","text":"Không có"}'
status 404
req POST "/api/v1/reports/$rid/revise" --as admin
status 409
body_has '1 comment on version 1 is still open'
req POST "/api/v1/comments/$cid2/answer" --as admin --json '{"answer":"explained","text":"Tên đơn vị lấy theo danh mục đơn vị của tỉnh."}'
status 200

# ---- the next version, from the data as it now is; comments go on the latest only ----------------
# meanwhile CDS23-08 is completed: 22 tasks completed instead of 21
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '{"progress_pct":100,"status":"completed"}'
status 200
req POST "/api/v1/reports/$rid/revise" --as admin --json '{"date":"2023-12-15","number":"126"}'
status 200
json '"\(.version) \(.status) \(.versions | length) \(.comments | length)"' '2 revised 2 2'
json '.versions[0].status' draft
json '.versions[0].sha256' "$sha1"
req POST "/api/v1/reports/$rid/comments" --as viewer --json '{"version":1,"section":"I","text":"Góp ý cho bản cũ"}'
status 409
body_has 'latest version, 2'
req POST "/api/v1/reports/$rid/revise" --as admin --json '{"colour":"red"}'
status 400

# ---- submitted: locked ------------------------------------------------------------------------------
req POST "/api/v1/reports/$rid/submit" --as admin
status 200
json '"\(.version) \(.status)"' '2 submitted'
json '.versions[1].submitted_at' '2023-12-14T08:00:00Z'
json '.versions[0].submitted_at' null
req POST "/api/v1/reports/$rid/comments" --as viewer --json '{"version":2,"section":"I","text":"Sau khi trình"}'
status 409
body_has 'submitted'
req POST "/api/v1/reports/$rid/revise" --as admin
status 409
req POST "/api/v1/reports/$rid/submit" --as admin
status 409
run dxtrack report show "$rid" --format json
req GET "/api/v1/reports/$rid" --as viewer
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "GET /api/v1/reports/ID differs from dxtrack report show ID --format json" "$(diff "$work/.out" "$work/.body")"; fi
run dxtrack report list --format json
req GET /api/v1/reports --as viewer
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "GET /api/v1/reports differs from dxtrack report list --format json" "$(diff "$work/.out" "$work/.body")"; fi

# ---- the audit: one row per step -----------------------------------------------------------------
run dxtrack audit --action report. --format json
cli_status 0
if [ "$(jq -r 'map(.action) | join(" ")' "$work/.out")" = "report.submit report.revise report.answer report.answer report.comment report.comment report.draft" ]; then pass; else fail "audit rows of the review" "$(jq -r 'map(.action) | join(" ")' "$work/.out")"; fi

# ---- the submitted version regenerates byte for byte after the data changes ---------------------
# (needs the document renderers: report/docx.c, pdf.c, appendix_xlsx.c)
req GET "/api/v1/reports/$rid/versions/2.docx" --as viewer
status 200
header_has 'content-type: application/vnd.openxmlformats-officedocument.wordprocessingml.document'
header_has 'content-disposition: attachment; filename="bao-cao-2023-ban-2.docx"'
cp "$work/.body" v2-before.docx
req GET "/api/v1/reports/$rid/versions/2.pdf" --as viewer
status 200
header_has 'content-type: application/pdf'
cp "$work/.body" v2-before.pdf
req GET "/api/v1/reports/$rid/versions/2.xlsx" --as viewer
status 200
cp "$work/.body" v2-before.xlsx
req GET "/api/v1/reports/$rid/versions/2.odt" --as viewer
status 404
req GET "/api/v1/reports/$rid/versions/7.docx" --as viewer
status 404
req GET "/api/v1/reports/$rid/versions/2.docx"
status 401
# the live report of the same day and options is the same document, before the data changes
run dxtrack report docx --year 2023 --date 2023-12-15 --number 126 -o live-before.docx
cli_status 0
same_bytes() { if cmp -s "$1" "$2"; then pass; else fail "$1 and $2 differ (sha256 $(sha256sum <"$1" | cut -c1-16) / $(sha256sum <"$2" | cut -c1-16))"; fi; }
differ_bytes() { if cmp -s "$1" "$2"; then fail "$1 and $2 are the same bytes"; else pass; fi; }
same_bytes v2-before.docx live-before.docx
# a task update through the API: CDS23-09 completed too (23 tasks completed)
req PATCH /api/v1/tasks/2023/CDS23-09 --as sttt --json '{"progress_pct":100,"status":"completed","note":"Hoàn thành kết nối 4 cấp"}'
status 200
req GET "/api/v1/reports/$rid/versions/2.docx" --as viewer
status 200
cp "$work/.body" v2-after.docx
req GET "/api/v1/reports/$rid/versions/2.pdf" --as viewer
cp "$work/.body" v2-after.pdf
req GET "/api/v1/reports/$rid/versions/2.xlsx" --as viewer
cp "$work/.body" v2-after.xlsx
same_bytes v2-before.docx v2-after.docx
same_bytes v2-before.pdf v2-after.pdf
same_bytes v2-before.xlsx v2-after.xlsx
if [ "$(sha256sum <v2-before.docx)" = "$(sha256sum <v2-after.docx)" ]; then pass; else fail "sha256sum of the submitted DOCX changed"; fi
# the live report of the changed data differs; the CLI's copy of the version does not
run dxtrack report docx --year 2023 --date 2023-12-15 --number 126 -o live-after.docx
cli_status 0
differ_bytes v2-before.docx live-after.docx
run dxtrack report get "$rid" --version 2 --format docx -o cli.docx
cli_status 0
same_bytes v2-before.docx cli.docx
# the page's download link serves the same bytes
req GET "/reports/$rid/2.docx" --as viewer
status 200
cp "$work/.body" page.docx
same_bytes v2-before.docx page.docx
# what changed between the versions: the figures (21 → 22 completed), the number and date, the
# paragraphs that carry the counts; the versions are frozen, so not CDS23-09's 23
req GET "/reports/$rid/compare?a=1&b=2" --as viewer
status 200
body_has 'id="figures-diff"'
body_has '<tr><th scope="row" class="code">tasks_completed</th><td>21</td><td>22</td></tr>'
body_lacks '<td>23</td>'
body_has '<del>Số: 125/BC-BCĐ</del>'
body_has '<ins>Số: 126/BC-BCĐ</ins>'
body_has '<ins>Bắc Kạn, ngày 15 tháng 12 năm 2023</ins>'
req GET "/reports/$rid/compare?a=2&b=2" --as viewer
status 200
body_has 'Không có số liệu nào thay đổi.'
body_has 'Nội dung không thay đổi.'
req GET "/reports/$rid/compare?a=1&b=5" --as viewer
status 404

# ---- the pages: a viewer reads and comments; forms by rights --------------------------------------
req GET /reports --as viewer
status 200
body_has 'Bản 2'
body_has 'Đã trình'
body_lacks 'id="draft-form"'
req GET /reports --as admin
body_has 'id="draft-form"'
req GET "/reports/$rid" --as viewer
status 200
body_has 'Báo cáo đã trình ký'
body_lacks 'class="comment-form"'
body_lacks 'id="revise-form"'
body_has 'id="comment-log"'
body_has 'Đã bổ sung số liệu đến ngày 14/12/2023.'
body_has "/reports/$rid/2.docx"
req GET "/reports/$rid?version=1" --as viewer
status 200
body_has 'Đây là một bản cũ'
body_lacks 'class="comment-form"'
req GET "/reports/$rid?version=9" --as viewer
status 404
req GET "/reports/$rid/9.docx" --as viewer
status 404

# the draft form of the list page, as a browser posts it
req GET /login --cookie
csrf=$(form_csrf)
req POST /login --cookie --form "username=admin&password=pw-admin-2023&csrf=$csrf"
status 303
req GET /reports --cookie
status 200
csrf=$(form_csrf)
req POST /reports --cookie --form "csrf=$csrf&year=abc"
status 422
body_has 'năm báo cáo phải là một năm'
req POST /reports --cookie --form "csrf=$csrf&year=2023"
status 409
body_has 'Năm này đã có báo cáo'
req POST /reports --cookie --form "year=2022"
status 403
req POST /reports --cookie --form "csrf=$csrf&year=2022&date=2022-12-31&number=9"
status 303
header_has 'location: /reports/'
