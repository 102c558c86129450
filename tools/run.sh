#!/usr/bin/env bash
# run.sh — the README's first command: install, build, load the Bắc Kạn 2023 sample into the
# default database (./dxtrack.db, or $DXTRACK_DB) if it has no tasks yet, and print the
# committee summary of 2023.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
tools/build.sh build
db=${DXTRACK_DB:-dxtrack.db}
if [ -z "$(build/dxtrack --db "$db" tasks --limit 1 --format csv | tail -n +2)" ]; then
	build/dxtrack --db "$db" import units data/sample/backan-2023/units.csv
	build/dxtrack --db "$db" import tasks data/sample/backan-2023/tasks.csv --as-of 2023-12-14
fi
echo
build/dxtrack --db "$db" summary --year 2023
