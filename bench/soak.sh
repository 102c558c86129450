#!/usr/bin/env bash
# soak.sh — two `dxtrack serve` on one PostgreSQL database under 200 connections of reads and
# writes for 10 minutes: no errors, no lost updates, memory flat.
#
# Usage: bench/soak.sh
#   SOAK=s          length of the load (default 600; SOAK=30 checks that the script works)
#   CONNECTIONS=n   wrk connections in all, split between the two servers (default 200)
#   MIX=a:b:c:d     percentages of summary, dashboard, task GET, task PATCH (default 25:15:35:25)
#   INTERVAL=s      RSS sampling period (default 30, shorter when SOAK < 4 × INTERVAL)
#   BACKEND=b       postgresql (default: a throw-away cluster, tools/pg_cluster.sh, port PGPORT,
#                   default 41007) or sqlite (the two servers share one SQLite file)
#   DXTRACK=path    use this binary instead of building build-bench/ (Release)
#   TMPDIR          where the database, the cluster and the logs go (default /tmp)
#
# Loads the Bắc Kạn sample (units, tasks of 2022–2023) and 2000 generated tasks of 2024
# (bench/gen_tasks.sh 10000, the 2024 rows), makes an administrator with an API token, and starts
# two servers (`serve --threads 4`) on the same database. Two wrk instances (2 threads each), one
# per server, run bench/soak.lua for SOAK seconds: each request is, at random, GET
# /api/v1/summary?year=2023, GET /?year=2023 (dashboard), GET /api/v1/tasks/YEAR/CODE, or PATCH of
# that task's progress with the version the wrk thread last read of it ("version" in the body),
# over every task of 2023 and 2024 that is not completed. Writes stop 8 s before the end, so
# none is in flight when wrk stops. The servers' RSS is sampled every INTERVAL seconds.
#
# Checks afterwards:
#   errors       every answer is 200, or 409 (a write that lost the race, with "current"); no
#                socket error or timeout (wrk's --timeout 5s); no 5xx in the servers' access
#                logs; both servers still running
#   lost updates for every task, read back through the API (GET with the history): version =
#                1 + the writes acknowledged with 200, the history holds exactly that many
#                records with a "soak …" note and version records in all, and the versions the
#                acknowledged writes returned are all different
#   memory       flat = the last RSS sample of each server (taken 3 s before the end, under
#                load) ≤ 1.10 × its first sample after warm-up (the first INTERVAL)
# Rewrites the `soak` section of bench/RESULTS.md between <!-- soak:begin --> and
# <!-- soak:end -->. Exits 1 when there were errors or lost updates (after writing the section),
# 0 otherwise, whatever the rates or the memory.
set -euo pipefail
load0=$(cut -d" " -f1-3 /proc/loadavg) # the machine's load when the benchmark starts
root=$(cd "$(dirname "$0")/.." && pwd)
soak=${SOAK:-600}
conns=${CONNECTIONS:-200}
mix=${MIX:-25:15:35:25}
interval=${INTERVAL:-30}
backend=${BACKEND:-postgresql}
pgport=${PGPORT:-41007}
quiet=8 # seconds without writes at the end
bench=soak.sh
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
if ! [[ $soak =~ ^[0-9]+$ ]] || [ "$soak" -lt 20 ]; then die "SOAK must be a number of seconds, at least 20"; fi
if ! [[ $conns =~ ^[0-9]+$ ]] || [ "$conns" -lt 4 ]; then die "CONNECTIONS must be at least 4"; fi
[[ $mix =~ ^[0-9]+:[0-9]+:[0-9]+:[0-9]+$ ]] || die "MIX must be a:b:c:d (percentages)"
[[ $interval =~ ^[1-9][0-9]*$ ]] || die "INTERVAL must be a number of seconds"
[ "$backend" = postgresql ] || [ "$backend" = sqlite ] || die "BACKEND: postgresql or sqlite"
[ $((soak / interval)) -ge 4 ] || interval=$((soak / 4))
need wrk wrk
need curl curl
need awk
[ "$backend" = postgresql ] && need psql postgresql-client

