#!/usr/bin/env bash
# http.sh — how fast `dxtrack serve` answers, against nginx serving the same bytes as static files.
#
# Usage: bench/http.sh        DURATION=s (per wrk run, default 10)  SOAK=s (default 120)
#
# Builds dxtrack in Release mode into build-bench/, loads the Bắc Kạn 2023 sample into a fresh
# database, makes a viewer account and an API token, and starts `dxtrack serve` (4 threads) on
# loopback. It fetches the two measured responses once — GET /api/v1/summary?year=2023 (JSON)
# and GET /?year=2023 (the dashboard page, HTML with two SVG charts) — and has nginx (Debian's
# nginx-light, 2 workers, access log off) serve exactly those bytes as static files on another
# port. Then wrk (2 threads) measures each endpoint on both servers at 1, 50 and 200
# connections, alternating servers, and reports requests/s, p99 latency, errors (socket errors
# and non-2xx) and the ratio dxtrack/nginx. Finally a soak run: 50 connections on the dashboard
# for SOAK seconds while the server's RSS is sampled every 10 s ("memory flat" = the last
# sample within 10 % of the one after warm-up). Everything runs on the same 2-core machine, so
# wrk competes with the server for CPU. Rewrites the `http` section of bench/RESULTS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-10}
soak=${SOAK:-120}
die() { echo "http.sh: $*" >&2; exit 1; }
"$root/tools/deps.sh" --bench
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found${2:+ (Debian package $2)}"; }
need wrk wrk
need nginx nginx-light
need curl curl
need cmake cmake

build=$root/build-bench
dxtrack=$build/dxtrack
results=$root/bench/RESULTS.md
work=$(mktemp -d)
server_pid=""
nginx_conf=$work/nginx.conf
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	[ -f "$work/nginx.pid" ] && nginx -c "$nginx_conf" -p "$work" -s stop 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

echo "http.sh: building dxtrack (Release) in build-bench/" >&2
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_TESTS=OFF >/dev/null
cmake --build "$build" >/dev/null

export DXTRACK_DB=$work/bench.db
"$dxtrack" import units "$root/data/sample/backan-2023/units.csv" 2>/dev/null
"$dxtrack" import tasks "$root/data/sample/backan-2023/tasks.csv" --as-of 2023-12-14 2>/dev/null
echo "viewer-password-2023" | "$dxtrack" user add bench --role viewer --password-stdin 2>/dev/null
token=$("$dxtrack" token add bench --label benchmark 2>/dev/null)
"$dxtrack" serve --listen 127.0.0.1:0 --threads 4 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
	addr=$(sed -n 's|.*serving on http://\([^/]*\)/.*|\1|p' "$work/serve.log")
	[ -n "$addr" ] && break
	sleep 0.05
done
[ -n "${addr:-}" ] || die "the server did not start: $(cat "$work/serve.log")"
auth="Authorization: Bearer $token"

# the same bytes for nginx
mkdir -p "$work/www"
chmod 755 "$work" # nginx's workers run as www-data
curl -sf -H "$auth" "http://$addr/api/v1/summary?year=2023" -o "$work/www/summary.json"
curl -sf -H "$auth" "http://$addr/?year=2023" -o "$work/www/dashboard.html"
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

# wrk → "rps p99_ms errors"
measure() { # URL CONNECTIONS [HEADER]
	local out
	local threads=2
	[ "$2" -lt 2 ] && threads=1
	out=$(wrk -t"$threads" -c"$2" -d"${duration}s" --latency ${3:+-H "$3"} "$1")
	awk '
		/Requests\/sec/ { rps = $2 }
		/^ +99%/ { v = $2; ms = v + 0; if (v ~ /us$/) ms /= 1000; else if (v ~ /ms$/) ms += 0; else if (v ~ /s$/) ms *= 1000; p99 = ms }
		/Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
		/Non-2xx/ { err += $5 }
		END { printf "%.0f %.2f %d\n", rps, p99, err }' <<<"$out"
}
rss_kib() { awk '/VmRSS/ { print $2 }' "/proc/$server_pid/status"; }

