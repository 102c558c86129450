# Hostile input against the running server (issue 8, part 4): SQL metacharacters in every text
# field of every write that takes text (stored and read back byte for byte, the tasks table
# untouched); invalid UTF-8 and NUL bytes in each of those fields (refused, nothing written, no
# audit row); oversized bodies and headers; slow clients (slowloris, and a body sent a byte a
# second); path traversal in the route parameters of the DTI and report routes.
#
# The text fields: task PATCH note; DTI PATCH note; DTI evidence number, title, summary and file
# name (multipart); report comment text and answer text; settings value; the tasks CSV import's
# name and note cells (API); the DTI entries CSV import's note cell (CLI: it has no API route).
login admin
login viewer
login sttt
PORT=${BASE##*:}

run dxtrack dti framework import "$REPO/data/dti/QD922.csv"
cli_status 0
run dxtrack dti use 2023 QD922
cli_status 0
run dxtrack dti set 2023 3.1 --unit STTTT --due 2023-12-31
cli_status 0
run dxtrack dti set 2023 3.2 --unit STTTT
cli_status 0
req POST /api/v1/reports --as admin --json '{"year":2023,"date":"2023-12-14","number":"125"}'
status 201
rid=$(jq -r .id "$work/.body")
printf '%%PDF-1.4\nsmall\n' >small.pdf

# quotes, a statement terminator, comments, a backslash, a tautology, and Vietnamese letters
SQLI=$'\'); DROP TABLE task; -- "x" \\ ; 1=1 /* Nguyễn Thị Hường — đỗ ỡ'
jv() { jq -nc --arg v "$SQLI" "$1"; } # a JSON body with $v = SQLI
# expect jq expression on the last body to equal SQLI exactly
is_sqli() {
	local got
	got=$(jq -r "$1" "$work/.body")
	if [ "$got" == "$SQLI" ]; then pass; else fail "$1 is '$got', expected the SQL text" "$BODY"; fi
}
tasks_total() {
	req GET '/api/v1/tasks?year=2023' --as admin
	status 200
	json .total "$1"
}

# ==== 1. SQL metacharacters are data ==========================================================
tasks_total 42
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt --json "$(jv '{note:$v}')"
status 200
req GET /api/v1/tasks/2023/CDS23-08 --as sttt
is_sqli '.history[-1].note'
run dxtrack task show 2023 CDS23-08 --format json
if [ "$(jq -r '.history[-1].note' "$work/.out")" == "$SQLI" ]; then pass; else
	fail "the CLI reads another task note" "$(cat "$work/.out")"; fi

req PATCH /api/v1/dti/2023/3.1 --as sttt --json "$(jv '{note:$v}')"
status 200
req GET /api/v1/dti/2023/3.1 --as viewer
is_sqli .note

req POST /api/v1/dti/2023/3.1/evidence --as sttt --form-string "number=$SQLI" \
	--form-string "title=$SQLI" --form-string "summary=$SQLI" -F date=2023-03-15
status 201
evsql=$(jq -r .id "$work/.body")
req GET /api/v1/dti/2023/3.1 --as viewer
is_sqli ".evidence_items[] | select(.id == $evsql) | .number"
is_sqli ".evidence_items[] | select(.id == $evsql) | .title"
is_sqli ".evidence_items[] | select(.id == $evsql) | .summary"
# the file name, in a hand-made multipart body (a quote escaped as \" in the filename parameter;
# neither '/' nor '\': the server keeps what follows a name's last '/' or '\', see below)
FNAME=$'x\'); DROP TABLE task; -- "y" 1=1 Hường.pdf'
{
	printf -- '--XB\r\nContent-Disposition: form-data; name="title"\r\n\r\nT\r\n'
	printf -- '--XB\r\nContent-Disposition: form-data; name="date"\r\n\r\n2023-03-15\r\n'
	printf -- '--XB\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n' "${FNAME//\"/\\\"}"
	printf 'Content-Type: application/pdf\r\n\r\n%%PDF-1.4\nsmall\n\r\n--XB--\r\n'
} >sqlname.bin
req POST /api/v1/dti/2023/3.1/evidence --as sttt --type 'multipart/form-data; boundary=XB' --body-file sqlname.bin
status 201
json .file.name "$FNAME"
evname=$(jq -r .id "$work/.body")
req GET "/api/v1/dti/evidence/$evname/file" --as viewer
status 200
if cmp -s "$work/.body" small.pdf; then pass; else fail "the file under an SQL-like name differs"; fi

req POST "/api/v1/reports/$rid/comments" --as viewer --json "$(jv '{version:1,section:"I",text:$v}')"
status 201
cid=$(jq -r .id "$work/.body")
req POST "/api/v1/comments/$cid/answer" --as admin --json "$(jv '{answer:"explained",text:$v}')"
status 200
req GET "/api/v1/reports/$rid" --as viewer
is_sqli ".comments[] | select(.id == $cid) | .text"
is_sqli ".comments[] | select(.id == $cid) | .answer_text"

req PUT /api/v1/settings/signer_name --as admin --json "$(jv '{value:$v}')"
status 200
req GET /api/v1/settings --as viewer
is_sqli '.settings[] | select(.key == "signer_name") | .value'

tasks_total 42

# CSV: the same text in the name and note cells of a tasks import ("" doubles a quote)
TASKS_H='code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status,note'
q=${SQLI//\"/\"\"}
printf '%s\nX-SQL,2023,"%s",STTTT,1000000,0,0,planned,"%s"\n' "$TASKS_H" "$q" "$q" >sql.csv
req POST '/api/v1/import/tasks?name=sql.csv' --as admin --type text/csv --body-file sql.csv
status 200
json .inserted 1
req GET /api/v1/tasks/2023/X-SQL --as admin
status 200
is_sqli .name
is_sqli .note
tasks_total 43
# and in the note cell of a DTI entries import (CLI only)
printf 'code,value,unit,note\n3.2,50,STTTT,"%s"\n' "$q" >dti_sql.csv
run dxtrack dti import 2023 dti_sql.csv
cli_status 0
run dxtrack dti show 2023 3.2 --format json
if [ "$(jq -r .note "$work/.out")" == "$SQLI" ]; then pass; else
	fail "the DTI import's note reads back differently" "$(cat "$work/.out")"; fi
req GET /api/v1/dti/2023/3.2 --as viewer
is_sqli .note

# ==== regression (found by fuzz_api): an invalid JSON escape before a multi-byte character made
# jansson's message quote half a character; the error object could not be built and the server
# crashed on the public login endpoint. Now: 400 with a readable message, and the server lives.
printf '"\\\xc3\xa9"' >bad-escape.json
req POST /api/v1/session --body-file bad-escape.json --type application/json
status 400
json .error.code bad_request
body_has 'invalid escape'
req GET /healthz
status 200

# ==== 2. and 3. invalid UTF-8 and NUL: refused, nothing written, no audit row ===================
# Everything a refused write could touch, and the newest audit row.
state() {
	{
		req GET '/api/v1/audit?limit=1' --as admin
		jq -c '.entries[0].id' "$work/.body"
		req GET /api/v1/tasks/2023/CDS23-08 --as admin
		jq -c '[.version, (.history | length), .history[-1].note]' "$work/.body"
		req GET /api/v1/tasks/2023/X-BAD --as admin
		echo "$STATUS"
		req GET /api/v1/dti/2023/3.1 --as admin
		jq -c '[.version, .note, (.evidence_items | length)]' "$work/.body"
		req GET /api/v1/dti/2023/3.2 --as admin
		jq -c '[.version, .note]' "$work/.body"
		req GET "/api/v1/reports/$rid" --as admin
		jq -c '.comments' "$work/.body"
		req GET /api/v1/settings --as admin
		cat "$work/.body"
	} 2>&1
}
BEFORE=$(state)
unchanged() {
	local now
	now=$(state)
	if [ "$now" == "$BEFORE" ]; then pass; else
		fail "a refused write ($1) changed something" "$(diff <(echo "$BEFORE") <(echo "$now"))"; fi
}

# a comment to answer
req POST "/api/v1/reports/$rid/comments" --as viewer --json '{"version":1,"section":"I","text":"Góp ý mở"}'
status 201
cid2=$(jq -r .id "$work/.body")
BEFORE=$(state)

# JSON bodies: raw invalid bytes in the string are a 400 from the parser
for bad in '\xff' '\xe1\xbb' '\xc0\xaf'; do
	for c in "PATCH /api/v1/tasks/2023/CDS23-08 sttt {\"note\":\"a${bad}b\"}" \
		"PATCH /api/v1/dti/2023/3.1 sttt {\"note\":\"a${bad}b\"}" \
		"POST /api/v1/reports/$rid/comments viewer {\"version\":1,\"section\":\"I\",\"text\":\"a${bad}b\"}" \
		"POST /api/v1/comments/$cid2/answer admin {\"answer\":\"accepted\",\"text\":\"a${bad}b\"}" \
		"PUT /api/v1/settings/place admin {\"value\":\"a${bad}b\"}"; do
		read -r m p who body <<<"$c"
		printf "$body" >bad.json
		req "$m" "$p" --as "$who" --type application/json --body-file bad.json
		status 400
		json .error.code bad_request
		unchanged "$m $p $bad"
	done
done
# NUL as a "\u0000" escape: refused (jansson without JSON_ALLOW_NUL), never truncated at the NUL
for c in "PATCH /api/v1/tasks/2023/CDS23-08 sttt {\"note\":\"a\\u0000b\"}" \
	"PATCH /api/v1/dti/2023/3.1 sttt {\"note\":\"a\\u0000b\"}" \
	"POST /api/v1/reports/$rid/comments viewer {\"version\":1,\"section\":\"I\",\"text\":\"a\\u0000b\"}" \
	"POST /api/v1/comments/$cid2/answer admin {\"answer\":\"accepted\",\"text\":\"a\\u0000b\"}" \
	"PUT /api/v1/settings/place admin {\"value\":\"a\\u0000b\"}"; do
	read -r m p who body <<<"$c"
	req "$m" "$p" --as "$who" --json "$body"
	status 400
	body_has 'u0000 is not allowed'
	unchanged "$m $p NUL"
done

# multipart: each field of an evidence upload, and the file name, with a bad byte or a NUL
mp() { # FIELD VALUE (printf escapes in VALUE)
	{
		[ "$1" = title ] || printf -- '--XB\r\nContent-Disposition: form-data; name="title"\r\n\r\nT\r\n'
		printf -- '--XB\r\nContent-Disposition: form-data; name="date"\r\n\r\n2023-03-15\r\n'
		if [ "$1" = file ]; then
			printf -- '--XB\r\nContent-Disposition: form-data; name="file"; filename="'"$2"'.pdf"\r\n'
			printf 'Content-Type: application/pdf\r\n\r\n%%PDF-1.4\nsmall\n\r\n'
		else
			printf -- '--XB\r\nContent-Disposition: form-data; name="%s"\r\n\r\n'"$2"'\r\n' "$1"
		fi
		printf -- '--XB--\r\n'
	} >mp.bin
	req POST /api/v1/dti/2023/3.1/evidence --as sttt --type 'multipart/form-data; boundary=XB' --body-file mp.bin
}
# (the same body with good text is accepted: the refusals below are for the bytes)
mp summary 'Tóm tắt'
status 201
BEFORE=$(state)
for f in number title summary file; do
	for bad in '\xff' '\xe1\xbb' '\xc0\xaf' '\x00'; do
		mp "$f" "a${bad}b"
		status 400
		json .error.message 'Biểu mẫu nhiều phần (multipart) không hợp lệ.'
		unchanged "evidence $f $bad"
	done
done

# CSV: the tasks import's name and note cells (API), the DTI import's note cell (CLI)
for bad in '\xff' '\xe1\xbb' '\xc0\xaf' '\x00'; do
	printf "$TASKS_H\nX-BAD,2023,T${bad}n,STTTT,1,0,0,planned,ok\n" >bad.csv
	req POST '/api/v1/import/tasks?name=bad.csv' --as admin --type text/csv --body-file bad.csv
	status 422
	body_has 'bad.csv:2: name: '
	printf "$TASKS_H\nX-BAD,2023,Tên,STTTT,1,0,0,planned,n${bad}t\n" >bad.csv
	req POST '/api/v1/import/tasks?name=bad.csv' --as admin --type text/csv --body-file bad.csv
	status 422
	body_has 'bad.csv:2: note: '
	if [ "$bad" = '\x00' ]; then body_has 'NUL byte'; else body_has 'invalid UTF-8'; fi
	printf "code,value,unit,note\n3.2,70,STTTT,n${bad}t\n" >dti_bad.csv
	run dxtrack dti import 2023 dti_bad.csv
	cli_status 3
	cli_err_has 'dti_bad.csv:2: note: '
	cli_err_has 'nothing was written'
	unchanged "CSV $bad"
done
tasks_total 43

# ==== 6. path traversal in route parameters: 404, never a file from disk ========================
for p in '/dti/2023/..%2F..%2Fetc%2Fpasswd' '/dti/2023/..%2F..%2F..%2F..%2Fetc%2Fpasswd/evidence' \
	'/dti/evidence/..%2F..%2Fetc%2Fpasswd' '/api/v1/dti/evidence/..%2F1/file' \
	'/api/v1/dti/evidence/..%2F..%2F..%2Fetc%2Fpasswd/file' "/reports/$rid/..%2F..%2F$rid.docx" \
	"/reports/$rid/..%2F..%2F..%2F..%2Fetc%2Fpasswd" "/api/v1/reports/$rid/versions/..%2F1.pdf" \
	"/api/v1/reports/$rid/versions/..%2F..%2F..%2Fetc%2Fpasswd" '/api/v1/dti/2023/..%2F3.1'; do
	req GET "$p" --as viewer --path-as-is
	status 404
	body_lacks 'root:'
done
# the evidence file's name is kept without its directories, '/' or '\'
req POST /api/v1/dti/2023/3.1/evidence --as sttt -F title=T -F date=2023-03-15 \
	-F 'file=@small.pdf;filename=../../etc/passwd;type=application/pdf'
status 201
json .file.name passwd
evp=$(jq -r .id "$work/.body")
req GET "/api/v1/dti/evidence/$evp/file" --as viewer
header_has 'content-disposition: attachment; filename="passwd"'
body_lacks 'root:'
{
	printf -- '--XB\r\nContent-Disposition: form-data; name="title"\r\n\r\nT\r\n'
	printf -- '--XB\r\nContent-Disposition: form-data; name="date"\r\n\r\n2023-03-15\r\n'
	printf -- '--XB\r\nContent-Disposition: form-data; name="file"; filename="..\\\\..\\\\Windows\\\\win.pdf"\r\n'
	printf 'Content-Type: application/pdf\r\n\r\n%%PDF-1.4\nsmall\n\r\n--XB--\r\n'
} >winname.bin
req POST /api/v1/dti/2023/3.1/evidence --as sttt --type 'multipart/form-data; boundary=XB' --body-file winname.bin
status 201
json .file.name win.pdf

BEFORE=$(state)

# ==== 4. oversized =============================================================================
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >big17.json
req PATCH /api/v1/tasks/2023/CDS23-08 --as sttt -H 'Expect:' --type application/json --body-file big17.json
status 413
json .error.code too_large
json .error.message 'Dữ liệu gửi lên quá lớn: tối đa 16 MiB.'
{ printf '%%PDF-1.4\n'; head -c $((51 * 1024 * 1024)) /dev/zero; } >big51.pdf
req POST /api/v1/dti/2023/3.1/evidence --as sttt -H 'Expect:' -F title=T -F date=2023-03-15 \
	-F 'file=@big51.pdf;type=application/pdf'
status 413
json .error.message 'Tệp quá lớn: tối đa 50 MiB.'
rm -f big17.json big51.pdf
req GET /healthz -H "X-Big: $(head -c 65536 /dev/zero | tr '\0' a)"
status 431
req GET /healthz
status 200
unchanged "oversized bodies"

# ==== 5. slow clients ===========================================================================
# 40 connections, each with half a request line, then nothing
fds=()
for i in $(seq 1 40); do
	exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
	printf 'GET /healthz HTT' >&"$fd"
	fds+=("$fd")
done
opened=$SECONDS
# one client sends a 60-byte body a byte a second, then the rest: is it cut at the timeout?
(
	trap '' PIPE
	exec {s}<>"/dev/tcp/127.0.0.1/$PORT"
	printf 'PATCH /api/v1/tasks/2023/CDS23-08 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n' \
		"${TOKEN[sttt]}" >&"$s"
	for k in $(seq 1 18); do
		printf ' ' >&"$s" 2>/dev/null || { echo "cut after $k s"; exit 0; }
		sleep 1
	done
	printf '%42s' '' >&"$s" 2>/dev/null || { echo "cut after 18 s"; exit 0; }
	timeout 3 head -1 <&"$s" | tr -d '\r'
) >slow.log 2>&1 &
slow_pid=$!
sleep 1
for i in 1 2 3; do
	code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$BASE/healthz")
	if [ "$code" = 200 ]; then pass; else fail "healthz beside the slow clients: $code within 2 s"; fi
	req GET '/api/v1/tasks?year=2023' --as viewer --max-time 2
	status 200
	sleep 4
done
# after the 15 s idle timeout the server has closed every hanging connection (EOF on read)
sleep $((opened + 15 - SECONDS > 0 ? opened + 15 - SECONDS : 0))
open=("${fds[@]}")
while [ ${#open[@]} -gt 0 ] && [ $((SECONDS - opened)) -lt 22 ]; do
	left=()
	for fd in "${open[@]}"; do
		if read -r -t 0.1 -u "$fd" _; then left+=("$fd"); else [ $? -gt 128 ] && left+=("$fd"); fi
	done
	open=("${left[@]}")
done
if [ ${#open[@]} -eq 0 ]; then pass; else
	fail "${#open[@]} of 40 slowloris connections still open $((SECONDS - opened)) s after their last byte"; fi
for fd in "${fds[@]}"; do exec {fd}>&-; done
wait "$slow_pid"
# a body sent a byte a second is cut once it has taken longer than the idle timeout (15 s) at
# less than 1 KiB/s on average (server.c SERVER_BODY_MIN_BYTES_PER_S): the first byte after
# 15 s fails to arrive, so the writer sees the cut between its 16th and 18th byte
step="the body sent a byte a second"
if grep -q 'cut after' slow.log; then pass; else fail "the slow-body client was not cut" "$(cat slow.log)"; fi
req GET /healthz
status 200
unchanged "slow clients"
if kill -0 "$server_pid" 2>/dev/null; then pass; else fail "the server is gone" "$(cat "$work/server.log")"; fi