build=$root/build-bench
dxtrack=${DXTRACK:-$build/dxtrack}
results=$root/bench/RESULTS.md
work=$(mktemp -d "${TMPDIR:-/tmp}/dxbench-soak.XXXXXX")
chmod 755 "$work" # the cluster runs as user postgres when this runs as root
pids=()
cluster=""
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	[ -n "$cluster" ] && "$root/tools/pg_cluster.sh" stop "$cluster" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

bench_build "$work/build.log"

# --- the database ----------------------------------------------------------------------------
if [ "$backend" = postgresql ]; then
	cluster=$work/pg
	echo "== starting a PostgreSQL cluster on port $pgport"
	"$root/tools/pg_cluster.sh" start "$cluster" "$pgport" >/dev/null
	db=$("$root/tools/pg_cluster.sh" createdb "$cluster" soak)
	pg_version=$(psql -qAt "$db" -c 'SHOW server_version')
else
	db=$work/soak.db
fi
dx() { "$dxtrack" --db "$db" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; die "dxtrack $* failed"; }; }
sample=$root/data/sample/backan-2023
echo "== loading the sample and 2000 generated tasks of 2024"
dx import units "$sample/units.csv"
dx import tasks "$sample/tasks.csv" --as-of 2023-12-14
"$root/bench/gen_tasks.sh" 10000 - | awk -F, 'NR == 1 || $2 == "2024"' >"$work/gen2024.csv"
dx import tasks "$work/gen2024.csv"
echo "soak-password-2023" | "$dxtrack" --db "$db" user add soak --role admin --password-stdin \
	>/dev/null 2>&1 || die "user add failed"
token=$("$dxtrack" --db "$db" token add soak --label soak 2>/dev/null) || die "token add failed"
for year in 2023 2024; do
	for status in planned in_progress stopped deferred; do
		"$dxtrack" --db "$db" tasks --year "$year" --status "$status" --format json |
			grep -o '"code":"[^"]*","year":[0-9]*' || true
	done
done | sed 's/"code":"\([^"]*\)","year":\([0-9]*\)/\2 \1/' >"$work/tasks.txt"
ntasks=$(wc -l <"$work/tasks.txt")
[ "$ntasks" -gt 100 ] || die "only $ntasks tasks to write to"

# --- two servers -----------------------------------------------------------------------------
addr_a="" addr_b="" pid_a="" pid_b=""
start_server() { # NAME → sets addr_NAME, pid_NAME
	"$dxtrack" --db "$db" serve --listen 127.0.0.1:0 --threads 4 2>"$work/serve-$1.log" &
	local pid=$! addr=""
	pids+=("$pid")
	for _ in $(seq 1 100); do
		addr=$(sed -n 's|.*serving on http://\([^/]*\)/.*|\1|p' "$work/serve-$1.log")
		[ -n "$addr" ] && break
		sleep 0.05
	done
	[ -n "$addr" ] || die "server $1 did not start: $(cat "$work/serve-$1.log")"
	curl -sf -H "Authorization: Bearer $token" "http://$addr/api/v1/summary?year=2023" >/dev/null ||
		die "server $1 does not answer"
	printf -v "addr_$1" %s "$addr"
	printf -v "pid_$1" %s "$pid"
}
start_server a
start_server b
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# --- the load --------------------------------------------------------------------------------
ca=$(((conns + 1) / 2)) cb=$((conns / 2))
echo "== soak: $conns connections ($ca on server a, $cb on server b) for $soak s, mix $mix"
t0=$(date +%s)
write_until=$((t0 + soak - quiet))
run_wrk() { # NAME CONNECTIONS ADDR
	wrk -t2 -c"$2" -d"${soak}s" --timeout 5s --latency -s "$root/bench/soak.lua" "http://$3" -- \
		"$token" "$1" "$work/tasks.txt" "$write_until" "$mix" "$work/events-$1" >"$work/wrk-$1.txt" 2>&1
}
run_wrk a "$ca" "$addr_a" &
wrk_a=$!
run_wrk b "$cb" "$addr_b" &
wrk_b=$!
rss_a=("$(rss_kib "$pid_a")") rss_b=("$(rss_kib "$pid_b")") times=(0)
# every INTERVAL s; the last sample 3 s before the end, while the load is still on
for i in $(seq 1 $((soak / interval))); do
	at=$((i * interval > soak - 3 ? soak - 3 : i * interval))
	sleep $((t0 + at - $(date +%s) > 0 ? t0 + at - $(date +%s) : 0))
	rss_a+=("$(rss_kib "$pid_a")") rss_b+=("$(rss_kib "$pid_b")") times+=("$at")
