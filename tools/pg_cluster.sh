#!/usr/bin/env bash
# pg_cluster.sh — a throw-away PostgreSQL cluster for tests and benchmarks, run as a non-root
# user on a unix socket and 127.0.0.1 (never the system's cluster).
#
#   tools/pg_cluster.sh start DIR [PORT]   initdb into DIR (if new) and start; prints the base URL
#   tools/pg_cluster.sh stop DIR           stop it (fast) and leave DIR
#   tools/pg_cluster.sh url DIR [DBNAME]   the URL of a database in the running cluster
#   tools/pg_cluster.sh createdb DIR NAME  a new empty database; prints its URL
#   tools/pg_cluster.sh dropdb DIR NAME
#
# As root, the cluster belongs to the user "postgres" (Debian's package creates it); otherwise
# to the calling user. fsync=off: the data of a test cluster need not survive a power cut.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "pg_cluster.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 2; }
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,11p' "$0" >&2; exit 2; }
dir=$(mkdir -p "$dir" && cd "$dir" && pwd)

as_owner() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
port_of() { cat "$dir/port"; }
url_of() { printf 'postgresql:///%s?host=%s/sock&port=%s&user=dxtrack\n' "${1:-dxtrack}" "$dir" "$(port_of)"; }

case "$cmd" in
start)
	port=${3:-$((20000 + RANDOM % 20000))}
	if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		as_owner "$pgbin/initdb" -D "$dir/data" -A trust -U dxtrack -E UTF8 \
			--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; exit 1; }
	fi
	as_owner mkdir -p "$dir/sock"
	echo "$port" >"$dir/port"
	as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -o \
		"-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=128MB" \
		start >/dev/null || { cat "$dir/data/server.log" >&2; exit 1; }
	"$pgbin/psql" -qAt "$(url_of postgres)" -c "SELECT 1 FROM pg_database WHERE datname = 'dxtrack'" |
		grep -q 1 || "$pgbin/createdb" -h "$dir/sock" -p "$port" -U dxtrack dxtrack
	url_of dxtrack
	;;
stop)
	[ -f "$dir/data/postmaster.pid" ] || exit 0
	as_owner "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
url)
	url_of "${3:-dxtrack}"
	;;
createdb)
	"$pgbin/createdb" -h "$dir/sock" -p "$(port_of)" -U dxtrack "$3"
	url_of "$3"
	;;
dropdb)
	"$pgbin/dropdb" --if-exists -f -h "$dir/sock" -p "$(port_of)" -U dxtrack "$3"
	;;
*)
	sed -n '2,11p' "$0" >&2
	exit 2
	;;
esac
