#!/usr/bin/env bash
# all.sh — every benchmark, one after the other, each rewriting its section of bench/RESULTS.md.
#
# Usage: bench/all.sh [NAME…]      (default: import http indicators plan report soak)
#   The environment is passed on (RUNS, DURATION, SOAK, PG=0, PGPORT, DXTRACK, TMPDIR…; see
#   bench/README.md). SOAK applies to both http.sh's dashboard soak and soak.sh; set
#   HTTP_SOAK=s to give http.sh its own.
#
# Runs them all even when one fails, then lists the failures and exits 1 if there were any.
# Takes about 25 minutes on 2 CPUs with the defaults (soak.sh alone: 10 minutes).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(import http indicators plan report soak)
failed=()
for name in "${names[@]}"; do
	[ -x "$root/bench/$name.sh" ] || { echo "all.sh: no benchmark bench/$name.sh" >&2; exit 2; }
done
for name in "${names[@]}"; do
	echo "=== bench/$name.sh ($(date -u '+%H:%M:%S') UTC)"
	case $name in
	indicators) RESULTS=$root/bench/RESULTS.md "$root/bench/indicators.sh" ;;
	http) SOAK=${HTTP_SOAK:-${SOAK:-120}} "$root/bench/http.sh" ;;
	*) "$root/bench/$name.sh" ;;
	esac || failed+=("$name")
done
echo "=== done ($(date -u '+%H:%M:%S') UTC); results in bench/RESULTS.md"
if [ ${#failed[@]} -gt 0 ]; then
	echo "all.sh: failed: ${failed[*]}" >&2
	exit 1
fi