done
wrk_rc=0
wait "$wrk_a" || wrk_rc=$?
wait "$wrk_b" || wrk_rc=$?
[ "$wrk_rc" = 0 ] || { cat "$work/wrk-a.txt" "$work/wrk-b.txt" >&2; die "wrk failed"; }
load1=$(cut -d" " -f1-3 /proc/loadavg)
alive=yes
kill -0 "$pid_a" 2>/dev/null && kill -0 "$pid_b" 2>/dev/null || alive=no

# --- what the clients saw --------------------------------------------------------------------
cat "$work"/events-* >"$work/events"
# wrk's totals: requests, duration, socket errors; p50/p99 from its latency distribution
wrk_sum() { awk -v k="$1" '$1 == k || ($1 == "sockerr" && $2 == k) { s += $NF } END { print s + 0 }' "$work"/wrk-*.txt; }
requests=$(awk '$1 == "total" { s += $2 } END { print s + 0 }' "$work"/wrk-*.txt)
rps=$(awk '/^Requests\/sec/ { s += $2 } END { printf "%.0f", s }' "$work"/wrk-*.txt)
sock_errors=$(($(wrk_sum connect) + $(wrk_sum read) + $(wrk_sum write) + $(wrk_sum timeout)))
sock_detail="connect $(wrk_sum connect), read $(wrk_sum read), write $(wrk_sum write), timeout $(wrk_sum timeout)"
lat() { awk -v n="$1" '$1 == "latency" { v = $n / 1000; if (v > m) m = v } END { printf "%.2f", m }' "$work"/wrk-*.txt; }
p50=$(lat 2) p99=$(lat 3) pmax=$(lat 4)
acked=$(awk '$1 == "a"' "$work/events" | wc -l)
conflicts=$(awk '$1 == "c"' "$work/events" | wc -l)
odd=$(awk '$1 == "s"' "$work/events" | wc -l)
odd_detail=$(awk '$1 == "s" { n[$2]++ } END { for (s in n) printf "%s%s × %d", sep, s, n[s]; sep = ", " }' "$work/events")
# the servers' view: 5xx in the access logs ("METHOD PATH" STATUS BYTES MS)
server_5xx=$(cat "$work"/serve-*.log | awk '$(NF - 2) ~ /^5[0-9][0-9]$/' | wc -l)
served=$(cat "$work"/serve-*.log | awk '$(NF - 2) ~ /^[1-5][0-9][0-9]$/' | wc -l)

# --- lost updates: every task read back through the API --------------------------------------
echo "== reading back $ntasks tasks"
awk -v a="$addr_a" '{ printf "url = \"http://%s/api/v1/tasks/%s/%s\"\n", a, $1, $2 }' "$work/tasks.txt" >"$work/curl.cfg"
curl -s -H "Authorization: Bearer $token" -w '\n' -K "$work/curl.cfg" >"$work/final.jsonl" ||
	die "reading the tasks back failed"
