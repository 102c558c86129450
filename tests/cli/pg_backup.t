# Backup and restore of a PostgreSQL database (written for DXTRACK_TEST_PG; on SQLite the same
# steps run too, backup.t saying more there): the backup is a pg_dump archive (custom format)
# taken from one snapshot, checked, its counts those of that snapshot; restoring it brings the
# data back exactly (the export of 2023 is the same bytes, new rows number on) and records
# db.restore with the file's SHA-256; every refusal (an existing file or database without
# --force, a file that is not a backup, a damaged or newer one (damaged too where pg_restore
# cannot tell: an index or a trigger lost, found by comparing the schema), a SQLite file, the database in
# use by `dxtrack serve`) says why and changes nothing; an archive of an older schema is brought
# up to date; a backup taken while `dxtrack serve` is writing is one consistent snapshot.
pg=false
[ "$DB_BACKEND" = pg ] && pg=true
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

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

# ---- the backup: checked, counts and SHA-256 printed, audited in the database backed up --------
run dxtrack backup b.dump
status 0
out_has 'Backup written: b.dump ('
out_has 'schema version 8, integrity ok)'
out_has '46 tasks, 137 units, 5 audit rows'
sha=$(sed -n 's/^  SHA-256 \([0-9a-f]\{64\}\)$/\1/p' .out)
if [ "$sha" = "$(sha256sum b.dump | cut -d' ' -f1)" ]; then pass; else fail "SHA-256 printed: '$sha'"; fi
if [ -e b.dump.tmp ]; then fail "b.dump.tmp left" "$(ls)"; else pass; fi
if $pg; then
	if [ "$(head -c 5 b.dump)" = PGDMP ]; then pass; else fail "b.dump is not a pg_dump archive"; fi
	"$pgbin/pg_restore" --list b.dump >list.txt
	for t in task unit audit schema_migration dti_file report_comment; do
		if grep -q " TABLE DATA public $t " list.txt; then pass; else fail "$t not in the archive"; fi
	done
fi
run dxtrack audit --action db. --format json
out_has '"action":"db.backup"'
out_has "\"sha256\":\"$sha\""
out_has '"tasks":46,"units":137}'

# an existing file is kept, unless --force
cp b.dump b-copy.dump
run dxtrack backup b.dump
status 1
err_has 'b.dump exists: add --force to replace it; nothing was written'
same_files b.dump b-copy.dump
run dxtrack backup b2.dump --force
status 0
run dxtrack backup
status 2

# ---- changes after the backup ---------------------------------------------------------------
run dxtrack task update 2023 CDS23-07 --progress 90 --note "Sau khi sao lưu" --as "Nguyễn Văn A"
status 0
echo "a-long-password" >lan.pw
run dxtrack user add lan --role editor --unit SYT --password-stdin <lan.pw
status 0
run dxtrack export tasks --year 2023 -o after.csv
status 0
if cmp -s before.csv after.csv; then fail "the update changed nothing"; else pass; fi

# ---- refusals: each says why and changes nothing ---------------------------------------------
unchanged() {
	dxtrack export tasks --year 2023 -o now.csv >/dev/null 2>&1
	same_files after.csv now.csv
}
run dxtrack restore b.dump
status 1
err_has 'exists: add --force to replace it by b.dump; nothing was changed'
unchanged
run dxtrack restore "$SAMPLE/tasks.csv" --force
status 1
if $pg; then
	err_has 'tasks.csv is not a PostgreSQL backup (pg_restore: input file does not appear to be a valid archive); nothing was changed'
else
	err_has 'tasks.csv is not a database; nothing was changed'
