# What every response carries, and what hostile or careless requests get.
req GET /healthz
status 200
json .status ok
header_has "content-security-policy: default-src 'self'; script-src 'self'"
header_has "frame-ancestors 'none'"
header_has 'x-frame-options: DENY'
header_has 'x-content-type-options: nosniff'

# the OpenAPI document names every endpoint of the issue
req GET /api/v1/openapi.json
status 200
json .openapi 3.0.3
json '.paths | keys | join(" ")' '/api/v1/allocations /api/v1/audit /api/v1/comments/{id}/answer /api/v1/disbursement /api/v1/dti /api/v1/dti/evidence/{id}/file /api/v1/dti/evidence/{id}/withdraw /api/v1/dti/frameworks /api/v1/dti/published /api/v1/dti/{year} /api/v1/dti/{year}/{code} /api/v1/dti/{year}/{code}/evidence /api/v1/import/tasks /api/v1/import/values /api/v1/indicators /api/v1/indicators/missing /api/v1/indicators/{code}/values /api/v1/me /api/v1/openapi.json /api/v1/plan /api/v1/plan/adopt /api/v1/plan/adopted /api/v1/reports /api/v1/reports/{id} /api/v1/reports/{id}/comments /api/v1/reports/{id}/revise /api/v1/reports/{id}/submit /api/v1/reports/{id}/versions/{file} /api/v1/session /api/v1/settings /api/v1/settings/{key} /api/v1/summary /api/v1/tasks /api/v1/tasks/{year}/{code} /api/v1/tasks/{year}/{code}/colour /healthz'

# signed out: the API answers 401, a page sends the browser to the login form
req GET /api/v1/tasks
status 401
json .error.code unauthorized
req GET /tasks
status 303
header_has 'location: /login?next=%2Ftasks'
req GET /
status 303
header_has 'location: /login'

# unknown paths, methods and traversal attempts
login admin
req GET /api/v1/nothing --as admin
status 404
json .error.code not_found
req PUT /api/v1/tasks --as admin
status 405
header_has 'allow: GET, HEAD'
req GET '/static/../../../etc/passwd' --path-as-is
status 404
req GET '/static/%2e%2e/%2e%2e/etc/passwd' --path-as-is
status 404
# invalid UTF-8 and NUL bytes in the query are refused before any handler
req GET '/api/v1/tasks?q=%C3%28' --as admin
status 400
req GET '/api/v1/tasks?q=a%00b' --as admin
status 400
# SQL metacharacters are data
req GET "/api/v1/tasks?q=%27%3B%20DROP%20TABLE%20task%3B--&investor=%27%20OR%201%3D1--" --as admin
status 200
json .total 0
req GET '/api/v1/tasks?year=2023' --as admin
json .total 42
# an admin-only page for a viewer
login viewer
req GET /users -H "Cookie: dx_session=${TOKEN[viewer]}"
status 403
