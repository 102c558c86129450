# The pages' forms as a browser posts them: the login cookie pair, CSRF on every POST, and the
# statuses a person sees.
req GET /login --cookie
status 200
header_has 'set-cookie: dx_login_csrf='
body_has '<label for='
CSRF=$(form_csrf)
# a login form posted from elsewhere (no matching token) is refused
req POST /login --cookie --form 'username=admin&password=pw-admin-2023&csrf=forged'
status 403
req POST /login --cookie --form "username=admin&password=wrong-password&csrf=$CSRF"
status 401
body_has 'Tên đăng nhập hoặc mật khẩu không đúng.'
CSRF=$(form_csrf) # the form comes back with a fresh token
req POST /login --cookie --form "username=admin&password=pw-admin-2023&csrf=$CSRF&next=%2Ftasks%2F2023%2FCDS23-09"
status 303
header_has 'location: /tasks/2023/CDS23-09'
header_has 'set-cookie: dx_session='
# an outside address in "next" is not followed (a fresh browser: no cookies yet)
rm -f "$work/cookies"
req GET /login --cookie
CSRF=$(form_csrf)
req POST /login --cookie --form "username=admin&password=pw-admin-2023&csrf=$CSRF&next=%2F%2Fevil.example%2F"
status 303
header_has 'location: /'

# the dashboard: the source's figures
req GET '/?year=2023' --cookie
status 200
header_has 'cache-control: no-store'
body_has '<dd id="fig-tasks">42</dd>'
body_has '67.150.000.000 đồng'
body_has '35.600.000.000 đồng'
body_lacks '<script'
body_lacks 'style="'

# a progress update needs the session's token
req GET /tasks/2023/CDS23-09 --cookie
status 200
body_has 'id="update-form"'
CSRF=$(form_csrf)
req POST /tasks/2023/CDS23-09 --cookie --form 'progress_pct=75&version=1'
status 403
req POST /tasks/2023/CDS23-09 --cookie --form "progress_pct=75&disbursed_vnd=2.500.000.000&note=Tr%E1%BA%A1m+1&version=1&csrf=$CSRF"
status 303
header_has 'location: /tasks/2023/CDS23-09?saved=1'
req GET /tasks/2023/CDS23-09?saved=1 --cookie
body_has 'Đã lưu cập nhật.'
body_has '2.500.000.000'
# the same form again, from a page showing version 1: someone else's update is not overwritten
req POST /tasks/2023/CDS23-09 --cookie --form "progress_pct=10&version=1&csrf=$CSRF"
status 409
body_has 'Nhiệm vụ đã được người khác cập nhật'
# a rule broken: 422 with the message, nothing written
req POST /tasks/2023/CDS23-09 --cookie --form "status=completed&version=2&csrf=$CSRF"
status 422
body_has 'a completed task must have progress 100'

# import by upload: every error listed as the CLI lists it, nothing written
req GET /import --cookie
CSRF=$(form_csrf)
req POST /import --cookie -F "csrf=$CSRF" -F "file=@$DATA/ten_mistakes.csv"
status 422
body_has 'id="import-errors"'
body_has 'ten_mistakes.csv:'
body_has 'Không có dữ liệu nào được ghi.'
req POST /import --cookie -F "file=@$DATA/ten_mistakes.csv"
status 403

# the CSV export of the list: a BOM, the import header, only what the filter selects
req GET '/tasks?year=2023&investor=SYT&format=csv' --cookie
status 200
header_has 'content-type: text/csv'
header_has 'attachment; filename="tasks-2023.csv"'
if [ "$(head -c 3 "$work/.body" | od -An -tx1 | tr -d ' ')" = efbbbf ]; then pass; else fail "no UTF-8 BOM"; fi
json_lines=$(tail -n +2 "$work/.body" | grep -c '^CDS23-1[345],')
if [ "$json_lines" = 3 ]; then pass; else fail "expected the 3 tasks of SYT, got $json_lines" "$BODY"; fi

# accounts: a new editor, shown once its generated password; then it can sign in
req GET /users --cookie
CSRF=$(form_csrf)
req POST /users --cookie --form "action=create&name=lan&role=editor&unit=SYT&password=&csrf=$CSRF"
status 200
PW=$(grep -o 'id="new-password-value">[^<]*<' "$work/.body" | sed 's/.*>//; s/<$//')
if [ ${#PW} -eq 20 ]; then pass; else fail "no generated password of 20 characters shown" "$BODY"; fi
req POST /api/v1/session --json "{\"username\":\"lan\",\"password\":\"$PW\"}"
status 201

# sign out: the session cookie no longer opens pages
req POST /logout --cookie --form "csrf=$CSRF"
status 303
req GET /tasks --cookie
status 303
header_has 'location: /login'