# per task: key version history-records soak-records
awk 'NF > 0 {
	code = $0; sub(/^\{"code":"/, "", code); sub(/".*/, "", code)
	year = $0; sub(/^[^}]*"year":/, "", year); sub(/[^0-9].*/, "", year)
	v = $0; sub(/^[^}]*"version":/, "", v); sub(/[^0-9].*/, "", v)
	h = $0; sub(/^.*"history":\[/, "", h)
	print year "/" code, v + 0, gsub(/"on_date":/, "", h), gsub(/"note":"soak /, "", h)
}' "$work/final.jsonl" >"$work/final.txt"
[ "$(wc -l <"$work/final.txt")" = "$ntasks" ] || die "read back $(wc -l <"$work/final.txt") tasks, expected $ntasks"
awk '
	FILENAME ~ /events$/ && $1 == "a" { ack[$2]++; if (($2, $3) in seen) dup[$2]++; seen[$2, $3] = 1; next }
	FILENAME ~ /events$/ { next }
	{
		key = $1; version = $2; records = $3; soak = $4; a = ack[key] + 0
		bad = ""
		if (version != 1 + a) bad = bad sprintf(" version %d, 1 + acknowledged writes = %d;", version, 1 + a)
		if (soak != a) bad = bad sprintf(" %d soak records in the history, %d writes acknowledged;", soak, a)
		if (records != version) bad = bad sprintf(" %d history records for version %d;", records, version)
		if (dup[key]) bad = bad sprintf(" %d acknowledged writes returned a version already returned;", dup[key])
		if (bad != "") { print key ":" bad; nbad++ }
		if (a > soak) lost += a - soak
		if (soak > a) extra += soak - a
		lost += dup[key]
	}
	END { printf "%d %d %d\n", nbad, lost, extra > "/dev/stderr" }' "$work/events" "$work/final.txt" \
	>"$work/lost.txt" 2>"$work/lost.n"
read -r bad_tasks lost extra <"$work/lost.n"
per_task_max=$(awk '$1 == "a" { n[$2]++ } END { for (k in n) if (n[k] > m) m = n[k]; print m + 0 }' "$work/events")
written_tasks=$(awk '$1 == "a" { n[$2] = 1 } END { print length(n) }' "$work/events")

# --- memory ----------------------------------------------------------------------------------
mib_list() { local s="" x; for x in "$@"; do s+="${s:+ }$(awk -v k="$x" 'BEGIN { printf "%.1f", k / 1024 }')"; done; echo "$s"; }
flat_of() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > 0 && b <= a * 1.10) ? "yes" : "no" }'; }
growth_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f %%", (a > 0 ? 100 * (b - a) / a : 0) }'; }
flat_a=$(flat_of "${rss_a[1]}" "${rss_a[-1]}")
flat_b=$(flat_of "${rss_b[1]}" "${rss_b[-1]}")
flat=no
[ "$flat_a" = yes ] && [ "$flat_b" = yes ] && flat=yes

errors=$((odd + sock_errors + server_5xx))
[ "$alive" = yes ] || errors=$((errors + 1))
verdict_err=$([ "$errors" = 0 ] && echo "**zero errors**" || echo "**$errors errors**")
if [ "$bad_tasks" = 0 ]; then
	verdict_lost="**zero lost updates**"
else
	verdict_lost="**$bad_tasks tasks do not match: $lost acknowledged writes missing from the history (or acknowledged twice), $extra writes in the history that no client saw acknowledged**"
fi
verdict_mem=$([ "$flat" = yes ] && echo "**memory flat**" || echo "**memory not flat**")

# --- report ----------------------------------------------------------------------------------
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo "unknown")
dx_what="\`$rev\`"
[ -n "${DXTRACK:-}" ] && dx_what="the binary \`$DXTRACK\` (DXTRACK; not built by the script; source tree at \`$rev\`)"
if [ "$backend" = postgresql ]; then
	backend_line="PostgreSQL $pg_version (throw-away cluster by \`tools/pg_cluster.sh\`: fsync off, shared_buffers 128MB), both servers on database \`soak\`"
else
	backend_line="SQLite: both servers on one database file (BACKEND=sqlite)"