rows=""
for endpoint in summary dashboard; do
	if [ $endpoint = summary ]; then
		dx_url="http://$addr/api/v1/summary?year=2023" ng_url="http://127.0.0.1:$nginx_port/summary.json"
	else
		dx_url="http://$addr/?year=2023" ng_url="http://127.0.0.1:$nginx_port/dashboard.html"
	fi
	for c in 1 50 200; do
		read -r ng_rps ng_p99 ng_err <<<"$(measure "$ng_url" "$c")"
		read -r dx_rps dx_p99 dx_err <<<"$(measure "$dx_url" "$c" "$auth")"
		ratio=$(awk -v a="$dx_rps" -v b="$ng_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
		echo "$endpoint c=$c: dxtrack $dx_rps req/s p99 $dx_p99 ms ($dx_err errors); nginx $ng_rps req/s p99 $ng_p99 ms ($ng_err errors); ratio $ratio" >&2
		rows+="| $endpoint | $c | $dx_rps | $dx_p99 | $dx_err | $ng_rps | $ng_p99 | $ng_err | $ratio |"$'\n'
	done
done

# soak: memory over time under load
samples=()
wrk -t2 -c50 -d"${soak}s" -H "$auth" "http://$addr/?year=2023" >"$work/soak.txt" &
wrk_pid=$!
for _ in $(seq 1 $((soak / 10))); do
	sleep 10
	samples+=("$(rss_kib)")
done
wait $wrk_pid
soak_rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$work/soak.txt")
soak_err=$(awk '/Socket errors/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 } /Non-2xx/ { e += $5 } END { print e + 0 }' "$work/soak.txt")
first=${samples[0]}
last=${samples[-1]}
flat=$(awk -v a="$first" -v b="$last" 'BEGIN { print ((b <= a * 1.10) ? "yes" : "no") }')
mib_list=$(for s in "${samples[@]}"; do awk -v k="$s" 'BEGIN { printf "%.1f ", k / 1024 }'; done)

machine="$(nproc) CPUs, $(uname -m), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
section=$(cat <<MD
<!-- http:begin -->
## http

Written by \`bench/http.sh\`; everything between the markers is replaced on each run.

- Date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')
- Machine: $machine; Linux $(uname -r); wrk and both servers share the machine
- dxtrack: \`$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)\`, Release, \`serve --threads 4\`, libmicrohttpd $(pkg-config --modversion libmicrohttpd), Bearer token on every request
- nginx: $(nginx -v 2>&1 | sed 's/.*: //'), 2 workers, access log off, serving the same bytes ($(wc -c <"$work/www/summary.json") B JSON, $(wc -c <"$work/www/dashboard.html") B HTML) as static files
- wrk: 2 threads (1 for a single connection), ${duration} s per run, keep-alive; servers alternate per row

| endpoint | connections | dxtrack req/s | dxtrack p99 (ms) | dxtrack errors | nginx req/s | nginx p99 (ms) | nginx errors | ratio |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${rows%$'\n'}

Targets: ratio ≥ 0.50, p99 < 10 ms at 50 connections, no errors.

**Soak**: dashboard, 50 connections, ${soak} s: $soak_rps req/s, $soak_err errors; server RSS every 10 s (MiB): $mib_list— memory flat (last ≤ first + 10 %): **$flat**.

Command: \`bench/http.sh\`
<!-- http:end -->
MD
)
if grep -q '<!-- http:begin -->' "$results"; then
	awk -v s="$section" '
		/<!-- http:begin -->/ { print s; skip = 1; next }
		/<!-- http:end -->/ { skip = 0; next }
		!skip' "$results" >"$work/results" && cp "$work/results" "$results"
else
	printf '\n%s\n' "$section" >>"$results"
fi
echo "http.sh: results written to bench/RESULTS.md" >&2
