# Migration (dxtrack migrate): a province's data in a SQLite file — the Bắc Kạn 2023 sample and a
# record of every kind (history, accounts, allocations, colours, the catalogue adopted, the DTI
# self-assessment with an evidence file of arbitrary bytes, published values, settings, a report
# submitted with its comments, the 2025 restructuring of the units) — is copied into the case's
# database ($DXTRACK_DB: a new PostgreSQL database with DXTRACK_TEST_PG, else another SQLite file).
# Each table's rows and SHA-256 are printed and match (two of them recomputed here with sqlite3 and
# the target's own SQL), the same commands print the same bytes on both databases, new rows number
# on after the copied ids, and the copy goes back into a SQLite file unchanged. Refused, and
# nothing written: a target that holds data, a table this dxtrack does not know, the same database
# twice, a wrong URL.
src=$PWD/src.db
in_src() { DXTRACK_DB=$src run dxtrack "$@"; }

in_src import units "$SAMPLE/units.csv"
status 0
in_src import tasks "$SAMPLE/tasks.csv" --as-of 2023-12-14
status 0
in_src import indicators "$SAMPLE/indicators.csv"
status 0
in_src import targets "$SAMPLE/indicator_targets.csv"
status 0
in_src import values "$SAMPLE/indicator_values_2023.csv"
status 0
in_src task update 2023 CDS23-07 --progress 90 --note "Sau khi ký hợp đồng: \"đợt 2\" \\ 50%" --as "Nguyễn Văn A"
status 0
in_src task colour 2023 CDS23-07 --set red --comment "Chậm giải ngân" --as "Trần Thị B"
status 0
in_src allocate STTTT --year 2023 --vnd 25.000.000.000
status 0
echo "a-long-password" >lan.pw
in_src user add lan --role editor --unit SYT --password-stdin <lan.pw
status 0
in_src token add lan --label "trục LGSP"
status 0
cat >proposals.csv <<'END'
code,year,name,investor,budget_vnd,tags,carried_from,score
K-A,2025,Cổng dịch vụ công,STTTT,6.000.000.000,online_public_service,,70
K-B,2025,Hạ tầng dùng chung,STTTT,5.000.000.000,shared_infrastructure,,50
K-D,2025,Cơ sở dữ liệu đất đai,STNMT,2500000001,sector_management,CDS23-10,40
END
in_src import proposals proposals.csv
status 0
in_src plan adopt --year 2025 --budget-vnd 11.000.000.000 --as "Chủ tịch"
status 0
in_src dti framework import "$REPO/data/dti/QD922.csv"
status 0
in_src dti use 2022 QD922
status 0
in_src dti use 2023 QD922
status 0
in_src dti import 2023 "$SAMPLE/dti_2023.csv"
status 0
# every byte value, and those COPY's text format escapes
# shellcheck disable=SC2059
{ printf '%%PDF-1.4\n'; for i in $(seq 0 255); do printf "\\$(printf '%03o' "$i")"; done; printf '\\\t\r\n\\.\n'; } >a1.pdf
in_src dti evidence add 2023 1 --number 15/BC-STTTT --title "Báo cáo tỷ lệ" --date 2023-05-12 --file a1.pdf
status 0
in_src dti evidence add 2023 2 --title "Kế hoạch" --date 2023-03-01
status 0
in_src dti evidence withdraw 2 --as "Trần Thị B"
status 0
printf 'year,code,value,source\n2022,1,0.8917,Bộ TT&TT\n2022,2,0.1,"Bộ TT&TT, 2023"\n2022,DTI,0.7164,\n' >published.csv
in_src dti published import published.csv
status 0
in_src settings set signer_name "Nguyễn Văn A"
status 0
in_src report draft --year 2023 --date 14/12/2023 --number 125
status 0
in_src report comment 1 --version 1 --section I --text "Đề nghị bổ sung số liệu quý IV."
status 0
in_src report answer 1 --accept --text "Đã bổ sung."
status 0
in_src report revise 1 --number 126
status 0
# a comment on the version submitted afterwards: the schema refuses new ones, the copy keeps it
in_src report comment 1 --version 2 --section II --text "Thống nhất."
status 0
in_src report answer 2 --explain --text "Ghi nhận."
status 0
in_src report submit 1
status 0
in_src unit apply "$SAMPLE/restructure-2025.csv"
status 0

