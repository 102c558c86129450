# Every write is in the audit log with who, when, what, and the old and new values.
login sttt
req PATCH /api/v1/tasks/2023/CDS23-09 --as sttt --json '{"progress_pct":80,"disbursed_vnd":3000000000,"note":"Đã lắp đặt"}'
status 200
run dxtrack user add bao --role viewer --generate-password
cli_status 0

login viewer
req GET '/api/v1/audit?action=task.update' --as viewer
status 200
json '.entries | length' 1
json '.entries[0].actor' sttt
json '.entries[0].object' 'task 2023/CDS23-09'
json '.entries[0].at' 2023-12-14T08:00:00Z
json '.entries[0].detail.old.progress_pct' 70
json '.entries[0].detail.new.progress_pct' 80
json '.entries[0].detail.old.disbursed_vnd' 2300000000
json '.entries[0].detail.new.disbursed_vnd' 3000000000
# the CLI's writes are there too, under the operating-system user, never with a password
req GET '/api/v1/audit?action=user.add' --as viewer
json '[.entries[].object] | index("user bao") != null' true
body_lacks 'argon2'
# logins are audited; filters combine; newest first; paging
req GET '/api/v1/audit?action=session.&actor=viewer' --as viewer
json '.entries[0].action' session.login
req GET '/api/v1/audit?q=CDS23-09' --as viewer
json '.entries | length' 1
req GET '/api/v1/audit?limit=2' --as viewer
json '.entries | length' 2
NEXT=$(jq -r .next_before "$work/.body")
FIRST=$(jq -r '.entries[0].id' "$work/.body")
req GET "/api/v1/audit?limit=2&before=$NEXT" --as viewer
json "[.entries[].id] | all(. < $NEXT)" true
req GET '/api/v1/audit?since=2023-12-15' --as viewer
json '.entries | length' 0
req GET '/api/v1/audit?since=2023-13-01' --as viewer
status 400
# the application cannot rewrite the log
run db_sql "DELETE FROM audit WHERE id = $FIRST"
cli_err_has 'the audit log is append-only'
req GET "/api/v1/audit?limit=1&before=$((FIRST + 1))" --as viewer
json '.entries[0].id' "$FIRST"
# a day as people write it is the same day
req GET '/api/v1/audit?since=14/12/2023&until=14%2F12%2F2023&action=task.update' --as viewer
status 200
json '.entries | length' 1
