# The review of the committee's report on the command line (issue 7, parts 1 and 5): settings
# listed, read, set from a value and from a file, removed, with their mistakes refused; then a
# report drafted, commented, answered, revised and submitted, every refusal on the way (an open
# comment, a stale or submitted version, a section the document does not have, an answer given
# twice), the documents of a version written from its snapshot, and the audit rows of each step.
run dxtrack import units "$SAMPLE/units.csv"
status 0
run dxtrack import tasks "$SAMPLE/tasks.csv" --as-of 2023-12-14
status 0

# ---- settings ------------------------------------------------------------------------------------
run dxtrack settings
status 0
out_has '# Cơ quan chủ quản (dòng 1 của ô 2): UBND TỈNH BẮC KẠN'
out_has 'parent_body: (chưa đặt: dùng mặc định)'
out_has 'template: (chưa đặt: dùng mặc định)'
run dxtrack settings list --format json
status 0
out_has '{"settings":[{"key":"parent_body","value":null,"help":"Cơ quan chủ quản (dòng 1 của ô 2): UBND TỈNH BẮC KẠN"}'
run dxtrack settings get signer_name
status 1
err_has 'signer_name is not set'
run dxtrack settings set signer_name "Nguyễn Văn A" --as "Trần Thị B"
status 0
out_is <<'EOF'
signer_name: set (15 bytes).
EOF
run dxtrack settings set signer_name "Nguyễn Văn A"
status 0
out_is <<'EOF'
signer_name: unchanged.
EOF
run dxtrack settings get signer_name
status 0
out_is <<'EOF'
Nguyễn Văn A
EOF
# a value starting with "-" after "--"; several lines from a file
run dxtrack settings set number_suffix -- -BCĐ
status 0
run dxtrack settings get number_suffix
out_is <<'EOF'
-BCĐ
EOF
printf 'Ban Thường vụ Tỉnh ủy (b/c);\nThường trực HĐND tỉnh (b/c);\nLưu: VT.\n' >noi-nhan.txt
run dxtrack settings set recipients --file noi-nhan.txt
status 0
run dxtrack settings get recipients
out_is <<'EOF'
Ban Thường vụ Tỉnh ủy (b/c);
Thường trực HĐND tỉnh (b/c);
Lưu: VT.
EOF
run dxtrack settings list
out_has 'recipients:'
out_has '  Thường trực HĐND tỉnh (b/c);'
# the template setting takes a whole file (at most 64 KiB)
cat >mau.txt <<'EOF'
Báo cáo năm {{year}} của Ban Chỉ đạo.
# I. KẾT QUẢ
Tổng số {{tasks_total}} nhiệm vụ.
# II. KIẾN NGHỊ
- Đề nghị tiếp tục bố trí kinh phí.
EOF
run dxtrack settings set template --file mau.txt
status 0
run dxtrack settings list
out_has 'template: 5 dòng,'
dxtrack settings get template >got.txt
same_files mau.txt got.txt
# mistakes: an unknown key, invalid UTF-8, too large, both VALUE and --file, nothing to set
run dxtrack settings set colour red
status 2
err_has 'unknown setting "colour": one of parent_body, issuing_body, number_suffix, place, signer_authority, signer_title, signer_name, recipients, report_title, template'
run dxtrack settings get colour
status 2
run dxtrack settings set place "$(printf 'B\xe1c K\xa1n')"
status 3
err_has 'setting place: invalid UTF-8 at byte 2'
err_has 'nothing was written'
head -c 65537 /dev/zero | tr '\0' 'a' >big.txt
run dxtrack settings set template --file big.txt
status 3
err_has 'setting template: the value is 65537 bytes long: at most 65536'
run dxtrack settings set place "Bắc Kạn" --file noi-nhan.txt
status 2
run dxtrack settings set place
status 2
run dxtrack settings frobnicate
status 2
run dxtrack settings set template --file no-such-file.txt
status 1
# "" removes a setting: the default applies again
run dxtrack settings set template ""
status 0
out_has 'template: removed (the built-in default applies).'
run dxtrack settings get template
status 1
run dxtrack audit --action setting.set --format json
status 0
out_has '"object":"setting template","detail":{"key":"template","new":null,"old":"Báo cáo năm {{year}}'
out_has '"actor":"Trần Thị B","action":"setting.set","object":"setting signer_name","detail":{"key":"signer_name","new":"Nguyễn Văn A","old":null}'

