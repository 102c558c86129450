# Signing in and out through the API: tokens, cookies with CSRF, throttling, expiry.

# a wrong password and an unknown name look the same
req POST /api/v1/session --json '{"username":"viewer","password":"wrong-password-1"}'
status 401
json .error.code unauthorized
req POST /api/v1/session --json '{"username":"nobody","password":"wrong-password-1"}'
status 401
json .error.message 'wrong user name or password'
# malformed bodies
req POST /api/v1/session --json '{"username":"viewer"'
status 400
req POST /api/v1/session --json '{"username":"viewer","password":"pw-viewer-2023","x":1}'
status 400
req POST /api/v1/session --type text/plain --body-file /dev/null
status 415

login viewer
json .user.role viewer
json .user.unit null
json .expires_at 2023-12-14T16:00:00Z
header_has 'set-cookie: dx_session='
header_has 'HttpOnly'
header_has 'SameSite=Strict'
req GET /api/v1/me --as viewer
status 200
json .name viewer

# the token works until the session is ended, then never again
req DELETE /api/v1/session --as viewer
status 204
req GET /api/v1/me --as viewer
status 401
json .error.code unauthorized

# no credentials, or a forged one
req GET /api/v1/summary?year=2023
status 401
req GET /api/v1/summary?year=2023 -H 'Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
status 401

# a cookie session: reads need only the cookie; writes need the X-CSRF-Token header too
req POST /api/v1/session --cookie --json '{"username":"sttt","password":"pw-sttt-2023"}'
status 201
CSRF=$(jq -r .csrf "$work/.body")
req GET /api/v1/me --cookie
status 200
json .unit STTTT
req PATCH /api/v1/tasks/2023/CDS23-08 --cookie --json '{"progress_pct":50}'
status 403
json .error.code csrf
req PATCH /api/v1/tasks/2023/CDS23-08 --cookie --json '{"progress_pct":50}' -H 'X-CSRF-Token: not-the-token'
status 403
req PATCH /api/v1/tasks/2023/CDS23-08 --cookie --json '{"progress_pct":50}' -H "X-CSRF-Token: $CSRF"
status 200
json .progress_pct 50

# five failed logins for one name lock it for 15 minutes, even with the right password
for i in 1 2 3 4 5; do
	req POST /api/v1/session --json '{"username":"tc","password":"not-the-password"}'
done
status 401
req POST /api/v1/session --json '{"username":"tc","password":"pw-tc-2023"}'
status 429
json .error.code throttled
header_has 'retry-after: 900'
# … and it is over after the window (the server's clock moves on 16 minutes)
restart_server DXTRACK_NOW=2023-12-14T08:16:01Z
login tc
json .user.role finance

# a session ends 8 hours after login: signed in at 08:16:01, it lasts until 16:16:01
login admin
json .expires_at 2023-12-14T16:16:01Z
restart_server DXTRACK_NOW=2023-12-14T16:16:00Z
req GET /api/v1/me --as admin
status 200
restart_server DXTRACK_NOW=2023-12-14T16:16:02Z
req GET /api/v1/me --as admin
status 401

# API tokens from the CLI: printed once, usable as Bearer, revocable
run dxtrack token add viewer --label "Cổng dữ liệu tỉnh"
cli_status 0
TOKEN[machine]=$(cat "$work/.out")
req GET /api/v1/summary?year=2023 --as machine
status 200
json .tasks 42
run dxtrack token list --format json
ID=$(jq -r '.[0].id' "$work/.out")
run dxtrack token revoke "$ID"
cli_status 0
req GET /api/v1/summary?year=2023 --as machine
status 401
