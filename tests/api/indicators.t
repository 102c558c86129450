# Indicators through the API and the pages: the definitions, a figure with the units below it
# (the drill-down), completeness, data entry by role with CSRF, and a write that shows at once.
# Expected figures are the source's (Bắc Kạn, 14/12/2023): telephone density 90,5 per 100
# inhabitants, 98 % health records against the province's target 95, 2G/3G/4G in 108 of 108
# communes; the rest is worked out here from the sample's files with awk.
V=$SAMPLE/indicator_values_2023.csv
# commune → district, from the units file (agencies' names may hold quoted commas: not used)
awk -F, '$3 == "commune" { print $1, $4 }' "$SAMPLE/units.csv" >districts.txt

# ---- the definitions: the CLI's JSON ----
login viewer
req GET /api/v1/indicators --as viewer
status 200
json '.indicators | length' 12
json '.indicators[] | select(.code == "MAT_DO_DT") | [.aggregation, .numerator, .denominator, .multiplier, .direction, .decimals] | join(" ")' 'ratio TB_DI_DONG DAN_SO 100 up 1'
json '.indicators[] | select(.code == "MAT_DO_DT") | .measure' 'máy/100 dân'
run dxtrack indicators --format json
cli_status 0
if [ "$(jq -cS . "$work/.out")" = "$(jq -cS .indicators "$work/.body")" ]; then pass; else fail "API and CLI definitions differ"; fi

# ---- a figure: the source's numbers, the CLI's object plus the status ----
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=06&period=2023' --as viewer
status 200
json .value 90.5
json .target 90
json '[.reporting_units, .expected_units] | join("/")' 108/108
json .status green
json 'has("units")' false
run dxtrack indicator value MAT_DO_DT --unit 06 --period 2023 --format json
if [ "$(jq -cS . "$work/.out")" = "$(jq -cS 'del(.status)' "$work/.body")" ]; then pass; else
	fail "API figure is not the CLI's" "$(cat "$work/.out")"
fi
json 'keys_unsorted | join(" ")' 'indicator unit period value target reporting_units expected_units status'
req GET '/api/v1/indicators/TL_HO_SO_SK/values?unit=06&period=2023' --as viewer
json '.value == 98' true
json .target 95 # the province's own target beats the nation's 90
json .status green
req GET '/api/v1/indicators/PHU_SONG/values?unit=06&period=2023' --as viewer
json '[.value, .reporting_units, .expected_units] | join(" ")' '100 108 108'
# without unit and period: the province and the newest year with values
req GET /api/v1/indicators/PHU_SONG/values --as viewer
json '[.unit, .period] | join(" ")' '06 2023'
# a quarter inside 2023: the sample's values are yearly, so nobody reported it; the yearly
# target applies to the quarter
req GET '/api/v1/indicators/PHU_SONG/values?unit=06&period=2023Q4' --as viewer
json '[.value, .target, .reporting_units, .expected_units, .status] | map(tostring) | join(" ")' 'null 100 0 108 null'

# ---- the drill-down: the 8 districts add up to the province ----
req GET '/api/v1/indicators/TV_TO_CNS/values?unit=06&period=2023&level=district' --as viewer
status 200
json '.units | length' 8
json '[.units[].unit] | join(" ")' '058 060 061 062 063 064 065 066'
json '([.units[].value] | add) == .value' true
json '([.units[].reporting_units] | add) == .reporting_units' true
json '([.units[].expected_units] | add) == .expected_units' true
json '.units[] | select(.unit == "058") | .expected_units' 8
json '.units[0] | keys_unsorted | join(" ")' 'indicator unit period value target reporting_units expected_units status'
# each district's members, summed from the values file by awk
awk 'NR == FNR { d[$1] = $2; next } { split($0, f, ","); if (f[1] == "TV_TO_CNS") s[d[f[2]]] += f[4] }
	END { for (k in s) print k, s[k] }' districts.txt "$V" | sort >want.txt
jq -r '.units[] | "\(.unit) \(.value)"' "$work/.body" >got.txt
if cmp -s want.txt got.txt; then pass; else fail "district members differ" "$(diff want.txt got.txt)"; fi
# the province's target (1.000 members) applies to its districts: 84 is short by far
json '.units[] | select(.unit == "058") | [.value, .target, .status] | map(tostring) | join(" ")' '84 1000 red'
# a ratio over the districts: each is 100 × its subscriptions / its population
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=06&period=2023&level=district' --as viewer
awk 'NR == FNR { d[$1] = $2; next } { split($0, f, ","); if (f[1] == "TB_DI_DONG") t[d[f[2]]] += f[4]; if (f[1] == "DAN_SO") p[d[f[2]]] += f[4] }
	END { for (k in t) printf "%s %.1f\n", k, 100 * t[k] / p[k] }' districts.txt "$V" | sort >want.txt
