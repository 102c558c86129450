# The committee summary through the API is the CLI's JSON, byte for byte; its figures are the
# source document's (42 tasks, 67.150.000.000 budget, 35.600.000.000 disbursed, 53,0 %).
login viewer
req GET '/api/v1/summary?year=2023' --as viewer
status 200
json .tasks 42
json .budget_vnd 67150000000
json .disbursed_vnd 35600000000
json .disbursement_pct 53
json '.by_status.completed' 21
run dxtrack summary --year 2023 --format json
cli_status 0
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "API and CLI summaries differ" "$(diff "$work/.out" "$work/.body")"; fi
req GET '/api/v1/summary?year=2023&unit=058' --as viewer
status 200
run dxtrack summary --year 2023 --unit 058 --format json
if cmp -s "$work/.out" "$work/.body"; then pass; else fail "unit summaries differ" "$(diff "$work/.out" "$work/.body")"; fi
req GET '/api/v1/summary?year=2023&unit=NOPE' --as viewer
status 404
req GET '/api/v1/summary?year=23' --as viewer
status 400
# without a year: the newest year with tasks (2023 in the sample)
req GET /api/v1/summary --as viewer
json .year 2023

# the figures follow every write at once, through the API or from another process (the server
# keeps computed responses only while the data's generation is unchanged)
login sttt
req GET '/api/v1/summary?year=2023' --as viewer
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json '{"disbursed_vnd":4000000000}'
status 200
req GET '/api/v1/summary?year=2023' --as viewer
json .disbursed_vnd 36800000000
run dxtrack task update 2023 CDS23-09 --disbursed 2400000000
cli_status 0
req GET '/api/v1/summary?year=2023' --as viewer
json .disbursed_vnd 36900000000