# ---- the review --------------------------------------------------------------------------------
run dxtrack report list
status 0
out_has 'Chưa có báo cáo nào'
run dxtrack report draft
status 2
err_has '--year Y is required'
run dxtrack report draft --year 2023 --date 14/12/2023 --number 125 --as "Phòng Chuyển đổi số"
status 0
out_has 'report 2023 (id 1): version 1, draft, sha256 '
run dxtrack report draft --year 2023
status 1
err_has 'report 2023: year 2023 has a report already (id 1): revise it (dxtrack report revise 1)'
run dxtrack report list
out_has 'dự thảo'
out_has 'Phòng Chuyển đổi số'
# comments: on a section the document has, on the latest version
run dxtrack report comment 1 --version 1 --section I --text "Đề nghị bổ sung số liệu quý IV." --as "Thành viên A"
status 0
out_is <<'EOF'
comment 1 on version 1 of report 1, section I.
EOF
run dxtrack report comment 1 --version 1 --section appendix --text "Phụ lục thiếu ghi chú." --as "Thành viên B"
status 0
run dxtrack report comment 1 --version 1 --section V --text "Mục không có"
status 3
err_has 'report 2023 v1: section: no section "V" in this version: one of 0, I, I.1, I.2, I.3, II, appendix'
run dxtrack report comment 1 --version 3 --section I --text "Bản không có"
status 1
err_has 'report 2023 v3: version: the report has versions 1 to 1'
run dxtrack report comment 9 --version 1 --section I --text "x"
status 1
err_has 'no report with id 9'
run dxtrack report comment 1 --version 1 --section I
status 2
# revising and submitting wait for the answers
run dxtrack report revise 1
status 1
err_has 'report 2023 v1: 2 comments on version 1 are still open: answer them before the report is revised'
run dxtrack report submit 1
status 1
err_has 'before the report is submitted'
run dxtrack report answer 1 --text "Đã bổ sung."
status 2
run dxtrack report answer 1 --accept --reject --text "x"
status 2
run dxtrack report answer 1 --accept --text "Đã bổ sung số liệu đến 14/12/2023."
status 0
out_is <<'EOF'
comment 1: accepted (tiếp thu).
EOF
run dxtrack report answer 1 --reject --text "Đổi ý"
status 1
err_has 'report 2023 v1 comment 1: the comment was answered already (accepted, by '
run dxtrack report answer 2 --explain --text "  "
status 3
err_has 'comment 2: text: write something (1 to 4000 characters)'
run dxtrack report answer 2 --explain --text "Ghi chú có trong cột Tình trạng."
status 0
run dxtrack report revise 1 --number 126
status 0
out_has 'report 2023 (id 1): version 2, revised, sha256 '
run dxtrack report comment 1 --version 1 --section I --text "Bản cũ"
status 1
err_has 'a comment goes on the latest version, 2: this one was revised'
run dxtrack report show 1
status 0
out_has 'Báo cáo năm 2023 (id 1): bản mới nhất 2, bản sửa đổi'
out_has '#1  bản 1, mục I — Thành viên A, 14/12/2023 08:00'
out_has '    → tiếp thu ('
out_has '      Đã bổ sung số liệu đến 14/12/2023.'
out_has '#2  bản 1, mục appendix — Thành viên B'
run dxtrack report show 1 --version 2
out_has 'Chưa có ý kiến góp ý nào.'
run dxtrack report show 1 --format json
out_has '"id":1,"year":2023,"version":2,"status":"revised","versions":[{"version":1,"status":"draft",'
out_has '"comments":[{"id":1,"version":1,"section":"I","text":"Đề nghị bổ sung số liệu quý IV.","author":"Thành viên A"'
run dxtrack report submit 1
status 0
out_has 'report 2023 (id 1): version 2, submitted at 2023-12-14T08:00:00Z, sha256 '
run dxtrack report submit 1
status 1
err_has 'the report was submitted (version 2, 2023-12-14T08:00:00Z): it can no longer be submitted'
run dxtrack report revise 1
status 1
run dxtrack report comment 1 --version 2 --section I --text "Sau khi trình"
status 1
err_has 'version 2 is submitted: it takes no more comments'

# ---- the documents of a version, from its snapshot (needs report/docx.c, pdf.c, appendix_xlsx.c) --
run dxtrack report get 1 --version 1 --format docx -o v1.docx
status 0
out_has 'v1.docx: report 2023, version 1, docx ('
run dxtrack report get 1 --version 1 --format docx -o v1-again.docx
same_files v1.docx v1-again.docx
run dxtrack report get 1 --format pdf -o v2.pdf
status 0
run dxtrack report get 1 --format xlsx -o v2.xlsx
status 0
run dxtrack report get 1 --format odt -o x.odt
status 2
run dxtrack report get 1 --format docx
status 2
run dxtrack report get 1 --version 7 --format docx -o x.docx
status 1
err_has 'report 2023 v7: the report has no version 7'
run dxtrack report bogus
status 2

# ---- one audit row per step, in order ----------------------------------------------------------------
run dxtrack audit --action report.
status 0
out_has '7 rows, newest first.'
run dxtrack audit --action report. --format json
out_has '"action":"report.submit","object":"report 2023 v2"'
out_has '"action":"report.revise","object":"report 2023 v2"'
out_has '"action":"report.answer","object":"report 2023 v1 comment 2"'
out_has '"action":"report.comment","object":"report 2023 v1 comment 1"'
out_has '"actor":"Phòng Chuyển đổi số","action":"report.draft","object":"report 2023 v1"'
