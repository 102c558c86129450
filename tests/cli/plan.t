# Next year's catalogue (issue 5): proposals imported all or nothing, carry-over of the sample's
# unfinished 2023 tasks (figures recomputed here with awk from the sample's CSV), the selection
# under a ceiling as JSON, locks and excludes, adoption and the adopted catalogue.
run dxtrack import units "$SAMPLE/units.csv"
status 0
run dxtrack import tasks "$SAMPLE/tasks.csv"
status 0
run dxtrack plan --help
status 0
out_has 'Usage: dxtrack [--db PATH] plan --year Y --budget-vnd N'

# ---- a proposals file with mistakes: every one is reported, nothing is written ----
cat > bad.csv <<'END'
code,year,name,investor,budget_vnd,status,carried_from,tags,score
P-1,2025,Tốt,STTTT,1.000.000.000,,,citizen_service,5
P-2,2025,Điểm quá cao,STTTT,1000000,,,,1001
P-3,2025,Điểm bằng chữ,STTTT,1000000,,,,cao
P-4,2025,Đã bắt đầu,STTTT,1000000,in_progress,,,
P-5,2025,Không rõ chủ đầu tư,NOPE,1000000,,,,
P-1,2025,Lặp mã,STTTT,1000000,,,,
P-7,2025,Chuyển tiếp không rõ,STTTT,1000000,,CDS99-99,,
P-8,2025,Tiền sai,STTTT,12abc,,,,
P-9,2025,Thẻ sai,STTTT,1000000,,,phuc_vu,
END
run dxtrack import proposals bad.csv
status 3
err_has 'bad.csv:3: score: the score must be a whole number from 0 to 1000, got "1001"'
err_has 'bad.csv:4: score: the score must be a whole number from 0 to 1000, got "cao"'
err_has 'bad.csv:5: status: a proposal is not begun yet: its status is planned (chưa triển khai)'
err_has 'bad.csv:6: investor: unknown unit "NOPE": import it with `dxtrack import units` first'
err_has 'bad.csv:7: code: proposal 2025/P-1 appears again (first on line 2)'
err_has 'bad.csv:8: carried_from: no task "CDS99-99" in a year before 2025'
err_has 'bad.csv:9: budget_vnd:'
err_has 'bad.csv:10: tags: unknown tag "phuc_vu"'
err_has 'dxtrack: 8 problems; nothing was written'
err_lacks 'bad.csv:2:'
# a required column of the tasks header is still required
printf 'code,year,name,budget_vnd\nP-1,2025,x,1\n' > nocol.csv
run dxtrack import proposals nocol.csv
status 3
err_has 'nocol.csv:1: missing required column "investor"'
run dxtrack plan --year 2025 --budget-vnd 1.000.000.000.000 --format json
status 0
out_is <<'END'
{"year":2025,"budget_vnd":1000000000000,"selected_vnd":0,"selected":[],"not_selected":[]}
END