jq -r '.units[] | "\(.unit) \(.value)"' "$work/.body" | awk '{ printf "%s %.1f\n", $1, $2 }' >got.txt
if cmp -s want.txt got.txt; then pass; else fail "district densities differ" "$(diff want.txt got.txt)"; fi
# the communes of district 058, and agencies with communes for an agency indicator
req GET '/api/v1/indicators/PHU_SONG/values?unit=058&period=2023&level=commune' --as viewer
json '.units | length' 8
json '[.units[] | .expected_units] | unique | join(" ")' 1
req GET '/api/v1/indicators/CAP_QUANG_CQ/values?unit=06&period=2023&level=agency,district' --as viewer
json '.units | length' 27
json '[.units[].reporting_units] | add' 127
# refused queries
req GET '/api/v1/indicators/NOPE/values?unit=06&period=2023' --as viewer
status 404
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=NOPE&period=2023' --as viewer
status 404
json '.error.message | test("no unit")' true
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=06&period=2023-13' --as viewer
status 400
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=06&level=hamlet' --as viewer
status 400
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=06&year=2023' --as viewer
status 400
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=06'
status 401
req GET /api/v1/indicators
status 401

# ---- completeness: the full sample has no gap ----
req GET '/api/v1/indicators/missing?unit=06&period=2023' --as viewer
status 200
json '.indicators | length' 9 # the 12 minus the 3 ratios
json '[.indicators[].missing | length] | add' 0
json '.indicators[] | select(.indicator == "CAP_QUANG_CQ") | [.reporting_units, .expected_units] | join("/")' 127/127

# ---- the pages (a cookie session, as a browser) ----
req GET /login --cookie
CSRF=$(form_csrf)
req POST /login --cookie --form "username=viewer&password=pw-viewer-2023&csrf=$CSRF"
status 303
req GET '/indicators?period=2023&unit=06' --cookie
status 200
body_has '<a href="/indicators" aria-current="page">Chỉ số</a>'
body_has '<tr id="ind-MAT_DO_DT"><th scope="row"><a href="/indicators/MAT_DO_DT?period=2023&amp;unit=06">Mật độ điện thoại</a></th><td class="num value">90,5</td><td>máy/100 dân</td><td class="num">90</td><td><span class="rag rag-green">Đạt</span></td><td class="num">108/108</td></tr>'
body_has '<tr id="ind-TV_TO_CNS">'
body_has '<td class="num value">1.134</td>'
body_has '<span class="rag rag-none">Chưa có chỉ tiêu</span>' # population has no target
body_has '<label for="f-period">Kỳ</label>'
body_has '<label for="f-unit">Đơn vị</label>'
body_lacks 'Nhập số liệu chỉ số' # a viewer does not enter values
body_lacks '<script'
body_lacks 'style="'
# one indicator: the figure, the districts ranked, each a link down; the trend drawn
req GET '/indicators/TV_TO_CNS?period=2023&unit=06' --cookie
status 200
body_has '<dd id="fig-value">1.134 người</dd>'
body_has '<dd id="fig-status"><span class="rag rag-green">Đạt</span></dd>'
body_has 'Xếp hạng 8 đơn vị cấp dưới của Tỉnh Bắc Kạn, năm 2023 (cao nhất đứng đầu)'
# best first: Chợ Đồn (064) 210 members is 1st, Thành phố Bắc Kạn (058) 84 is 8th
body_has '<tr id="unit-064"><td class="num">1</td><th scope="row"><a href="/indicators/TV_TO_CNS?period=2023&amp;unit=064">Huyện Chợ Đồn</a>'
body_has '<tr id="unit-058"><td class="num">8</td>'
if [ "$(grep -o '<tr id="unit-[0-9]*"' "$work/.body" | tr -dc '0-9\n' | tr '\n' ' ')" = "064 066 061 065 063 062 060 058 " ]; then pass; else
	fail "ranking order" "$(grep -o '<tr id="unit-[0-9]*"' "$work/.body")"
