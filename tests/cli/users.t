# Accounts from the command line, which acts as an administrator. A password comes from one
# line of standard input or is generated and printed once, alone on stdout; it is never shown
# again and never reaches the audit log. A broken rule writes nothing (exit 3).
run dxtrack import units "$SAMPLE/units.csv"
status 0

# from standard input: the CRLF line end is not part of the password; confirmations on stderr
printf 'mat-khau-quan-tri\r\n' > admin.pw
run dxtrack user add quantri --role admin --password-stdin < admin.pw
status 0
out_is <<'END'
END
err_is <<'END'
dxtrack: user quantri added (admin).
END

# generated: 20 letters and digits without the look-alikes 0 O o 1 l I, and nothing else
run dxtrack user add lan --role editor --unit STTTT --generate-password
status 0
if [[ $OUT =~ ^[A-HJ-NP-Za-km-np-z2-9]{20}$ ]]; then pass; else fail "not a generated password" "$OUT"; fi
lan_pw=$OUT
err_is <<'END'
dxtrack: user lan added (editor, unit STTTT).
END

printf 'tai-chinh-2023\n' > mai.pw
run dxtrack user add mai --role finance --password-stdin < mai.pw
status 0
DXTRACK_NOW=2023-12-15T09:30:00Z run dxtrack user add hoang --role viewer --unit 06 --generate-password
status 0

# the rules: an editor needs a unit, the unit must exist, names are plain, passwords 10+ bytes,
# a name is taken once; a refused account prints no password
run dxtrack user add binh --role editor --generate-password
status 3
out_is <<'END'
END
err_is <<'END'
user binh: unit: an editor belongs to a unit: give the unit whose tasks it updates
dxtrack: 1 problem; nothing was written
END
run dxtrack user add binh --role finance --unit NOPE --generate-password
status 3
err_has 'user binh: unit: unknown unit "NOPE": import it with `dxtrack import units` first'
printf 'ngan\n' > short.pw
run dxtrack user add "Trần Bình" --role viewer --password-stdin < short.pw
status 3
err_is <<'END'
name: a user name is 2 to 64 lower-case letters (a-z), digits, '.', '_' or '-', starting with a letter
password: a password must be 10 to 256 bytes long
dxtrack: 2 problems; nothing was written
END
run dxtrack user add lan --role viewer --generate-password
status 3
err_has 'user lan: name: a user lan exists already'

# mistakes on the command line are usage errors
run dxtrack user add binh --role boss --generate-password
status 2
err_has '--role: unknown role "boss": use admin, viewer, editor or finance'
err_has "Try 'dxtrack user --help'."
run dxtrack user add binh --role viewer
status 2
err_has 'user add needs one of --password-stdin or --generate-password'
run dxtrack user add binh --role viewer --password-stdin --generate-password
status 2
run dxtrack user add binh --generate-password
status 2
err_has 'user add needs --role'
run dxtrack user list --role admin
status 2
run dxtrack user disable
status 2
err_has 'user disable needs a user NAME'
run dxtrack user rename lan
status 2
run dxtrack user set lan
status 2
err_has 'user set needs --role, --unit or --no-unit'
run dxtrack user set lan --unit 058 --no-unit
status 2

# the list: by name, never a password or a hash
run dxtrack user list
status 0
out_is <<'END'
Tên đăng nhập  Vai trò  Đơn vị  Trạng thái  Tạo lúc (UTC)
-------------  -------  ------  ----------  --------------------
hoang          viewer   06      hoạt động   2023-12-15T09:30:00Z
lan            editor   STTTT   hoạt động   2023-12-14T08:00:00Z
mai            finance  —       hoạt động   2023-12-14T08:00:00Z
quantri        admin    —       hoạt động   2023-12-14T08:00:00Z

4 tài khoản.
END
run dxtrack user list --format json
status 0
out_is <<'END'
[{"name":"hoang","role":"viewer","unit":"06","disabled":false,"created_at":"2023-12-15T09:30:00Z"},{"name":"lan","role":"editor","unit":"STTTT","disabled":false,"created_at":"2023-12-14T08:00:00Z"},{"name":"mai","role":"finance","unit":null,"disabled":false,"created_at":"2023-12-14T08:00:00Z"},{"name":"quantri","role":"admin","unit":null,"disabled":false,"created_at":"2023-12-14T08:00:00Z"}]
END