# ---- carry-over: every 2023 task now in progress or deferred, budget − disbursed ----
# The CSV reader below is RFC 4180 enough for the sample (quoted fields with commas).
csvawk() {
	awk -v want="$1" '
	function parse(s, f,    n, p, fld) {
		n = 0
		while (1) {
			if (substr(s, 1, 1) == "\"") {
				s = substr(s, 2); fld = ""
				while (1) {
					p = index(s, "\""); fld = fld substr(s, 1, p - 1)
					if (substr(s, p + 1, 1) == "\"") { fld = fld "\""; s = substr(s, p + 2) }
					else { s = substr(s, p + 1); break }
				}
				f[++n] = fld
				if (s == "") return n
				s = substr(s, 2)
			} else {
				p = index(s, ",")
				f[++n] = p ? substr(s, 1, p - 1) : s
				if (!p) return n
				s = substr(s, p + 1)
			}
		}
	}
	{ sub(/\r$/, ""); n = parse($0, f) }
	NR == 1 { for (i = 1; i <= n; i++) col[f[i]] = i; next }
	want == "sample" && f[col["year"]] == 2023 &&
	    (f[col["status"]] == "in_progress" || f[col["status"]] == "deferred") {
		b = f[col["budget_vnd"]]; d = f[col["disbursed_vnd"]]; gsub(/\./, "", b); gsub(/\./, "", d)
		printf "%s %.0f\n", f[col["code"]], b - d
	}
	want == "plan" { printf "%s %s\n", f[col["code"]], f[col["budget_vnd"]] }' | LC_ALL=C sort
}
csvawk sample <"$SAMPLE/tasks.csv" >want.txt
n=$(wc -l <want.txt)
run dxtrack plan carry-over --from 2023
status 0
out_has "2023 → 2024: $n tasks in progress or deferred carried over as proposals ($n new, 0 updated, 0 unchanged)."
if [ "$n" -eq 19 ]; then pass; else fail "the sample has 19 tasks to carry over, awk found $n"; fi
run dxtrack plan --year 2024 --budget-vnd 1.000.000.000.000 --format csv
status 0
printf '%s\n' "$OUT" | csvawk plan >got.txt
same_files want.txt got.txt
# CDS23-08: 8.000.000.000 − 2.800.000.000; carried from itself, tier 1 by its tag
out_has 'CDS23-08,Đầu tư hạ tầng Trung tâm dữ liệu tỉnh Bắc Kạn,STTTT,1,1,5200000000,1,Ưu tiên số 1: hạ tầng dùng chung'
# CDS23-10 (sector_management, socio_economic, carried over): tier 2
out_has 'CDS23-10,Xây dựng cơ sở dữ liệu đất đai tỉnh Bắc Kạn,STNMT,2,1,6400000000,1,Ưu tiên số 2: nhiệm vụ chuyển tiếp từ năm 2023'

# twice: nothing changes
run dxtrack plan carry-over --from 2023
status 0
out_has "(0 new, 0 updated, $n unchanged)."
# the committee scores a carried proposal; more money is disbursed; carried over again, the
# proposal takes the new remainder (9.000 − 3.000 million) and keeps its score
printf 'code,year,name,investor,budget_vnd,carried_from,tags,score\nCDS23-10,2024,Xây dựng cơ sở dữ liệu đất đai tỉnh Bắc Kạn,STNMT,6400000000,CDS23-10,sector_management;socio_economic,800\n' > score.csv
run dxtrack import proposals score.csv
status 0
out_has 'score.csv: 1 proposals imported (0 new, 1 updated, 0 unchanged).'
run dxtrack task update 2023 CDS23-10 --disbursed 3.000.000.000
status 0
run dxtrack plan carry-over --from 2023
status 0
out_has "(0 new, 1 updated, $((n - 1)) unchanged)."
run dxtrack plan --year 2024 --budget-vnd 1.000.000.000.000 --format json
status 0
out_has '{"code":"CDS23-10","tier":2,"score":800,"budget_vnd":6000000000,"reason":"Ưu tiên số 2: nhiệm vụ chuyển tiếp từ năm 2023"}'

