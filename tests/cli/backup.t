# Backup and restore: a backup is a checked, self-contained copy; restoring it brings the data
# back exactly (the export of 2023 is the same bytes) and records db.restore; every refusal
# (an existing file or database without --force, a file that is not a database, a truncated
# copy, a foreign or newer database, a database in use) says why and changes nothing; a backup
# taken while `dxtrack serve` is writing is one consistent snapshot.
sqlite_only "backup and restore of SQLite files: the copy, its integrity, the files beside it"
run dxtrack import units "$SAMPLE/units.csv"
status 0
run dxtrack import tasks "$SAMPLE/tasks.csv" --as-of 2023-12-14
status 0
run dxtrack import indicators "$SAMPLE/indicators.csv"
status 0
run dxtrack import targets "$SAMPLE/indicator_targets.csv"
status 0
run dxtrack import values "$SAMPLE/indicator_values_2023.csv"
status 0
run dxtrack export tasks --year 2023 -o before.csv
status 0

# the backup: checked, one file, counts and SHA-256 printed, audited in the source database
run dxtrack backup b.db
status 0
out_has 'Backup written: b.db ('
out_has 'schema version 8, integrity ok)'
out_has '46 tasks, 137 units, 5 audit rows'
sha=$(sed -n 's/^  SHA-256 \([0-9a-f]\{64\}\)$/\1/p' .out)
if [ "$sha" = "$(sha256sum b.db | cut -d' ' -f1)" ]; then pass; else fail "SHA-256 printed: '$sha'"; fi
if [ -e b.db.tmp ] || [ -e b.db-wal ] || [ -e b.db-journal ]; then fail "files beside b.db" "$(ls)"; else pass; fi
if [ "$(sqlite3 b.db 'PRAGMA integrity_check; PRAGMA journal_mode')" = "ok
delete" ]; then pass; else fail "b.db is not one sound file"; fi
run dxtrack audit --action db. --format json
out_has '"action":"db.backup"'
out_has "\"sha256\":\"$sha\""

# an existing file is kept, unless --force
cp b.db b-copy.db
run dxtrack backup b.db
status 1
err_has 'b.db exists: add --force to replace it; nothing was written'
same_files b.db b-copy.db
run dxtrack backup "$DXTRACK_DB" --force
status 1
err_has 'is the database itself'
run dxtrack backup b2.db --force
status 0
run dxtrack backup
status 2

# changes after the backup
run dxtrack task update 2023 CDS23-07 --progress 90 --note "Sau khi sao lưu" --as "Nguyễn Văn A"
status 0
echo "a-long-password" >lan.pw
run dxtrack user add lan --role editor --unit SYT --password-stdin <lan.pw
status 0
run dxtrack export tasks --year 2023 -o after.csv
status 0
if cmp -s before.csv after.csv; then fail "the update changed nothing"; else pass; fi

# refusals: each says why and changes nothing
unchanged() {
	dxtrack export tasks --year 2023 -o now.csv >/dev/null 2>&1
	same_files after.csv now.csv
}
run dxtrack restore b.db
status 1
err_has 'exists: add --force to replace it by b.db; nothing was changed'
unchanged
run dxtrack restore "$SAMPLE/tasks.csv" --force
status 1
err_has 'tasks.csv is not a database; nothing was changed'
unchanged
head -c 300000 b.db >truncated.db
run dxtrack restore truncated.db --force
status 1
err_has 'truncated.db is damaged: database disk image is malformed; nothing was changed'
unchanged
: >empty.db
run dxtrack restore empty.db --force
status 1
err_has 'empty.db is empty: not a database'
unchanged
sqlite3 other.db 'CREATE TABLE x (y); PRAGMA user_version = 3'
run dxtrack restore other.db --force
status 1
err_has "other.db is a SQLite database but not one of dxtrack's"
unchanged
cp b.db newer.db
sqlite3 newer.db 'PRAGMA user_version = 99'
run dxtrack restore newer.db --force
status 1
err_has 'newer.db has schema version 99, newer than this dxtrack (8): use a newer dxtrack'
unchanged
run dxtrack restore no-such.db --force
status 1
err_has 'cannot read no-such.db: No such file or directory'
unchanged
# in use: another program has the database open (idle, after one read)
rm -f opened release
sqlite3 "$DXTRACK_DB" >/dev/null 2>&1 <<'EOF' &
SELECT count(*) FROM task;
.shell touch opened; while [ ! -e release ]; do sleep 0.05; done
EOF
holder=$!
for _ in $(seq 100); do [ -e opened ] && break; sleep 0.05; done
run dxtrack restore b.db --force
status 1
err_has 'is in use by another program (is `dxtrack serve` running?): stop it, then restore again; nothing was changed'
touch release
wait $holder
unchanged
if [ -e "$DXTRACK_DB.tmp" ]; then fail "a copy was left behind" "$(ls)"; else pass; fi

# the restore: the data as backed up, audited with the file's SHA-256
run dxtrack restore b.db --force --as "Trần Thị B"
status 0
out_has "Restored $DXTRACK_DB from b.db (SHA-256 $sha)"
out_has 'schema version 8, integrity ok'
out_has '46 tasks, 137 units, 6 audit rows'
run dxtrack export tasks --year 2023 -o restored.csv
status 0
same_files before.csv restored.csv
run dxtrack user list
status 0
out_lacks 'lan'
run dxtrack audit --action db. --format json
status 0
out_has '"actor":"Trần Thị B","action":"db.restore"'
out_has "\"sha256\":\"$sha\""
out_lacks 'db.backup'
run dxtrack indicator value MAT_DO_DT --unit 06 --period 2023 --format json
status 0
if [ "$(sqlite3 "$DXTRACK_DB" 'PRAGMA integrity_check')" = ok ]; then pass; else fail "integrity"; fi
if ls "$DXTRACK_DB".* >/dev/null 2>&1; then fail "files left beside the database" "$(ls)"; else pass; fi

# a database of an older schema is brought up to date; a database that does not exist yet
# needs no --force
rm -f old.db
for f in "$REPO"/sql/sqlite/000[1-7]_*.sql; do sqlite3 old.db <"$f"; done
sqlite3 old.db 'PRAGMA user_version = 7'
DXTRACK_DB=$PWD/fresh.db run dxtrack restore old.db
status 0
out_has 'schema version 7, brought up to 8; integrity ok'
DXTRACK_DB=$PWD/fresh.db run dxtrack audit --format json
out_has '"migrated_to":8'
out_has '"schema_version":7'

# a writer holding the write lock does not stop a backup (its audit row waits its turn)
rm -f locked
sqlite3 "$DXTRACK_DB" >/dev/null 2>&1 <<'EOF' &
BEGIN IMMEDIATE;
.shell touch locked; sleep 1
ROLLBACK;
EOF
writer=$!
for _ in $(seq 100); do [ -e locked ] && break; sleep 0.05; done
run dxtrack backup locked.db
status 0
wait $writer
if [ "$(sqlite3 locked.db 'PRAGMA integrity_check')" = ok ]; then pass; else fail "locked.db"; fi

# a backup while `dxtrack serve` serves writes is one consistent snapshot: every update in it
# has its audit row, and the writes go on during and after it
live=$PWD/live.db
DXTRACK_DB=$live dxtrack import units "$SAMPLE/units.csv" >/dev/null
DXTRACK_DB=$live dxtrack import tasks "$SAMPLE/tasks.csv" --as-of 2023-12-14 >/dev/null
echo "pw-admin-2023" | DXTRACK_DB=$live dxtrack user add quantri --role admin --password-stdin >/dev/null 2>&1
token=$(DXTRACK_DB=$live dxtrack token add quantri 2>/dev/null)
DXTRACK_DB=$live "$bin" serve --listen 127.0.0.1:0 --threads 2 2>serve.log &
server=$!
base=""
for _ in $(seq 100); do
	base=$(sed -n 's|.*serving on \(http://[^/]*\)/.*|\1|p' serve.log)
	[ -n "$base" ] && break
	sleep 0.05
done
if [ -n "$base" ]; then pass; else fail "the server did not start" "$(cat serve.log)"; fi
rm -f stop codes
(
	i=0
	while [ ! -e stop ] && [ "$i" -lt 2000 ]; do
		i=$((i + 1))
		curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 -X PATCH \
			-H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
			--data "{\"note\":\"ghi $i\"}" "$base/api/v1/tasks/2023/CDS23-07" >>codes
	done
) &
writer=$!
lines() { [ -e codes ] && wc -l <codes || echo 0; }
for _ in $(seq 200); do [ "$(lines)" -ge 5 ] && break; sleep 0.05; done
DXTRACK_DB=$live run dxtrack backup live-b.db
status 0
during=$(lines)
for _ in $(seq 200); do [ "$(lines)" -ge $((during + 5)) ] && break; sleep 0.05; done
touch stop
wait $writer
# the running server has the database open: a restore is refused
DXTRACK_DB=$live run dxtrack restore live-b.db --force
status 1
err_has 'live.db is in use by another program (is `dxtrack serve` running?)'
kill "$server"
wait "$server"
if [ "$(sort -u codes)" = 200 ]; then pass; else fail "writes failed" "$(sort codes | uniq -c)"; fi
if [ "$(sqlite3 live-b.db 'PRAGMA integrity_check')" = ok ]; then pass; else fail "live-b.db"; fi
in_backup=$(sqlite3 live-b.db "SELECT count(*) FROM task_update")
audited=$(sqlite3 live-b.db "SELECT count(*) FROM audit WHERE action = 'task.update'")
in_live=$(sqlite3 "$live" "SELECT count(*) FROM task_update")
if [ "$in_backup" -gt 0 ] && [ "$in_backup" = "$audited" ] && [ "$in_live" -gt "$in_backup" ] &&
	[ "$in_live" = "$(wc -l <codes)" ]; then
	pass
else
	fail "updates: $in_backup in the backup ($audited audited), $in_live in the database, $(wc -l <codes) sent"
fi
