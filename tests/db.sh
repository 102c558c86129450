# db.sh — the case's database, on either backend; sourced by tests/cli/run.sh and tests/api/run.sh
# (after they set $work, the case's directory, and $case_file).
#
# Without DXTRACK_TEST_PG a database is a SQLite file in $work. With DXTRACK_TEST_PG=DIR (a
# cluster started by tools/pg_cluster.sh start DIR) each one is a new PostgreSQL database of that
# cluster, with a name of its own, dropped when the case ends (db_cleanup, from the EXIT trap).
#   new_db NAME        prints the URL (or path) of a fresh, empty database
#   reset_db           empties $DXTRACK_DB: the file removed, or the database dropped and made anew
#   db_sql "SQL"       runs SQL on $DXTRACK_DB with sqlite3 or psql: rows as a|b|c, no header;
#                      an error goes to stderr with a non-zero exit
#   sqlite_only WHY    the case tests SQLite files as such: on PostgreSQL it stops here, skipped
#                      (exit 77, the runners' SKIP_RETURN_CODE in tests/CMakeLists.txt)
#   DB_BACKEND         sqlite or pg
# shellcheck shell=bash

# pg_word TEXT N: TEXT in lower case, each other character than a letter or digit an _, at most N
pg_word() { printf '%s' "$1" | sed 's/[^a-zA-Z0-9]/_/g' | tr '[:upper:]' '[:lower:]' | cut -c1-"$2"; }

if [ -n "${DXTRACK_TEST_PG:-}" ]; then
	DB_BACKEND=pg
	pg_cluster=$REPO/tools/pg_cluster.sh
	pg_psql=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/psql
	if [ ! -f "$DXTRACK_TEST_PG/port" ]; then
		echo "DXTRACK_TEST_PG=$DXTRACK_TEST_PG: no cluster there (tools/pg_cluster.sh start DIR)" >&2
		rm -rf "$work"
		exit 1
	fi
	# the real directory (BUILD/pg-cluster is a link to /tmp): the socket's path stays short
	DXTRACK_TEST_PG=$(cd -P "$DXTRACK_TEST_PG" && pwd)
	# unique in the cluster: the case, this process, a random number (names ≤ 63 bytes)
	pg_prefix=t_$(pg_word "$(basename "$case_file" | sed 's/\..*//')" 24)_$$_$RANDOM
else
	DB_BACKEND=sqlite
fi

# NAME → the database name in the cluster (only letters, digits and _: it goes into a URL)
pg_db_name() { printf '%s_%s' "$pg_prefix" "$(pg_word "$1" 20)"; }

new_db() {
	if [ "$DB_BACKEND" = sqlite ]; then
		printf '%s/%s.db\n' "$work" "$1"
		return 0
	fi
	local name
	name=$(pg_db_name "$1")
	# recorded first, so that a database half made is dropped too (new_db runs in $(…))
	echo "$name" >>"$work/.pg_databases"
	"$pg_cluster" createdb "$DXTRACK_TEST_PG" "$name" ||
		{ echo "new_db: createdb $name failed" >&2; return 1; }
}

reset_db() {
	if [ "$DB_BACKEND" = sqlite ]; then
		rm -f "$DXTRACK_DB" "$DXTRACK_DB"-*
		return 0
	fi
	local name=${DXTRACK_DB#postgresql:///}
	name=${name%%\?*}
	"$pg_cluster" dropdb "$DXTRACK_TEST_PG" "$name" &&
		"$pg_cluster" createdb "$DXTRACK_TEST_PG" "$name" >/dev/null
}

db_sql() {
	if [ "$DB_BACKEND" = sqlite ]; then
		sqlite3 "$DXTRACK_DB" "$1"
	else
		"$pg_psql" -X -q -A -t -v ON_ERROR_STOP=1 "$DXTRACK_DB" -c "$1"
	fi
}

sqlite_only() {
	[ "$DB_BACKEND" = sqlite ] && return 0
	printf '%s: skipped on PostgreSQL: %s\n' "$(basename "$case_file" .t)" "$1"
	exit 77
}

db_cleanup() {
	[ "$DB_BACKEND" = pg ] && [ -f "$work/.pg_databases" ] || return 0
	local name
	while read -r name; do
		"$pg_cluster" dropdb "$DXTRACK_TEST_PG" "$name" >/dev/null 2>&1
	done <"$work/.pg_databases"
}
