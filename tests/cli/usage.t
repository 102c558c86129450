# The command line explains itself, and mistakes in it exit with 2.
run dxtrack --help
status 0
out_has 'Usage: dxtrack [--db PATH] COMMAND [OPTIONS...]'
out_has 'summary'
run dxtrack
status 2
run dxtrack frobnicate
status 2
err_has 'unknown command "frobnicate"'
for c in init import export tasks task summary unit units; do
	run dxtrack "$c" --help
	status 0
	out_has 'Usage: dxtrack'
	run dxtrack help "$c"
	status 0
done
run dxtrack summary --year 20x3
status 2
err_has "Try 'dxtrack summary --help'."
run dxtrack summary --format pdf
status 2
run dxtrack import people x.csv
status 2
run dxtrack tasks --sort color
status 2
run dxtrack --version
status 0
out_has 'dxtrack 0.1.0'
# --db picks the database; a directory is not one
run dxtrack --db "$PWD" init
status 1
err_has 'cannot open'
other=$(new_db other)
run dxtrack --db "$other" init
status 0
# the schema version is the number of the newest migration in sql/sqlite/ (sql/pg/ has the same)
latest=$(ls "$REPO/sql/sqlite" | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -1)
out_has "Database $other is ready (schema version $latest)."
if [ "$latest" -ge 3 ]; then pass; else fail "schema version $latest: units over time is 0003"; fi