fi
command="bench/soak.sh"
[ "$soak" != 600 ] && command="SOAK=$soak $command"
[ "$backend" != postgresql ] && command="BACKEND=$backend $command"
[ "$conns" != 200 ] && command="CONNECTIONS=$conns $command"
[ "$mix" != 25:15:35:25 ] && command="MIX=$mix $command"
lost_lines=""
[ "$bad_tasks" = 0 ] || lost_lines=$'\n\nTasks whose final state does not match the acknowledged writes (first 20):\n\n'"$(head -n 20 "$work/lost.txt" | sed 's/^/    /')"
odd_lines=""
[ "$odd" = 0 ] || odd_lines=$'\n\nUnexpected answers (first 10):\n\n'"$(awk '$1 == "x"' "$work/events" | head -n 10 | cut -c 3- | sed 's/^/    /')"

section=$(
	cat <<EOF
<!-- soak:begin -->
## soak

Written by \`bench/soak.sh\`; everything between the markers is replaced on each run.

- Date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')
- Machine: $(nproc) CPUs, $(uname -m), ${cpu:-unknown CPU}, $mem RAM; $(uname -sr); wrk, both servers and the database share the machine; load average ${load0// /, } at the start and ${load1// /, } at the end of the load (other work on the machine distorts the figures)
- dxtrack: $dx_what, Release, two \`serve --threads 4\` processes
- Database: $backend_line
- Data: the Bắc Kạn sample and 2000 generated tasks of 2024; reads and writes over the $ntasks tasks of 2023 and 2024 that are not completed
- Load: $conns connections ($ca on server a, $cb on server b; wrk, 2 threads each, \`bench/soak.lua\`) for $soak s; mix summary:dashboard:task GET:task PATCH = $mix %; a PATCH sends the version its wrk thread last read; no writes in the last $quiet s

| requests | req/s (both) | p50 (ms) | p99 (ms) | max (ms) | writes acknowledged (200) | conflicts (409) | tasks written | most writes on one task |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| $requests | $rps | $p50 | $p99 | $pmax | $acked | $conflicts | $written_tasks | $per_task_max |

(p50/p99/max: the larger of the two wrk instances'.)

- Errors: $verdict_err — answers other than 200/409: $odd${odd_detail:+ ($odd_detail)}; socket errors: $sock_errors ($sock_detail); 5xx in the servers' access logs: $server_5xx of $served lines; both servers running at the end: $alive
- Lost updates: $verdict_lost — each of the $ntasks tasks read back through the API: version = 1 + acknowledged writes, the history holds that many "soak" records and version records in all, no version acknowledged twice
- Memory: $verdict_mem (last ≤ first after warm-up + 10 %, each server). RSS (MiB) at $(IFS=,; echo "${times[*]}" | sed 's/,/, /g') s:
  - server a: $(mib_list "${rss_a[@]}") — last vs first after warm-up $(growth_of "${rss_a[1]}" "${rss_a[-1]}"), flat: $flat_a
  - server b: $(mib_list "${rss_b[@]}") — last vs first after warm-up $(growth_of "${rss_b[1]}" "${rss_b[-1]}"), flat: $flat_b$lost_lines$odd_lines

Command: \`$command\`
<!-- soak:end -->
EOF
)
printf '%s\n' "$section" >"$work/section.md"
if [ -f "$results" ] && grep -q '^<!-- soak:begin -->$' "$results" && grep -q '^<!-- soak:end -->$' "$results"; then
	awk -v sec="$work/section.md" '
		$0 == "<!-- soak:begin -->" { while ((getline l < sec) > 0) print l; skip = 1; next }
		$0 == "<!-- soak:end -->" { skip = 0; next }
		!skip' "$results" >"$work/results.md"
	cp "$work/results.md" "$results"
else
	printf '\n%s\n' "$section" >>"$results"
fi
echo
printf '%s\n' "$section" | sed -n '/^| requests/,/^Command/p'
echo "== bench/RESULTS.md updated"
[ "$errors" = 0 ] && [ "$bad_tasks" = 0 ]