fi
body_has '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
body_has '<desc id="chart-trend-desc">2023: 1.134 người, chỉ tiêu 1.000 người.</desc>'
# drill down: a district lists its communes
req GET '/indicators/TV_TO_CNS?period=2023&unit=058' --cookie
status 200
body_has '<dd id="fig-value">84 người</dd>'
body_has 'Xếp hạng 8 đơn vị cấp dưới của Thành phố Bắc Kạn'
body_has 'unit=01834">Phường Nguyễn Thị Minh Khai</a>'
body_has '<li><a href="/indicators/TV_TO_CNS?period=2023&amp;unit=06">Tỉnh Bắc Kạn</a></li>' # the way back up
# every commune of the province by level, and a month's trend has the 12 months
req GET '/indicators/PHU_SONG?period=2023&unit=06&level=commune' --cookie
body_has 'Xếp hạng 108 đơn vị thuộc Tỉnh Bắc Kạn'
req GET '/indicators/PHU_SONG?period=2023-06&unit=06' --cookie
status 200
if [ "$(grep -c '<tr><th scope="row">Tháng' "$work/.body")" = 12 ]; then pass; else fail "12 months in the trend"; fi
req GET '/indicators/NOPE?period=2023' --cookie
status 404
req GET '/indicators?period=2023Q5' --cookie
status 400
req GET '/indicators/missing?period=2023&unit=06' --cookie
status 200
body_has 'Tất cả đơn vị đã báo cáo đủ các chỉ số trong kỳ này.'
# the entry form is not for a viewer
req GET /indicators/entry --cookie
status 403

