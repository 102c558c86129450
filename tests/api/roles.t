# Every role against every write endpoint. The expected statuses follow the rules of issue 3,
# worked out by hand: a viewer writes nothing; an editor writes only tasks whose investor is its
# unit or below it (huyen is the editor of district 058, whose commune runs CDS23-39); finance
# changes only disbursement; admin does everything; without credentials every write is 401.
#
# columns: PATCH progress of CDS23-08 (STTTT) · of CDS23-14 (SYT) · disbursement of CDS23-14 ·
#          progress of CDS23-39 (a commune of 058) · import a task of STTTT · of SYT ·
#          DELETE /api/v1/session
expect=(
	"admin   200 200 200 200 200 200 204"
	"viewer  403 403 403 403 403 403 204"
	"sttt    200 403 403 403 200 403 204"
	"syt     403 200 200 403 403 200 204"
	"tc      403 403 200 403 403 403 204"
	"huyen   403 403 403 200 403 403 204"
	"nobody  401 401 401 401 401 401 401"
)
n=0
for row in "${expect[@]}"; do
	read -r who s1 s2 s3 s4 s5 s6 s7 <<<"$row"
	as=()
	if [ "$who" != nobody ]; then
		login "$who"
		as=(--as "$who")
	fi
	n=$((n + 1))
	req PATCH /api/v1/tasks/2023/CDS23-08 "${as[@]}" --json "{\"progress_pct\":$((45 + n))}"
	status "$s1"
	req PATCH /api/v1/tasks/2023/CDS23-14 "${as[@]}" --json "{\"progress_pct\":$((40 + n))}"
	status "$s2"
	req PATCH /api/v1/tasks/2023/CDS23-14 "${as[@]}" --json "{\"disbursed_vnd\":$((1600000000 + n * 1000))}"
	status "$s3"
	req PATCH /api/v1/tasks/2023/CDS23-39 "${as[@]}" --json '{"progress_pct":100,"note":"Cập nhật của huyện"}'
	status "$s4"
	for unit in STTTT SYT; do
		printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\nR-%s-%s,2023,Nhiệm vụ thử của %s,%s,100.000.000,0,0,planned\n' \
			"$who" "$unit" "$who" "$unit" >"r-$unit.csv"
		req POST "/api/v1/import/tasks?name=r-$unit.csv" "${as[@]}" --type text/csv --body-file "r-$unit.csv"
		if [ $unit = STTTT ]; then status "$s5"; else status "$s6"; fi
	done
	req DELETE /api/v1/session "${as[@]}"
	status "$s7"
done

# a refused write changed nothing: CDS23-14 has exactly the updates of admin and syt
login admin
req GET /api/v1/tasks/2023/CDS23-14 --as admin
json '[.history[1:][].author] | join(" ")' 'admin admin syt syt tc'
# an editor's refused import names the row and the rule, and writes nothing
login sttt
printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\nM-1,2023,Của mình,STTTT,1.000,0,0,planned\nM-2,2023,Của Sở Y tế,SYT,1.000,0,0,planned\n' >mixed.csv
req POST /api/v1/import/tasks?name=mixed.csv --as sttt --type text/csv --body-file mixed.csv
status 403
body_has 'mixed.csv:3: investor:'
req GET '/api/v1/tasks?q=M-1' --as sttt
json .total 0