# ---- a small catalogue, worked out by hand (costs in millions, rounded up) ----
# tier 1: K-A 6.000 (70), K-B 5.000 (50), K-C 5.000 (50); tier 2: K-D 2.501 (40; 2.500.000.001
# đồng), K-E 2.000 (30); tier 3: K-F 1.000 (20), K-G 500 (0).
# Ceiling 14.000: tier 1 takes {K-A, K-B} (120; {K-A, K-C} ties in score and cost, K-B is the
# first code), 3.000 left; tier 2 cannot take both (4.501): K-D (40), 499 left; tier 3: K-F
# does not fit, nor K-G (500 > 499, because K-D rounds up).
cat > proposals.csv <<'END'
code,year,name,investor,budget_vnd,tags,carried_from,score
K-A,2025,Cổng dịch vụ công,STTTT,6.000.000.000,online_public_service,,70
K-B,2025,Hạ tầng dùng chung,STTTT,5.000.000.000,shared_infrastructure,,50
K-C,2025,An toàn thông tin,STTTT,5.000.000.000,information_security,,50
K-D,2025,Cơ sở dữ liệu đất đai,STNMT,2500000001,sector_management,CDS23-10,40
K-E,2025,Số hóa di sản,SVHTTDL,2.000.000.000,,CDS23-29,30
K-F,2025,Nông nghiệp số,SNNPTNT,1.000.000.000,socio_economic,,20
K-G,2025,Cổng xúc tiến,SCT,500.000.000,sector_management,,0
END
run dxtrack import proposals proposals.csv
status 0
out_has 'proposals.csv: 7 proposals imported (7 new, 0 updated, 0 unchanged).'
run dxtrack plan --year 2025 --budget-vnd 14.000.000.000 --format json
status 0
out_is <<'END'
{"year":2025,"budget_vnd":14000000000,"selected_vnd":13500000001,"selected":[{"code":"K-A","tier":1,"score":70,"budget_vnd":6000000000,"reason":"Ưu tiên số 1: dịch vụ công trực tuyến"},{"code":"K-B","tier":1,"score":50,"budget_vnd":5000000000,"reason":"Ưu tiên số 1: hạ tầng dùng chung"},{"code":"K-D","tier":2,"score":40,"budget_vnd":2500000001,"reason":"Ưu tiên số 2: nhiệm vụ chuyển tiếp từ năm 2023"}],"not_selected":[{"code":"K-C","tier":1,"score":50,"budget_vnd":5000000000,"reason":"không đủ kinh phí còn lại"},{"code":"K-E","tier":2,"score":30,"budget_vnd":2000000000,"reason":"không đủ kinh phí còn lại"},{"code":"K-F","tier":3,"score":20,"budget_vnd":1000000000,"reason":"không đủ kinh phí còn lại"},{"code":"K-G","tier":3,"score":0,"budget_vnd":500000000,"reason":"không đủ kinh phí còn lại"}]}
END
# ceiling 10.000: greedy by score per cost would take K-A alone (70); the exact choice is
# {K-B, K-C} (100)
run dxtrack plan --year 2025 --budget-vnd 10000000000 --format json
status 0
out_has '"selected_vnd":10000000000,"selected":[{"code":"K-B",'
out_has '{"code":"K-C","tier":1,"score":50,"budget_vnd":5000000000,"reason":"Ưu tiên số 1: an toàn thông tin"}],"not_selected":[{"code":"K-A",'
# lock K-G (500), exclude K-A: 13.500 left; tier 1 takes K-B and K-C (3.500 left), tier 2 K-D
# (999 left), tier 3 cannot take K-F (1.000)
run dxtrack plan --year 2025 --budget-vnd 14.000.000.000 --lock K-G --exclude K-A --format json
status 0
out_is <<'END'
{"year":2025,"budget_vnd":14000000000,"selected_vnd":13000000001,"selected":[{"code":"K-B","tier":1,"score":50,"budget_vnd":5000000000,"reason":"Ưu tiên số 1: hạ tầng dùng chung"},{"code":"K-C","tier":1,"score":50,"budget_vnd":5000000000,"reason":"Ưu tiên số 1: an toàn thông tin"},{"code":"K-D","tier":2,"score":40,"budget_vnd":2500000001,"reason":"Ưu tiên số 2: nhiệm vụ chuyển tiếp từ năm 2023"},{"code":"K-G","tier":3,"score":0,"budget_vnd":500000000,"reason":"Ưu tiên số 3: nâng cao hiệu quả quản lý ngành, lĩnh vực, phát triển kinh tế - xã hội (chọn theo yêu cầu)"}],"not_selected":[{"code":"K-A","tier":1,"score":70,"budget_vnd":6000000000,"reason":"bị loại theo yêu cầu"},{"code":"K-E","tier":2,"score":30,"budget_vnd":2000000000,"reason":"không đủ kinh phí còn lại"},{"code":"K-F","tier":3,"score":20,"budget_vnd":1000000000,"reason":"không đủ kinh phí còn lại"}]}
END
# locks over the ceiling, unknown codes, a code both locked and excluded
run dxtrack plan --year 2025 --budget-vnd 14.000.000.000 --lock K-A --lock K-B --lock K-C
status 3
err_has '--lock: the locked proposals cost 16.000.000.000 đồng (in whole millions, rounded up), more than the ceiling of 14.000.000.000 đồng'
run dxtrack plan --year 2025 --budget-vnd 14.000.000.000 --lock NOPE --exclude K-B --lock K-B
status 3
err_has '--lock: no proposal "NOPE" for 2025'
err_has '--exclude: K-B is locked in and excluded at once'
run dxtrack plan --year 2025 --budget-vnd 14 tỷ
status 2
run dxtrack plan --year 2025
status 2
err_has '--budget-vnd N is required'
# the table names the cut line
run dxtrack plan --year 2025 --budget-vnd 14.000.000.000
status 0
out_has 'Được chọn: 3 đề xuất, 13.500.000.001 đồng'
out_has '--- Không được chọn: 4 đề xuất ---'
out_has 'Kinh phí được chọn 13.500.000.001 đồng; còn lại 499.999.999 đồng.'