# ---- data entry: who may enter what ----
# the editor of commune 01834 (a fresh browser): only its own rows, prefilled with its values
rm -f "$work/cookies"
req GET /login --cookie
CSRF=$(form_csrf)
req POST /login --cookie --form "username=xa&password=pw-xa-2023&csrf=$CSRF"
status 303
req GET /indicators/entry --cookie
status 200
if [ "$(grep -o 'name="v:[^"]*"' "$work/.body" | grep -c ':01834"')" = 9 ] &&
	[ "$(grep -c 'name="v:' "$work/.body")" = 9 ]; then pass; else fail "the commune's 9 rows" "$BODY"; fi
body_has 'name="v:TB_DI_DONG:01834" value="1727"'
body_has '<label for="e-5">Số thuê bao điện thoại<span class="sr-only"> — Phường Nguyễn Thị Minh Khai</span></label>'
CSRF=$(form_csrf)
# another commune's page, or its row: 403, nothing written
req GET '/indicators/entry?unit=058' --cookie
status 403
req POST /indicators/entry --cookie --form "csrf=$CSRF&period=2023&unit=01834&v:TB_DI_DONG:01837=9999"
status 403
login xa
printf 'indicator,unit,period,value,source\nTB_DI_DONG,01837,2023,9999,\n' >other.csv
req POST /api/v1/import/values?name=other.csv --as xa --type text/csv --body-file other.csv
status 403
json '.error.details[0]' 'other.csv:2: unit: unit 01837 is outside your unit 01834'
# the form without its CSRF token: refused
req POST /indicators/entry --cookie --form 'period=2023&unit=01834&v:TB_DI_DONG:01834=11737'
status 403
# the figures before the write (and so in the response cache)
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=058&period=2023' --as xa
BEFORE=$(jq -r .value "$work/.body")
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=06&period=2023' --as xa
json .value 90.5
# a value that breaks a rule: 422, every problem named by unit and indicator, nothing written
req POST /indicators/entry --cookie --form "csrf=$CSRF&period=2023&unit=01834&v:TB_DI_DONG:01834=11737&v:PHU_SONG:01834=2&v:DAN_SO:01834=mot"
status 422
body_has '<li>Phường Nguyễn Thị Minh Khai (01834), Xã được phủ sóng di động 2G/3G/4G: value: PHU_SONG: a share indicator takes 0 or 1 (has it or not), got &quot;2&quot;</li>'
body_has '<li>Phường Nguyễn Thị Minh Khai (01834), Dân số: value:'
body_has 'Không có giá trị nào được ghi.'
body_has 'name="v:DAN_SO:01834" value="mot" inputmode="decimal" autocomplete="off" size="12" aria-invalid="true"'
body_has 'name="v:TB_DI_DONG:01834" value="11737"' # what was typed is kept
req GET '/api/v1/indicators/TB_DI_DONG/values?unit=01834&period=2023' --as xa
json .value 1727
# the good write: 10.000 more subscriptions in 01834; fields left as they were are not sent
req POST /indicators/entry --cookie --form "csrf=$CSRF&period=2023&unit=01834&page=1&v:TB_DI_DONG:01834=11737&v:DAN_SO:01834=1919&v:PHU_SONG:01834=1"
status 303
header_has 'location: /indicators/entry?period=2023&unit=01834&saved=1'
req GET '/indicators/entry?period=2023&unit=01834&saved=1' --cookie
body_has 'Đã lưu 1 giá trị.'
body_has 'name="v:TB_DI_DONG:01834" value="11737"'
# …audited once, as the form's import, by xa
login admin
req GET '/api/v1/audit?action=import.values&limit=1' --as admin
json '.entries[0] | [.actor, .object, .detail.rows, .detail.replaced] | map(tostring) | join(" ")' 'xa biểu mẫu nhập liệu 1 1'
# …and the figures show it at once: district 058 and the province, computed here by awk
awk 'NR == FNR { d[$1] = $2; next } { split($0, f, ","); if (f[2] == "01834" && f[1] == "TB_DI_DONG") f[4] = 11737
	if (d[f[2]] == "058") { if (f[1] == "TB_DI_DONG") t += f[4]; if (f[1] == "DAN_SO") p += f[4] }
	if (f[1] == "TB_DI_DONG") T += f[4]; if (f[1] == "DAN_SO") P += f[4] }
	END { printf "%.1f %.1f\n", 100 * t / p, 100 * T / P }' districts.txt "$V" >want.txt
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=058&period=2023' --as xa
D058=$(jq -r .value "$work/.body")
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=06&period=2023' --as xa
echo "$D058 $(jq -r .value "$work/.body")" >got.txt
# (compared as numbers: jq prints 144.0 as 144)
if paste -d' ' want.txt got.txt | awk '{ exit !($1 == $3 && $2 == $4) }' && [ "$D058" != "$BEFORE" ]; then pass; else
	fail "figures after the write" "want $(cat want.txt), got $(cat got.txt), before $BEFORE"
fi
req GET '/indicators?period=2023&unit=06' --cookie
body_has "<td class=\"num value\">$(cut -d' ' -f2 want.txt | tr . ,)</td><td>máy/100 dân</td>"
# nothing changed: nothing written, said so
req POST /indicators/entry --cookie --form "csrf=$CSRF&period=2023&unit=01834&v:TB_DI_DONG:01834=11737&v:DAN_SO:01834="
status 303
header_has 'saved=0'

# the district's editor gets its 8 communes × 9 indicators; the agency's editor its agency's row
login huyen
rm -f "$work/cookies"
req GET /login --cookie
CSRF=$(form_csrf)
req POST /login --cookie --form "username=huyen&password=pw-huyen-2023&csrf=$CSRF"
req GET /indicators/entry --cookie
status 200
if [ "$(grep -c 'name="v:' "$work/.body")" = 72 ]; then pass; else fail "72 rows for district 058"; fi
rm -f "$work/cookies"
req GET /login --cookie
CSRF=$(form_csrf)
req POST /login --cookie --form "username=sttt&password=pw-sttt-2023&csrf=$CSRF"
req GET /indicators/entry --cookie
if [ "$(grep -o 'name="v:[^"]*"' "$work/.body" | tr '\n' ' ')" = 'name="v:CAP_QUANG_CQ:STTTT" ' ]; then pass; else
	fail "the agency's one row" "$(grep -o 'name="v:[^"]*"' "$work/.body")"
fi
# the administrator: the whole province, 108 communes × 9 + 19 agencies = 991 rows, 150 a page
rm -f "$work/cookies"
req GET /login --cookie
CSRF=$(form_csrf)
req POST /login --cookie --form "username=admin&password=pw-admin-2023&csrf=$CSRF"
req GET '/indicators/entry?period=2023&unit=06' --cookie
body_has 'Dòng 1–150 trên 991.'
body_has 'rel="next"'
req GET '/indicators/entry?period=2023&unit=06&page=7' --cookie
body_has 'Dòng 901–991 trên 991.'
if [ "$(grep -c 'name="v:' "$work/.body")" = 91 ]; then pass; else fail "91 rows on the last page"; fi
req GET '/indicators/entry?period=2023&unit=06&page=99' --cookie # past the end: the last page
body_has 'Dòng 901–991 trên 991.'
req GET '/indicators/entry?period=2023&unit=06&page=2' --cookie # row 151 is the 17th commune's 7th
body_has '<caption>Xã Nghiên Loan (01882) — tiếp theo</caption>'
# viewer, finance and nobody may not write values
login tc
for who in viewer tc; do
	req POST /api/v1/import/values --as $who --type text/csv --body-file other.csv
	status 403
done
req POST /api/v1/import/values --type text/csv --body-file other.csv
status 401
# the administrator imports by API: all or nothing, every problem listed
printf 'indicator,unit,period,value,source\nTB_DI_DONG,01837,2023,1845,\nMAT_DO_DT,01837,2023,90,\nNOPE,01837,2023,1,\n' >bad.csv
req POST /api/v1/import/values?name=bad.csv --as admin --type text/csv --body-file bad.csv
status 422
json '.error.details | length' 2
json '.error.details[0]' 'bad.csv:3: indicator: MAT_DO_DT is the ratio of TB_DI_DONG to DAN_SO and is computed: import values of those'

# ---- completeness when some units did not report ----
# the sample without communes 01837 (district 058) and 01888 (district 061), and without the
# fibre row of the agency SYT: exactly those are listed
stop_server
reset_db
awk -F, '$2 != "01837" && $2 != "01888" && !($1 == "CAP_QUANG_CQ" && $2 == "SYT")' "$V" >partial.csv
sample_setup "$work/partial.csv"
start_server
login viewer
req GET '/api/v1/indicators/missing?unit=06&period=2023' --as viewer
status 200
json '[.unit, .period] | join(" ")' '06 2023'
json '[.indicators[] | select(.indicator != "CAP_QUANG_CQ") | [.indicator, (.missing | map(.unit) | join(","))] | join(":")] | unique | length' 8
json '[.indicators[] | select(.indicator != "CAP_QUANG_CQ") | .missing | map(.unit) | join(",")] | unique | join(" ")' '01837,01888'
json '.indicators[] | select(.indicator == "DAN_SO") | [.reporting_units, .expected_units] | join("/")' 106/108
json '.indicators[] | select(.indicator == "CAP_QUANG_CQ") | .missing | map(.unit) | join(",")' '01837,01888,SYT'
json '.indicators[] | select(.indicator == "CAP_QUANG_CQ") | [.reporting_units, .expected_units] | join("/")' 124/127
json '.indicators[] | select(.indicator == "DAN_SO") | .missing[0] | [.unit, .name, .kind, .parent] | join(" | ")' '01837 | Phường Sông Cầu | commune | 058'
# under district 058 only its own commune
req GET '/api/v1/indicators/missing?unit=058&period=2023' --as viewer
json '[.indicators[].missing[].unit] | unique | join(" ")' 01837
# the figures count the missing units as expected, never as 0
req GET '/api/v1/indicators/MAT_DO_DT/values?unit=06&period=2023' --as viewer
json '[.reporting_units, .expected_units] | join("/")' 106/108
awk -F, '$1 == "TB_DI_DONG" { t += $4 } $1 == "DAN_SO" { p += $4 } END { printf "%.1f\n", 100 * t / p }' partial.csv >want.txt
if [ "$(jq -r .value "$work/.body")" = "$(cat want.txt)" ]; then pass; else fail "density without the two communes"; fi
# the page names them, so the standing agency knows whom to call
rm -f "$work/cookies"
req GET /login --cookie
CSRF=$(form_csrf)
req POST /login --cookie --form "username=viewer&password=pw-viewer-2023&csrf=$CSRF"
req GET '/indicators/missing?period=2023&unit=06' --cookie
status 200
body_has '<li data-unit="01837">Phường Sông Cầu <span class="muted">(01837)</span> — Thành phố Bắc Kạn</li>'
body_has '<li data-unit="SYT">Sở Y tế <span class="muted">(SYT)</span> — Tỉnh Bắc Kạn</li>'
body_has '<tr id="done-DAN_SO"><th scope="row">Dân số</th><td class="num">106/108</td><td class="num"><a href="#missing-DAN_SO">2</a></td></tr>'
if [ "$(grep -o '<li data-unit="[^"]*"' "$work/.body" | sort -u | tr -dc 'A-Z0-9\n' | tr '\n' ' ')" = "01837 01888 SYT " ]; then pass; else
	fail "exactly the missing units" "$(grep -o '<li data-unit="[^"]*"' "$work/.body" | sort -u)"
fi
req GET '/indicators?period=2023&unit=06' --cookie
body_has '106/108 <span class="lagging">(thiếu 2)</span>'
# the district's editor fills in its commune's population: DAN_SO is complete, at once
login huyen
printf 'indicator,unit,period,value,source\nDAN_SO,01837,2023,2038,UBND phường\n' >late.csv
req POST /api/v1/import/values?name=late.csv --as huyen --type text/csv --body-file late.csv
status 200
json '[.rows, .inserted] | join(" ")' '1 1'
req GET '/api/v1/indicators/missing?unit=06&period=2023' --as viewer
json '.indicators[] | select(.indicator == "DAN_SO") | .missing | map(.unit) | join(",")' 01888
req GET '/indicators/missing?period=2023&unit=06' --cookie
body_has '<tr id="done-DAN_SO"><th scope="row">Dân số</th><td class="num">107/108</td>'