# ---- the copy ------------------------------------------------------------------------------------
tables="unit task task_update audit account session api_token login_failure unit_link unit_successor
indicator unit_key indicator_import indicator_value indicator_target proposal plan_adoption
plan_adoption_item allocation task_colour dti_framework dti_item dti_year dti_entry
dti_entry_history dti_file dti_evidence dti_published setting report report_version report_comment"
run dxtrack migrate --from "sqlite:$src" --to "$DXTRACK_DB" --as "Quản trị"
status 0
out_has "Migrated sqlite:$src to "
out_has '(schema version 8): 32 tables, '
out_has 'Every count and SHA-256 match on both sides; db.migrate is in the target'
out_lacks 'DIFFERS'
cp .out migrated.txt
for t in $tables; do
	line=$(awk -v t="$t" '$1 == t' migrated.txt)
	n=$(sqlite3 "$src" "SELECT count(*) FROM $t")
	# name, rows in the source, rows in the target, SHA-256, match
	if [ "$(echo "$line" | awk '{print $2, $3, length($4), $5}')" = "$n $n 64 match" ]; then
		pass
	else
		fail "table $t: $n rows in the source" "$line"
	fi
done
if [ "$(grep -c ' match$' migrated.txt)" = 32 ]; then pass; else fail "32 tables" "$(cat migrated.txt)"; fi
for t in task_update unit_successor dti_file report_comment indicator_value; do
	if [ "$(awk -v t="$t" '$1 == t {print $2}' migrated.txt)" -gt 0 ]; then pass; else fail "$t is empty: a poor test"; fi
done

# the SHA-256 printed is that of the canonical text (store.h), computed here from each database:
# a row's values separated by tabs, an integer i<decimal>, text t<bytes>:<text>, NULL N
sha_of() { sha256sum | cut -c1-64; }
printed() { awk -v t="$1" '$1 == t {print $4}' migrated.txt; }
canonical_sql() { # TABLE sqlite|pg
	local tab="char(9)" c v out=""
	[ "$2" = pg ] && tab="E'\\t'"
	if [ "$1" = unit_key ]; then
		v="length(CAST(code AS BLOB))"
		[ "$2" = pg ] && v="octet_length(code)"
		printf "SELECT 'i' || id || %s || 't' || %s || ':' || code FROM unit_key ORDER BY id" "$tab" "$v"
		return
	fi
	for c in code name name_fold kind parent_code valid_from valid_to; do
		v="length(CAST($c AS BLOB))"
		[ "$2" = pg ] && v="octet_length($c)"
		out="$out${out:+ || $tab || }CASE WHEN $c IS NULL THEN 'N' ELSE 't' || $v || ':' || $c END"
	done
	printf 'SELECT %s FROM unit ORDER BY code' "$out"
	[ "$2" = pg ] && printf ' COLLATE "C"'
}
for t in unit_key unit; do
	got=$(sqlite3 "$src" "$(canonical_sql $t sqlite)" | sha_of)
	if [ "$got" = "$(printed $t)" ]; then pass; else fail "$t: SHA-256 of the source $got"; fi
	got=$(db_sql "$(canonical_sql $t "$DB_BACKEND")" | sha_of)
	if [ "$got" = "$(printed $t)" ]; then pass; else fail "$t: SHA-256 of the target $got"; fi
done

# the same commands print the same bytes on both databases
both() { # NAME ARGS…
	local name=$1
	shift
	dxtrack --db "$src" "$@" >"src-$name.out" 2>&1
	local a=$?
	dxtrack "$@" >"dst-$name.out" 2>&1
	local b=$?
	step="$* (on both)"
	if [ "$a" = 0 ] && [ "$b" = 0 ]; then pass; else fail "exit codes $a and $b" "$(cat "dst-$name.out")"; fi
	same_files "src-$name.out" "dst-$name.out"
}
both export export tasks --year 2023
both export-json export tasks --year 2023 --format json
both summary summary --year 2023
both summary-json summary --year 2023 --format json
both tasks tasks --year 2023 --sort name
both task task show 2023 CDS23-07
both units units --on 2023-12-14 --format csv
both units-2025 units --on 2025-07-01 --format csv
both indicator indicator value MAT_DO_DT --unit 06 --period 2023 --format json
both disbursement disbursement --year 2023 --format json
both allocations allocations --year 2023 --format json
both plan plan show --year 2025 --format json
both dti dti readiness 2023 --format json
both evidence dti evidence list 2023
both report report show 1 --format json
both settings settings list --format json
both users user list
both tokens token list
dxtrack --db "$src" dti evidence get 1 -o src-a1.pdf >/dev/null
dxtrack dti evidence get 1 -o dst-a1.pdf >/dev/null
same_files a1.pdf dst-a1.pdf
same_files src-a1.pdf dst-a1.pdf
run dxtrack audit --action db. --format json
out_has '"actor":"Quản trị","action":"db.migrate"'
out_has "\"from\":\"$src\""
out_has '"schema_version":8,"tables":32}'