fi
unchanged
: >empty.dump
run dxtrack restore empty.dump --force
status 1
err_has 'empty.dump is empty: not a'
unchanged
run dxtrack restore no-such.dump --force
status 1
err_has 'cannot read no-such.dump: No such file or directory'
unchanged
if $pg; then
	# damaged: cut short in the table of contents, in the data, near the end; a block overwritten
	size=$(wc -c <b.dump)
	for n in 2000 $((size / 2)) $((size - 100)); do
		head -c "$n" b.dump >truncated.dump
		run dxtrack restore truncated.dump --force
		status 1
		err_has 'truncated.dump is damaged: pg_restore: '
		err_has '; nothing was changed'
		unchanged
	done
	cp b.dump bad.dump
	printf '\377\377\377\377\377\377\377\377\377\377\377\377' |
		dd of=bad.dump bs=1 seek=$((size - 3000)) conv=notrunc 2>/dev/null
	run dxtrack restore bad.dump --force
	status 1
	err_has '; nothing was changed'
	unchanged
	# a SQLite database is not a backup of this one: migrate copies it in
	sqlite3 other.db 'CREATE TABLE x (y)'
	run dxtrack restore other.db --force
	status 1
	err_has 'other.db is a SQLite database, not a PostgreSQL backup: copy it in with `dxtrack migrate --from sqlite:other.db --to URL`; nothing was changed'
	unchanged
	# another program's archive
	foreign=$(new_db foreign)
	DXTRACK_DB=$foreign db_sql 'CREATE TABLE x (y int)'
	"$pgbin/pg_dump" -Fc -f foreign.dump "$foreign"
	run dxtrack restore foreign.dump --force
	status 1
	err_has "foreign.dump is a PostgreSQL backup but not one of dxtrack's"
	unchanged
	# a database holding another program's tables is not replaced, even with --force
	run dxtrack --db "$foreign" restore b.dump --force
	status 1
	err_has "holds tables that are not dxtrack's: restore into a database of its own; nothing was changed"
	if [ "$(DXTRACK_DB=$foreign db_sql 'SELECT count(*) FROM x')" = 0 ]; then pass; else fail "x"; fi
	# damaged so that pg_restore cannot tell: an index, a trigger lost from the archive
	lost=$(new_db lost)
	# lose KIND DROP NAME: restoring an archive of a new database after DROP is refused, naming
	# the KIND of object it lacks and its NAME
	lose() {
		DXTRACK_DB=$lost reset_db
		dxtrack --db "$lost" init >/dev/null 2>&1
		DXTRACK_DB=$lost db_sql "DROP $2"
		"$pgbin/pg_dump" -Fc -f lost.dump "$lost"
		run dxtrack restore lost.dump --force
		status 1
		err_has "lost.dump is damaged: restored, its schema lacks $1 "
		err_has "$3"
		err_has '; nothing was changed'
		unchanged
	}
	DXTRACK_DB=$lost dxtrack init >/dev/null 2>&1
	index=$(DXTRACK_DB=$lost db_sql "SELECT indexname FROM pg_indexes WHERE schemaname =
		'public' AND indexdef NOT LIKE '%UNIQUE%' ORDER BY indexname LIMIT 1")
	trigger=$(DXTRACK_DB=$lost db_sql "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal
		ORDER BY tgname LIMIT 1")
	table=$(DXTRACK_DB=$lost db_sql "SELECT tgrelid::regclass FROM pg_trigger
		WHERE tgname = '$trigger'")
	lose index "INDEX $index" "$index"
	lose trigger "TRIGGER $trigger ON $table" "$trigger"
	# newer than this dxtrack
	newer=$(new_db newer)
	dxtrack --db "$newer" init >/dev/null 2>&1
	DXTRACK_DB=$newer db_sql "INSERT INTO schema_migration VALUES (99, '0099_future.sql', 'x')"
	"$pgbin/pg_dump" -Fc -f newer.dump "$newer"
	run dxtrack restore newer.dump --force
	status 1
	err_has 'newer.dump has schema version 99, newer than this dxtrack (8): use a newer dxtrack; nothing was changed'
	unchanged
fi

# in use: `dxtrack serve` has the database open
"$bin" serve --listen 127.0.0.1:0 --threads 2 2>serve1.log &
server=$!
for _ in $(seq 100); do grep -q 'serving on' serve1.log && break; sleep 0.05; done
run dxtrack restore b.dump --force
status 1
err_has 'is in use by another program (is `dxtrack serve` running?): stop it, then restore again; nothing was changed'
kill "$server"
wait "$server"
unchanged

# ---- the restore: the data as backed up, audited with the file's SHA-256 ----------------------
run dxtrack restore b.dump --force --as "Trần Thị B"
status 0
out_has "from b.dump (SHA-256 $sha)"
out_has 'schema version 8, integrity ok'
out_has '46 tasks, 137 units, 6 audit rows'
out_lacks 'password'
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
out_has '"audit_rows":5,'
out_lacks 'db.backup'
run dxtrack indicator value MAT_DO_DT --unit 06 --period 2023 --format json
status 0
# new rows number on after the restored ones; the schema's rules hold again
run dxtrack task update 2023 CDS23-07 --progress 95 --as "Nguyễn Văn A"
status 0
run dxtrack audit --limit 1 --format json
out_has '[{"id":7,'
run dxtrack user add lan --role editor --unit SYT --password-stdin <lan.pw
status 0
if $pg; then
	run db_sql 'DELETE FROM audit'
	if [ "$STATUS" -ne 0 ]; then pass; else fail "the audit log took a DELETE"; fi
	err_has 'the audit log is append-only'
	if [ "$(db_sql "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'")" = 0 ]; then pass; else fail "a trigger is off"; fi
fi
# restoring again over it, with --force, as often as needed
run dxtrack restore b2.dump --force
status 0
out_has '46 tasks, 137 units, 7 audit rows'

# ---- an archive of an older schema is brought up to date; a new database needs no --force -----
if $pg; then
	old=$(new_db old)
	for f in "$REPO"/sql/pg/000[1-7]_*.sql; do
		DXTRACK_DB=$old db_sql "$(cat "$f")" >/dev/null
		v=$(basename "$f" | cut -c1-4)
		DXTRACK_DB=$old db_sql "INSERT INTO schema_migration VALUES ($((10#$v)), '$(basename "$f")', 'x')"
	done
	"$pgbin/pg_dump" -Fc -f old.dump "$old"
	fresh=$(new_db fresh)
	run dxtrack --db "$fresh" restore old.dump
	status 0
	out_has 'schema version 7, brought up to 8; integrity ok'
	run dxtrack --db "$fresh" audit --format json
	out_has '"migrated_to":8'
	out_has '"schema_version":7'
	if [ "$(DXTRACK_DB=$fresh db_sql 'SELECT max(version) FROM schema_migration')" = 8 ]; then pass; else fail "not at 8"; fi
fi

# ---- a backup while `dxtrack serve` serves writes is one consistent snapshot --------------------
live=$(new_db live)
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
DXTRACK_DB=$live run dxtrack backup live-b.dump
status 0
during=$(lines)
for _ in $(seq 200); do [ "$(lines)" -ge $((during + 5)) ] && break; sleep 0.05; done
touch stop
wait $writer
kill "$server"
wait "$server"
if [ "$(sort -u codes)" = 200 ]; then pass; else fail "writes failed" "$(sort codes | uniq -c)"; fi
# the snapshot, restored: every update in it has its audit row, and the counts printed are its own
printed=$(sed -n 's/^  46 tasks, 137 units, \([0-9]*\) audit rows$/\1/p' .out)
copy=$(new_db copy)
run dxtrack --db "$copy" restore live-b.dump
status 0
in_backup=$(DXTRACK_DB=$copy db_sql "SELECT count(*) FROM task_update")
audited=$(DXTRACK_DB=$copy db_sql "SELECT count(*) FROM audit WHERE action = 'task.update'")
in_copy=$(DXTRACK_DB=$copy db_sql "SELECT count(*) FROM audit")
in_live=$(DXTRACK_DB=$live db_sql "SELECT count(*) FROM task_update")
if [ "$in_backup" -gt 0 ] && [ "$in_backup" = "$audited" ] && [ "$in_live" -gt "$in_backup" ] &&
	[ "$in_live" = "$(wc -l <codes)" ] && [ -n "$printed" ] && [ "$in_copy" = $((printed + 1)) ]; then
	pass
else
	fail "updates: $in_backup in the backup ($audited audited, $in_copy audit rows, $printed printed), $in_live in the database, $(wc -l <codes) sent"
fi