# changes: unit, role, disable, enable
run dxtrack user set lan --no-unit
status 3
err_has 'user lan: unit: an editor belongs to a unit'
run dxtrack user set lan --unit 058
status 0
err_is <<'END'
dxtrack: user lan is changed.
END
run dxtrack user set mai --role editor
status 3
run dxtrack user set mai --role editor --unit 01834
status 0
run dxtrack user disable mai
status 0
err_is <<'END'
dxtrack: user mai is disabled; its sessions are ended and its API tokens revoked.
END
run dxtrack user list
status 0
out_is <<'END'
Tên đăng nhập  Vai trò  Đơn vị  Trạng thái  Tạo lúc (UTC)
-------------  -------  ------  ----------  --------------------
hoang          viewer   06      hoạt động   2023-12-15T09:30:00Z
lan            editor   058     hoạt động   2023-12-14T08:00:00Z
mai            editor   01834   đã khóa     2023-12-14T08:00:00Z
quantri        admin    —       hoạt động   2023-12-14T08:00:00Z

4 tài khoản.
END
run dxtrack user enable mai
status 0
err_is <<'END'
dxtrack: user mai is enabled.
END
run dxtrack user list --format csv
status 0
out_is <<'END'
name,role,unit,disabled,created_at
hoang,viewer,06,0,2023-12-15T09:30:00Z
lan,editor,058,0,2023-12-14T08:00:00Z
mai,editor,01834,0,2023-12-14T08:00:00Z
quantri,admin,,0,2023-12-14T08:00:00Z
END

# somebody must stay able to administer
run dxtrack user disable quantri
status 3
err_has 'user quantri: the last enabled administrator cannot be disabled or lose the role'
run dxtrack user set quantri --role viewer
status 3
run dxtrack user set hoang --role admin
status 0
run dxtrack user set quantri --role viewer
status 0

# a new password: generated again, different
run dxtrack user passwd lan --generate-password
status 0
if [[ $OUT =~ ^[A-HJ-NP-Za-km-np-z2-9]{20}$ ]] && [ "$OUT" != "$lan_pw" ]; then pass; else fail "not a new password" "$OUT"; fi
new_pw=$OUT
err_is <<'END'
dxtrack: the password of lan is changed; its sessions are ended.
END
run dxtrack user passwd ghost --generate-password
status 1
out_is <<'END'
END
err_is <<'END'
no user ghost
END
run dxtrack user passwd lan --password-stdin < short.pw
status 3
err_has 'user lan: password: a password must be 10 to 256 bytes long'

# the audit log has every change, and no password or hash
run dxtrack audit --action user. --limit 0 --format json
status 0
out_has '"action":"user.add","object":"user quantri","detail":{"role":"admin","unit":null}}'
out_has '"action":"user.add","object":"user lan","detail":{"role":"editor","unit":"STTTT"}}'
out_has '"object":"user lan","detail":{"new":{"disabled":false,"role":"editor","unit":"058"},"old":{"disabled":false,"role":"editor","unit":"STTTT"}}}'
out_has '"object":"user mai","detail":{"new":{"disabled":true,"role":"editor","unit":"01834"},"old":{"disabled":false,"role":"editor","unit":"01834"}}}'
out_has '"object":"user lan","detail":{"new":{"disabled":false,"role":"editor","unit":"058"},"old":{"disabled":false,"role":"editor","unit":"058"},"password":"changed"}}'
out_lacks "$lan_pw"
out_lacks "$new_pw"
out_lacks 'mat-khau-quan-tri'
out_lacks 'tai-chinh-2023'
out_lacks 'argon2'
# 4 added, 2 refused changes not recorded: set lan, set mai, disable, enable, hoang admin,
# quantri viewer, passwd = 7 changes
run dxtrack audit --action user.change --limit 0
status 0
out_has '7 rows, newest first.'
run dxtrack audit --action user.add --limit 0
status 0
out_has '4 rows, newest first.'

run dxtrack user --help
status 0
out_has 'Usage: dxtrack [--db PATH] user add NAME --role ROLE [--unit CODE]'
