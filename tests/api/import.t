# CSV import through the API: all or nothing, every problem listed as the CLI lists it.
login admin
run dxtrack export tasks --year 2023
cp "$work/.out" before.csv

# the ten-mistakes file: 422, exactly the CLI's ten messages, nothing written
run dxtrack import tasks "$DATA/ten_mistakes.csv"
cli_status 3
sed 's/^/"/; s/$/"/' "$work/.err" | grep -v 'nothing was written\|problems' > cli_lines.txt
req POST /api/v1/import/tasks?name=ten_mistakes.csv --as admin --type text/csv --body-file "$DATA/ten_mistakes.csv"
status 422
json .error.code invalid
json '.error.details | length' 10
json '.error.message' '10 problems; nothing was written'
jq -r '.error.details[]' "$work/.body" | sed 's|^ten_mistakes.csv|'"$DATA"'/ten_mistakes.csv|' > api_lines.txt
if diff -q <(sed 's/^"//; s/"$//' cli_lines.txt) api_lines.txt >/dev/null; then pass; else
	fail "API details differ from the CLI's messages" "$(diff <(sed 's/^"//; s/"$//' cli_lines.txt) api_lines.txt)"
fi
run dxtrack export tasks --year 2023
if cmp -s before.csv "$work/.out"; then pass; else fail "a rejected import changed the data"; fi

# a good file: counted, and visible at once
printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\nN-1,2023,Số hoá hồ sơ địa chính,STNMT,2.500.000.000,0,0,planned\nCDS23-08,2023,"Xây dựng Kho dữ liệu dùng chung của tỉnh",STTTT,8.000.000.000,2.800.000.000,45,in_progress\n' > good.csv
req POST /api/v1/import/tasks?name=good.csv --as admin --type text/csv --body-file good.csv
status 200
json .rows 2
json .inserted 1
req GET /api/v1/tasks/2023/N-1 --as admin
status 200
json .budget_vnd 2500000000
json '.history[0].source' import

# an empty body, and a body larger than the server's limit (16 MiB)
req POST /api/v1/import/tasks --as admin --type text/csv --body-file /dev/null
status 400
head -c 17000000 /dev/zero | tr '\0' 'a' > big.csv
req POST /api/v1/import/tasks --as admin --type text/csv --body-file big.csv
status 413
json .error.code too_large
# invalid UTF-8 is named with its place
printf 'code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\nB-1,2023,T\xe1n,STTTT,1,0,0,planned\n' > latin1.csv
req POST /api/v1/import/tasks?name=latin1.csv --as admin --type text/csv --body-file latin1.csv
status 422
body_has 'latin1.csv:2:'
body_has 'invalid UTF-8'
