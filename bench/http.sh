#!/usr/bin/env bash
# http.sh — how fast `dxtrack serve` answers, from SQLite and from PostgreSQL, against nginx
# serving the same bytes as static files.
#
# Usage: bench/http.sh        DURATION=s (per wrk run, default 10)  SOAK=s (default 120, 0: none)
#   PG=0       skip PostgreSQL (default: measured when PostgreSQL is installed)
#   PGPORT     port of the throw-away PostgreSQL cluster (default 41007)
#   DXTRACK    use this dxtrack binary instead of building build-bench/
#
# Builds dxtrack in Release mode into build-bench/, loads the Bắc Kạn 2023 sample into a fresh
# SQLite database and into a fresh PostgreSQL database (a throw-away cluster started by
# tools/pg_cluster.sh: fsync off, as for the tests), makes a viewer account and an API token in
# each, and starts two `dxtrack serve` (4 threads each) on loopback, one per database. It
# fetches the two measured responses once from the SQLite server — GET /api/v1/summary?year=2023
# (JSON) and GET /?year=2023 (the dashboard page, HTML with two SVG charts) — checks that the
# PostgreSQL server answers the same bytes, and has nginx (Debian's nginx-light, 2 workers,
# access log off) serve exactly those bytes as static files on another port. Then wrk (2
# threads) measures each endpoint on the three servers at 1, 50 and 200 connections, servers in
# turn for each row, and reports requests/s, p50 and p99 latency (wrk --latency), errors (socket
# errors and non-2xx) and each dxtrack's ratio to nginx in the same row. Finally a soak run (on
# SQLite; bench/soak.sh is the long mixed soak on PostgreSQL): 50 connections on the dashboard
# for SOAK seconds while the server's RSS is sampled every 10 s ("memory flat" = the last sample
# within 10 % of the one after warm-up). Everything runs on the same 2-core machine, so wrk and
# PostgreSQL compete with the server for CPU. Rewrites the `http` section of bench/RESULTS.md.
set -euo pipefail
load0=$(cut -d" " -f1-3 /proc/loadavg) # the machine's load when the benchmark starts
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-10}
soak=${SOAK:-120}
pgport=${PGPORT:-41007}
bench=http.sh
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
[[ $duration =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a number of seconds"
if ! [[ $soak =~ ^[0-9]+$ ]] || { [ "$soak" != 0 ] && [ "$soak" -lt 20 ]; }; then
	die "SOAK must be 0 or at least 20 seconds"
fi
"$root/tools/deps.sh" --bench
need wrk wrk
need nginx nginx-light
need curl curl
need cmake cmake
bench_pg_choose

build=$root/build-bench
dxtrack=${DXTRACK:-$build/dxtrack}
results=$root/bench/RESULTS.md
work=$(mktemp -d)
chmod 755 "$work" # nginx's workers run as www-data; as root, the cluster belongs to postgres
pids=()
cluster=""
nginx_conf=$work/nginx.conf
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	[ -f "$work/nginx.pid" ] && nginx -c "$nginx_conf" -p "$work" -s stop 2>/dev/null
	[ -n "$cluster" ] && "$root/tools/pg_cluster.sh" stop "$cluster" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

bench_build "$work/build.log" >&2

# load DB: the sample, a viewer and a token (printed)
load() {
	local db=$1
	"$dxtrack" --db "$db" import units "$root/data/sample/backan-2023/units.csv" >/dev/null 2>&1 ||
		die "import units into $db failed"
	"$dxtrack" --db "$db" import tasks "$root/data/sample/backan-2023/tasks.csv" --as-of 2023-12-14 \
		>/dev/null 2>&1 || die "import tasks into $db failed"
	echo "viewer-password-2023" |
		"$dxtrack" --db "$db" user add bench --role viewer --password-stdin >/dev/null 2>&1 ||
		die "user add in $db failed"
	"$dxtrack" --db "$db" token add bench --label benchmark 2>/dev/null || die "token add in $db failed"
}
addr_sq="" addr_pg="" pid_sq=""
# serve NAME DB: starts a server, sets addr_NAME and pid_NAME
serve() {
	local addr="" pid
	"$dxtrack" --db "$2" serve --listen 127.0.0.1:0 --threads 4 2>"$work/serve-$1.log" &
	pid=$!
	pids+=("$pid")
	for _ in $(seq 1 100); do
		addr=$(sed -n 's|.*serving on http://\([^/]*\)/.*|\1|p' "$work/serve-$1.log")
		[ -n "$addr" ] && break
		sleep 0.05
	done
	[ -n "$addr" ] || die "the $1 server did not start: $(cat "$work/serve-$1.log")"
	printf -v "addr_$1" %s "$addr"
	printf -v "pid_$1" %s "$pid"
}

echo "http.sh: loading the sample (SQLite)" >&2
token_sq=$(load "$work/bench.db")
serve sq "$work/bench.db"
auth_sq="Authorization: Bearer $token_sq"
pg_version=""
if [ "$pg" != 0 ]; then
	echo "http.sh: loading the sample (PostgreSQL, cluster on port $pgport)" >&2
	cluster=$work/pg
	"$root/tools/pg_cluster.sh" start "$cluster" "$pgport" >/dev/null || die "cannot start PostgreSQL"
	pg_url=$("$root/tools/pg_cluster.sh" createdb "$cluster" bench)
	pg_version=$(psql -qAt "$pg_url" -c 'SHOW server_version')
	token_pg=$(load "$pg_url")
	serve pg "$pg_url"
	auth_pg="Authorization: Bearer $token_pg"
fi

# the same bytes for nginx
mkdir -p "$work/www"
curl -sf -H "$auth_sq" "http://$addr_sq/api/v1/summary?year=2023" -o "$work/www/summary.json"
curl -sf -H "$auth_sq" "http://$addr_sq/?year=2023" -o "$work/www/dashboard.html"
same_note=""
if [ "$pg" != 0 ]; then
	curl -sf -H "$auth_pg" "http://$addr_pg/api/v1/summary?year=2023" -o "$work/summary-pg.json" ||
		die "the PostgreSQL server does not answer the summary"
	curl -sf -H "$auth_pg" "http://$addr_pg/?year=2023" -o "$work/dashboard-pg.html" ||
		die "the PostgreSQL server does not answer the dashboard"
	for f in summary.json:summary-pg.json dashboard.html:dashboard-pg.html; do
		cmp -s "$work/www/${f%%:*}" "$work/${f##*:}" ||
			same_note+=" **Warning**: the PostgreSQL server's ${f%%.*} differs from the SQLite server's ($(wc -c <"$work/${f##*:}") B against $(wc -c <"$work/www/${f%%:*}") B)."
	done
	[ -n "$same_note" ] || same_note=" Both dxtrack servers answer the same bytes."
fi
nginx_port=$((20000 + RANDOM % 20000))
cat >"$nginx_conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
	uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
	types { application/json json; text/html html; }
	server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
mkdir -p "$work/tmp"
nginx -c "$nginx_conf" -p "$work"

# wrk → "rps p50_ms p99_ms errors"
measure() { # URL CONNECTIONS [HEADER]
	local out
	local threads=2
	[ "$2" -lt 2 ] && threads=1
	out=$(wrk -t"$threads" -c"$2" -d"${duration}s" --latency ${3:+-H "$3"} "$1")
	awk '
		function ms(v) { return v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v ~ /s$/ ? v * 1000 : v + 0 }
		/Requests\/sec/ { rps = $2 }
		/^ +50%/ { p50 = ms($2) }
		/^ +99%/ { p99 = ms($2) }
		/Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
		/Non-2xx/ { err += $5 }
		END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, err }' <<<"$out"
}
rss_kib() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
ratio_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

rows=""
min_api_sq="" min_api_pg=""
for endpoint in summary dashboard; do
	if [ $endpoint = summary ]; then
		path="/api/v1/summary?year=2023" ng_url="http://127.0.0.1:$nginx_port/summary.json"
	else
		path="/?year=2023" ng_url="http://127.0.0.1:$nginx_port/dashboard.html"
	fi
	for c in 1 50 200; do
		read -r ng_rps ng_p50 ng_p99 ng_err <<<"$(measure "$ng_url" "$c")"
		rows+="| $endpoint | $c | nginx, static file (baseline) | $ng_rps | $ng_p50 | $ng_p99 | $ng_err | 1.00 |"$'\n'
		read -r sq_rps sq_p50 sq_p99 sq_err <<<"$(measure "http://$addr_sq$path" "$c" "$auth_sq")"
		sq_ratio=$(ratio_of "$sq_rps" "$ng_rps")
		rows+="| $endpoint | $c | dxtrack, SQLite | $sq_rps | $sq_p50 | $sq_p99 | $sq_err | **$sq_ratio** |"$'\n'
		line="$endpoint c=$c: nginx $ng_rps req/s p50 $ng_p50 p99 $ng_p99 ms ($ng_err errors); SQLite $sq_rps req/s p50 $sq_p50 p99 $sq_p99 ms ($sq_err errors) ratio $sq_ratio"
		if [ $endpoint = summary ]; then
			min_api_sq=$(awk -v a="$sq_ratio" -v m="$min_api_sq" 'BEGIN { print (m == "" || a < m) ? a : m }')
		fi
		if [ "$pg" != 0 ]; then
			read -r pg_rps pg_p50 pg_p99 pg_err <<<"$(measure "http://$addr_pg$path" "$c" "$auth_pg")"
			pg_ratio=$(ratio_of "$pg_rps" "$ng_rps")
			rows+="| $endpoint | $c | dxtrack, PostgreSQL | $pg_rps | $pg_p50 | $pg_p99 | $pg_err | **$pg_ratio** |"$'\n'
			line+="; PostgreSQL $pg_rps req/s p50 $pg_p50 p99 $pg_p99 ms ($pg_err errors) ratio $pg_ratio"
			if [ $endpoint = summary ]; then
				min_api_pg=$(awk -v a="$pg_ratio" -v m="$min_api_pg" 'BEGIN { print (m == "" || a < m) ? a : m }')
			fi
		fi
		echo "$line" >&2
	done
done
holds() { awk -v r="$1" 'BEGIN { print (r >= 0.5) ? "holds" : "does not hold" }'; }
api_line="The API (\`/api/v1/summary\`) at 1, 50 and 200 connections: lowest ratio to nginx **$min_api_sq** on SQLite ($(holds "$min_api_sq") at least half of nginx's static rate)"
if [ "$pg" != 0 ]; then
	api_line+=", **$min_api_pg** on PostgreSQL ($(holds "$min_api_pg") at least half)."
else
	api_line+=". $pg_note"
fi

# soak: memory over time under load (SQLite)
soak_line="**Soak**: not run (SOAK=0)."
if [ "$soak" != 0 ]; then
	samples=()
	wrk -t2 -c50 -d"${soak}s" -H "$auth_sq" "http://$addr_sq/?year=2023" >"$work/soak.txt" &
	wrk_pid=$!
	for _ in $(seq 1 $((soak / 10))); do
		sleep 10
		samples+=("$(rss_kib "$pid_sq")")
	done
	wait $wrk_pid
	soak_rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$work/soak.txt")
	soak_err=$(awk '/Socket errors/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 } /Non-2xx/ { e += $5 } END { print e + 0 }' "$work/soak.txt")
	first=${samples[0]}
	last=${samples[-1]}
	flat=$(awk -v a="$first" -v b="$last" 'BEGIN { print ((b <= a * 1.10) ? "yes" : "no") }')
	mib_list=$(for s in "${samples[@]}"; do awk -v k="$s" 'BEGIN { printf "%.1f ", k / 1024 }'; done)
	soak_line="**Soak** (SQLite): dashboard, 50 connections, ${soak} s: $soak_rps req/s, $soak_err errors; server RSS every 10 s (MiB): $mib_list— memory flat (last ≤ first + 10 %): **$flat**. The mixed read/write soak of two servers on one PostgreSQL database is \`bench/soak.sh\` (section soak)."
fi

command="bench/http.sh"
[ "$duration" != 10 ] && command="DURATION=$duration $command"
[ "$soak" != 120 ] && command="SOAK=$soak $command"
[ "$pg" = 0 ] && command="PG=0 $command"
pg_item="- PostgreSQL: not measured"
[ "$pg" != 0 ] && pg_item="- PostgreSQL: $pg_version, a throw-away cluster (\`tools/pg_cluster.sh\`: fsync off, shared_buffers 128MB) on the same machine, over its unix socket; the dxtrack server keeps one connection per thread"
rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
dx_what="\`$rev\`"
[ -n "${DXTRACK:-}" ] && dx_what="the binary \`$DXTRACK\` (DXTRACK; not built by the script; source tree at \`$rev\`)"
machine="$(nproc) CPUs, $(uname -m), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
section=$(cat <<MD
<!-- http:begin -->
## http

Written by \`bench/http.sh\`; everything between the markers is replaced on each run.

- Date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')
- Machine: $machine; Linux $(uname -r); wrk, the servers and PostgreSQL share the machine; load average at the start ${load0// /, } (other work on the machine distorts the figures)
- dxtrack: $dx_what, Release, \`serve --threads 4\` (one server per database), libmicrohttpd $(pkg-config --modversion libmicrohttpd), Bearer token on every request
$pg_item
- nginx: $(nginx -v 2>&1 | sed 's/.*: //'), 2 workers, access log off, serving the same bytes ($(wc -c <"$work/www/summary.json") B JSON, $(wc -c <"$work/www/dashboard.html") B HTML) as static files.$same_note
- wrk: 2 threads (1 for a single connection), ${duration} s per run, keep-alive; for each row the servers run in turn (nginx, SQLite, PostgreSQL)

| endpoint | connections | server | req/s | p50 (ms) | p99 (ms) | errors | ratio to nginx |
|---|---:|---|---:|---:|---:|---:|---:|
${rows%$'\n'}

Ratio: the server's req/s ÷ nginx's req/s in the same row group, measured in the same run. Targets: ratio ≥ 0.50, p99 < 10 ms at 50 connections, no errors.

$api_line

$soak_line

Command: \`$command\`
<!-- http:end -->
MD
)
printf '%s\n' "$section" >"$work/section.md"
if grep -q '^<!-- http:begin -->$' "$results" && grep -q '^<!-- http:end -->$' "$results"; then
	awk -v sec="$work/section.md" '
		$0 == "<!-- http:begin -->" { while ((getline l < sec) > 0) print l; skip = 1; next }
		$0 == "<!-- http:end -->" { skip = 0; next }
		!skip' "$results" >"$work/results" && cp "$work/results" "$results"
else
	printf '\n%s\n' "$section" >>"$results"
fi
echo "$api_line" | sed 's/\*\*//g; s/`//g' >&2
echo "http.sh: results written to bench/RESULTS.md" >&2
