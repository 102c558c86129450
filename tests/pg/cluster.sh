#!/usr/bin/env bash
# cluster.sh — the PostgreSQL cluster of a test run (the ctest fixture pg/start … pg/stop):
#   tests/pg/cluster.sh start LINK   a new cluster in a fresh directory /tmp/dxtrack-pg.XXXXXX,
#                                    LINK (BUILD/pg-cluster) made a symbolic link to it
#   tests/pg/cluster.sh stop LINK    stop it and remove the directory and LINK
# The cluster lives under /tmp, not in the build directory: run as root, tools/pg_cluster.sh
# runs it as the user postgres, who may not be able to reach a build directory (under /root,
# say), and a socket's path must stay short (108 bytes). The runners take DXTRACK_TEST_PG=LINK.
# A cluster left running by an interrupted run is stopped and removed by the next start.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cmd=${1:-}
link=${2:-}
[ -n "$link" ] || { sed -n '2,5p' "$0" >&2; exit 2; }

# stop the cluster LINK points to, if any, and remove it
remove() {
	[ -L "$link" ] || { rm -rf "$link"; return 0; }
	local dir
	dir=$(readlink "$link")
	if [ -d "$dir" ]; then
		(cd /tmp && "$repo/tools/pg_cluster.sh" stop "$dir") || true
		case $dir in /tmp/dxtrack-pg.*) rm -rf "$dir" ;; esac
	fi
	rm -f "$link"
}

case $cmd in
start)
	remove
	mkdir -p "$(dirname "$link")"
	dir=$(mktemp -d /tmp/dxtrack-pg.XXXXXX)
	chmod 755 "$dir"
	ln -s "$dir" "$link"
	# (from /tmp: the server's user may not be able to enter the current directory)
	cd /tmp
	# a random port may be taken: try a few
	for attempt in 1 2 3 4 5; do
		if "$repo/tools/pg_cluster.sh" start "$dir" >"$dir/start.log" 2>&1; then
			echo "PostgreSQL test cluster in $dir ($link): $(cat "$dir/start.log")"
			exit 0
		fi
		echo "pg/start: attempt $attempt failed:" >&2
		tail -5 "$dir/start.log" >&2
	done
	exit 1
	;;
stop)
	remove
	;;
*)
	sed -n '2,5p' "$0" >&2
	exit 2
	;;
esac