# ---- adoption ----
run dxtrack plan adopt --year 2025 --budget-vnd 0
status 3
err_has 'nothing to adopt: no proposal for 2025 is selected'
run dxtrack plan show --year 2025
status 1
err_has 'no catalogue adopted for 2025'
run dxtrack plan adopt --year 2025 --budget-vnd 14.000.000.000 --as "Chủ tịch"
status 0
out_has '2025: 3 proposals adopted as tasks (planned), 13.500.000.001 of a 14.000.000.000 đồng ceiling'
run dxtrack tasks --year 2025 --format csv
status 0
out_is <<'END'
code,year,name,investor,category,funding,budget_vnd,disbursed_vnd,progress_pct,status,carried_from,tags,start_date,end_date,note
K-A,2025,Cổng dịch vụ công,STTTT,,,6000000000,0,0,planned,,online_public_service,,,
K-B,2025,Hạ tầng dùng chung,STTTT,,,5000000000,0,0,planned,,shared_infrastructure,,,
K-D,2025,Cơ sở dữ liệu đất đai,STNMT,,,2500000001,0,0,planned,CDS23-10,sector_management,,,
END
run dxtrack plan show --year 2025 --format json
status 0
out_is <<'END'
{"year":2025,"budget_vnd":14000000000,"selected_vnd":13500000001,"selected":[{"code":"K-A","tier":1,"score":70,"budget_vnd":6000000000,"reason":"Ưu tiên số 1: dịch vụ công trực tuyến"},{"code":"K-B","tier":1,"score":50,"budget_vnd":5000000000,"reason":"Ưu tiên số 1: hạ tầng dùng chung"},{"code":"K-D","tier":2,"score":40,"budget_vnd":2500000001,"reason":"Ưu tiên số 2: nhiệm vụ chuyển tiếp từ năm 2023"}],"not_selected":[{"code":"K-C","tier":1,"score":50,"budget_vnd":5000000000,"reason":"không đủ kinh phí còn lại"},{"code":"K-E","tier":2,"score":30,"budget_vnd":2000000000,"reason":"không đủ kinh phí còn lại"},{"code":"K-F","tier":3,"score":20,"budget_vnd":1000000000,"reason":"không đủ kinh phí còn lại"},{"code":"K-G","tier":3,"score":0,"budget_vnd":500000000,"reason":"không đủ kinh phí còn lại"}],"adopted_at":"2023-12-14T08:00:00Z","adopted_by":"Chủ tịch","locks":[],"excludes":[]}
END
printf '%s\n' "$OUT" >shown.json
# the tasks and proposals change afterwards; the adopted catalogue does not
run dxtrack task update 2025 K-A --progress 10 --status in_progress
status 0
sed 's/,70$/,1000/' proposals.csv >rescored.csv
run dxtrack import proposals rescored.csv
status 0
out_has '(0 new, 1 updated, 6 unchanged)'
run dxtrack plan show --year 2025 --format json
status 0
printf '%s\n' "$OUT" >again.json
same_files shown.json again.json
run dxtrack plan show --year 2025
status 0
out_has 'Đã thông qua lúc 2023-12-14T08:00:00Z (UTC), người thông qua: Chủ tịch'
# a year is adopted once
run dxtrack plan adopt --year 2025 --budget-vnd 20.000.000.000
status 1
err_has 'the catalogue of 2025 was adopted on 14/12/2023 by Chủ tịch: a year is adopted once'
run dxtrack audit --action plan.
status 0
out_has 'plan.adopt'
out_has 'plan.carry_over'
# a selected code that is already a task of the year: refused, nothing written
printf 'code,year,name,investor,budget_vnd,status\nCDS23-05,2024,Đã có,VPUBND,1,planned\n' > clash.csv
run dxtrack import tasks clash.csv
status 0
run dxtrack plan adopt --year 2024 --budget-vnd 1.000.000.000.000
status 1
err_has '2024 already has a task CDS23-05: the catalogue cannot register it again'
run dxtrack plan show --year 2024
status 1
run dxtrack tasks --year 2024 --format csv
status 0
out_lacks 'CDS23-07'
