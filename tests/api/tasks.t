# Reading tasks and posting progress updates through the API; figures from the sample's source
# (42 tasks in 2023; 21 completed; three names contain "chuyển đổi số").
login admin
login sttt

req GET '/api/v1/tasks?year=2023&limit=100' --as admin
status 200
json .total 42
json '.tasks | length' 42
json '.tasks[0].code' CDS23-01
req GET '/api/v1/tasks?year=2023&status=completed' --as admin
json .total 21
req GET '/api/v1/tasks?year=2023&status=ho%C3%A0n%20th%C3%A0nh' --as admin
json .total 21
# search ignores case and diacritics
req GET '/api/v1/tasks?year=2023&q=CHUYEN+DOI+SO' --as admin
json '[.tasks[].code] | join(" ")' 'CDS23-17 CDS23-39 CDS23-40'
req GET '/api/v1/tasks?year=2023&investor=SYT&sort=budget' --as admin
json '[.tasks[].code] | join(" ")' 'CDS23-14 CDS23-13 CDS23-15'
req GET '/api/v1/tasks?year=2023&investor=SYT&sort=budget&reverse=1' --as admin
json '[.tasks[].code] | join(" ")' 'CDS23-15 CDS23-13 CDS23-14'
req GET '/api/v1/tasks?year=2023&limit=5&offset=40' --as admin
json .total 42
json '.tasks | length' 2
req GET '/api/v1/tasks?year=abc' --as admin
status 400
req GET '/api/v1/tasks?colour=red' --as admin
status 400
json .error.message 'unknown parameter "colour"'

req GET /api/v1/tasks/2023/CDS23-08 --as sttt
status 200
json .investor STTTT
json .version 1
json '.history | length' 1
header_has 'etag: "1"'
req GET /api/v1/tasks/2023/NO-SUCH --as sttt
status 404
json .error.message 'no task NO-SUCH in 2023'
req GET /api/v1/tasks/20x3/CDS23-08 --as sttt
status 404

# an update: the task moves to version 2 and the history keeps both records
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '{"progress_pct":60,"disbursed_vnd":4000000000,"note":"Nghiệm thu giai đoạn 1","version":1}'
status 200
json .version 2
json .progress_pct 60
json .disbursed_vnd 4000000000
header_has 'etag: "2"'
req GET /api/v1/tasks/2023/CDS23-08 --as admin
json '.history | length' 2
json '.history[1].author' sttt
json '.history[1].source' api
json '.history[1].note' 'Nghiệm thu giai đoạn 1'

# someone who read version 1 cannot overwrite version 2: 409 with the current state
req PATCH /api/v1/tasks/2023/CDS23-08 --as admin --json '{"progress_pct":10,"version":1}'
status 409
json .error.code conflict
json .current.version 2
json .current.progress_pct 60
req PATCH /api/v1/tasks/2023/CDS23-08 --as admin --json '{"progress_pct":10}' -H 'If-Match: "1"'
status 409
req PATCH /api/v1/tasks/2023/CDS23-08 --as admin --json '{"progress_pct":65}' -H 'If-Match: "2"'
status 200
json .version 3

# the rules of the domain answer 422 with the field named; nothing changes
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '{"status":"completed"}'
status 422
json .error.code invalid
body_has 'status: a completed task must have progress 100'
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '{"disbursed_vnd":8000000001}'
status 422
body_has 'disbursed amount is more than the budget'
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '{"progress_pct":101}'
status 422
req GET /api/v1/tasks/2023/CDS23-08 --as sttt
json .version 3
json .progress_pct 65
# malformed requests answer 400
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '{"progress_pct":"sixty"}'
status 400
json .error.message 'progress_pct: expected a whole number'
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '{"budget_vnd":1}'
status 400
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '{}'
status 400
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '{"note":"a","note":"b"}'
status 400
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '[1]'
status 400
# invalid UTF-8 in a JSON string is refused by the parser
printf '{"note":"\xc3\x28"}' > bad.json
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --type application/json --body-file bad.json
status 400
# the CLI sees what the API wrote
run dxtrack task show 2023 CDS23-08 --format json
cli_out_has '"version":3'
