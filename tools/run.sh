#!/usr/bin/env bash
# run.sh — the README's first command: install, build, load the Bắc Kạn 2023 sample (units,
# tasks, the indicators with their targets and 2023 values, and the DTI frameworks with an
# illustrative 2023 self-assessment) into the default database (./dxtrack.db, or $DXTRACK_DB) if
# it has no tasks (no indicators, no DTI framework) yet, create the account
# "admin" on first run (its generated password is printed once), print the committee summary
# of 2023, and serve the dashboard at http://127.0.0.1:8080/ ($DXTRACK_LISTEN to change it)
# until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
tools/build.sh build
db=${DXTRACK_DB:-dxtrack.db}
listen=${DXTRACK_LISTEN:-127.0.0.1:8080}
dx() { build/dxtrack --db "$db" "$@"; }
if [ -z "$(dx tasks --limit 1 --format csv | tail -n +2)" ]; then
	dx import units data/sample/backan-2023/units.csv
	dx import tasks data/sample/backan-2023/tasks.csv --as-of 2023-12-14
fi
# the sample's indicators, also into a database made before indicators existed
if [ "$(dx indicators --format json)" = "[]" ]; then
	dx import indicators data/sample/backan-2023/indicators.csv
	dx import targets data/sample/backan-2023/indicator_targets.csv
	dx import values data/sample/backan-2023/indicator_values_2023.csv
fi
# the DTI frameworks (QĐ 922, QĐ 405) and the illustrative 2023 self-assessment, also into a
# database made before DTI existed
case "$(dx dti frameworks --format json)" in
*'"frameworks":[]'*)
	dx dti framework import data/dti/QD922.csv
	dx dti framework import data/dti/QD405.csv
	dx dti use 2023 QD922
	dx dti import 2023 data/sample/backan-2023/dti_2023.csv
	;;
esac
echo
dx summary --year 2023
echo
if dx user list --format csv | tail -n +2 | cut -d, -f1 | grep -qx admin; then
	login="Sign in as admin with the password printed on the first run (forgotten? run:
  build/dxtrack --db $db user passwd admin --generate-password)"
else
	password=$(dx user add admin --role admin --generate-password 2>/dev/null)
	login="Sign in as admin with the password   $password
(printed this once only; change it on the page \"Đổi mật khẩu\")"
fi
cat <<EOT
================================================================================
 dxtrack dashboard: http://$listen/
 $login
 Ctrl-C stops the server.
================================================================================
EOT
exec build/dxtrack --db "$db" serve --listen "$listen"