# new rows number on after the copied ids
audit_rows=$(sqlite3 "$src" "SELECT max(id) FROM audit")
run dxtrack task update 2023 CDS23-08 --progress 55 --as "Nguyễn Văn A"
status 0
run dxtrack audit --limit 1 --format json
out_has "[{\"id\":$((audit_rows + 2)),"
run dxtrack dti evidence add 2023 5 --title "Văn bản mới" --date 2023-12-01
status 0
run dxtrack dti evidence list 2023 --format json
out_has "\"id\":$(($(sqlite3 "$src" "SELECT max(id) FROM dti_evidence") + 1)),"
echo "another-long-password" >minh.pw
run dxtrack user add minh --role viewer --password-stdin <minh.pw
status 0
run dxtrack report comment 1 --version 2 --section I --text "Sau khi trình"
status 1
err_has 'version 2 is submitted: it takes no more comments'

# ---- refusals: each says why and writes nothing --------------------------------------------------
dxtrack export tasks --year 2023 -o kept.csv >/dev/null
kept_audit=$(dxtrack audit --format json)
unchanged() {
	dxtrack export tasks --year 2023 -o now.csv >/dev/null 2>&1
	same_files kept.csv now.csv
	if [ "$(dxtrack audit --format json)" = "$kept_audit" ]; then pass; else fail "the audit log changed"; fi
}
run dxtrack migrate --from "sqlite:$src" --to "$DXTRACK_DB"
status 1
err_has "the target is not empty (unit has $(sqlite3 "$src" 'SELECT count(*) FROM unit') rows): migrate into a database that holds no data yet; nothing was written"
out_lacks 'match'
unchanged
run dxtrack migrate --from "$DXTRACK_DB" --to "$DXTRACK_DB"
status 1
err_has 'the source and the target are the same database'
unchanged
# a table this dxtrack does not know (a newer schema): nothing is left behind
cp "$src" extra.db
sqlite3 extra.db 'CREATE TABLE dx_extra (x TEXT); INSERT INTO dx_extra VALUES (1)'
fresh=$(new_db fresh)
run dxtrack migrate --from "sqlite:$PWD/extra.db" --to "$fresh"
status 1
err_has 'the source has a table "dx_extra" that this dxtrack does not know: use the dxtrack that made it; nothing was written'
run dxtrack --db "$fresh" tasks --year 2023 --format json
status 0
out_has '[]'
# a wrong URL
run dxtrack migrate --from "sqlite:$src" --to "postgresql://127.0.0.1:1/nothing?connect_timeout=5"
status 1
err_has 'dxtrack: the target: cannot connect to PostgreSQL: connection to server at "127.0.0.1", port 1 failed'
run dxtrack migrate --from "sqlite:$PWD/no/such/dir/x.db" --to "$fresh"
status 1
err_has 'dxtrack: the source: cannot open'
run dxtrack migrate --from "sqlite:$src"
status 2
err_has 'migrate needs --to URL'
run dxtrack migrate --help
status 0
out_has 'Usage: dxtrack [--db PATH] migrate --to URL [--from URL] [--as NAME]'

# ---- and back into a SQLite file: the same data --------------------------------------------------
run dxtrack migrate --to "sqlite:$PWD/back.db"
status 0
out_lacks 'DIFFERS'
dxtrack --db "$PWD/back.db" export tasks --year 2023 -o back.csv >/dev/null
same_files kept.csv back.csv
dxtrack --db "$PWD/back.db" dti readiness 2023 --format json >back-dti.out 2>&1
dxtrack dti readiness 2023 --format json >dst-dti2.out 2>&1
same_files dst-dti2.out back-dti.out
if [ "$(sqlite3 back.db 'PRAGMA integrity_check; PRAGMA foreign_key_check')" = ok ]; then pass; else fail "back.db is not sound"; fi
if [ "$(sqlite3 back.db "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'")" = "$(sqlite3 "$src" "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'")" ]; then pass; else fail "triggers lost"; fi
