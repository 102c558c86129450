# API tokens: the secret is printed once, alone on stdout, 43 base64url characters, and then
# never again (not in the list, not in the audit log). Revoking is final; disabling a user
# revokes its tokens.
run dxtrack import units "$SAMPLE/units.csv"
status 0
printf 'tai-chinh-2023\n' > mai.pw
run dxtrack user add mai --role finance --password-stdin < mai.pw
status 0

run dxtrack token add mai --label "Cổng tài chính tỉnh"
status 0
if [[ $OUT =~ ^[A-Za-z0-9_-]{43}$ ]]; then pass; else fail "not a token" "$OUT"; fi
tok1=$OUT
err_is <<'END'
dxtrack: API token 1 created for mai; it is shown only now.
END
run dxtrack token add mai
status 0
tok2=$OUT
if [[ $tok2 =~ ^[A-Za-z0-9_-]{43}$ ]] && [ "$tok1" != "$tok2" ]; then pass; else fail "tokens not fresh" "$tok1 $tok2"; fi

run dxtrack token list
status 0
out_is <<'END'
ID  Người dùng  Nhãn                 Tạo lúc (UTC)         Thu hồi lúc (UTC)
--  ----------  -------------------  --------------------  -----------------
 1  mai         Cổng tài chính tỉnh  2023-12-14T08:00:00Z  —
 2  mai         —                    2023-12-14T08:00:00Z  —

2 API tokens.
END

# revoked now, and the second one a day later
run dxtrack token revoke 1
status 0
err_is <<'END'
dxtrack: API token 1 revoked.
END
DXTRACK_NOW=2023-12-15T10:00:00Z run dxtrack token revoke 2
status 0
# revoking again keeps the first time
DXTRACK_NOW=2023-12-16T10:00:00Z run dxtrack token revoke 2
status 0

# disabling lan revokes lan's token
printf 'cap-nhat-lan-01\n' > lan.pw
run dxtrack user add lan --role editor --unit STTTT --password-stdin < lan.pw
status 0
DXTRACK_NOW=2023-12-15T10:00:00Z run dxtrack token add lan --label "trục LGSP"
status 0
tok3=$OUT
DXTRACK_NOW=2023-12-16T07:00:00Z run dxtrack user disable lan
status 0
run dxtrack token list
status 0
out_is <<'END'
ID  Người dùng  Nhãn                 Tạo lúc (UTC)         Thu hồi lúc (UTC)
--  ----------  -------------------  --------------------  --------------------
 1  mai         Cổng tài chính tỉnh  2023-12-14T08:00:00Z  2023-12-14T08:00:00Z
 2  mai         —                    2023-12-14T08:00:00Z  2023-12-15T10:00:00Z
 3  lan         trục LGSP            2023-12-15T10:00:00Z  2023-12-16T07:00:00Z

3 API tokens.
END
run dxtrack token list --format json
status 0
out_is <<'END'
[{"id":1,"user":"mai","label":"Cổng tài chính tỉnh","created_at":"2023-12-14T08:00:00Z","revoked_at":"2023-12-14T08:00:00Z"},{"id":2,"user":"mai","label":"","created_at":"2023-12-14T08:00:00Z","revoked_at":"2023-12-15T10:00:00Z"},{"id":3,"user":"lan","label":"trục LGSP","created_at":"2023-12-15T10:00:00Z","revoked_at":"2023-12-16T07:00:00Z"}]
END

# no token for a disabled or unknown user; a label of at most 200 characters
run dxtrack token add lan
status 3
out_is <<'END'
END
err_is <<'END'
user lan is disabled: enable it first
dxtrack: 1 problem; nothing was written
END
run dxtrack token add ghost
status 1
err_is <<'END'
no user ghost
END
long=$(printf 'đ%.0s' $(seq 201))
run dxtrack token add mai --label "$long"
status 3
err_has 'label: the label is longer than 200 characters'
run dxtrack token add mai --label "${long:1}"
status 0
run dxtrack token revoke 9
status 1
err_is <<'END'
no API token 9
END

# usage errors
run dxtrack token revoke abc
status 2
err_has '"abc" is not a token ID'
run dxtrack token revoke
status 2
run dxtrack token list --label x
status 2
run dxtrack token list --format csv
status 2
run dxtrack token drop 1
status 2
err_has "Try 'dxtrack token --help'."

# the audit log names each token and its user, never its secret
run dxtrack audit --action token. --limit 0 --format json
status 0
out_has '"action":"token.add","object":"token 1","detail":{"id":1,"label":"Cổng tài chính tỉnh","user":"mai"}}'
out_has '"action":"token.revoke","object":"token 1","detail":{"id":1}}'
out_lacks "$tok1"
out_lacks "$tok2"
out_lacks "$tok3"
run dxtrack token list --format json
status 0
out_lacks "$tok1"

run dxtrack token --help
status 0
out_has 'Usage: dxtrack [--db PATH] token add USER [--label TEXT]'
