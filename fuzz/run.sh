#!/bin/bash
# run.sh — builds every libFuzzer target in fuzz/ and runs each for a bounded time.
#
# Usage: fuzz/run.sh [SECONDS]   (SECONDS per target, default 30)
#
# Each target fuzz/fuzz_NAME.c is built with clang's libFuzzer, ASan and UBSan into
# build-fuzz/fuzz_NAME, then run on a temporary copy of its seeds fuzz/corpus/NAME/ (so the
# repository's corpus is never modified). A crash leaves its input in build-fuzz/NAME-crash-*
# and makes the script exit non-zero after the other targets have run.
set -euo pipefail

# What the targets that run the application layer link: app/ and everything below it (app/
# renders reports: report/, the default template, and their libraries below).
APP="src/lib/*.c src/text/*.c src/core/*.c src/io/*.c src/store/*.c src/app/*.c src/report/*.c build/gen/migrations_sqlite.c build/gen/migrations_pg.c build/gen/template_default.c"
# One line per target: NAME, then the project sources it links besides fuzz/fuzz_NAME.c.
TARGETS=(
	"csv     src/io/csv.c src/lib/buf.c src/lib/mem.c"
	"import $APP"
	"proposals $APP"
	"form    src/http/form.c src/http/http.c src/http/escape.c src/lib/arena.c src/lib/buf.c src/lib/mem.c src/text/utf8.c"
	"units $APP"
	"dti $APP"
	"values $APP"
	"xlsx    src/io/xlsx.c src/io/csv.c src/lib/*.c"
	"api $APP src/http/*.c src/api/*.c src/web/*.c src/serve/*.c build/gen/static_assets.c"
)
# Libraries every target may need (the import target runs the whole importer on SQLite; the
# importers and the xlsx target read .xlsx workbooks with libzip and expat; the api target links
# serve/, whose serve_run starts http/server.c on libmicrohttpd, though no socket is opened).
read -r -a LIBS <<<"$(pkg-config --cflags --libs sqlite3 libpq jansson libutf8proc icu-uc icu-i18n libsodium libzip expat xlsxwriter pangocairo cairo-pdf libmicrohttpd) -lm"

SECONDS_PER_TARGET=${1:-30}
if ! [[ $SECONDS_PER_TARGET =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: fuzz/run.sh [SECONDS]" >&2
	exit 2
fi
CC=${FUZZ_CC:-clang}
# shellcheck disable=SC2054 # the commas belong to the -fsanitize lists
CFLAGS=(-std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-Wall -Wextra -D_GNU_SOURCE -Isrc)

cd "$(dirname "$0")/.."
# the targets need the embedded migrations, template and static files that the CMake build generates
[[ -f build/gen/migrations_sqlite.c && -f build/gen/template_default.c && -f build/gen/static_assets.c ]] || tools/build.sh build
mkdir -p build-fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every fuzz_*.c must have a line above, so no target is skipped unnoticed.
declare -A listed=()
for line in "${TARGETS[@]}"; do
	read -r name _ <<<"$line"
	listed[$name]=1
done
for src in fuzz/fuzz_*.c; do
	[[ -e $src ]] || continue
	name=${src#fuzz/fuzz_}
	name=${name%.c}
	if [[ -z ${listed[$name]:-} ]]; then
		echo "fuzz/run.sh: $src has no line in TARGETS" >&2
		exit 2
	fi
done

failed=()
summary=()
for line in "${TARGETS[@]}"; do
	read -r name sources <<<"$line"
	bin=build-fuzz/fuzz_$name
	echo "== fuzz_$name: building"
	# shellcheck disable=SC2086 # sources is a word list by design
	"$CC" "${CFLAGS[@]}" "fuzz/fuzz_$name.c" $sources "${LIBS[@]}" -o "$bin"

	corpus=$work/corpus_$name
	mkdir -p "$corpus"
	if [[ -d fuzz/corpus/$name ]]; then
		cp -R "fuzz/corpus/$name/." "$corpus/"
	fi
	log=build-fuzz/fuzz_$name.log
	echo "== fuzz_$name: running ${SECONDS_PER_TARGET}s (log: $log)"
	rc=0
	"$bin" "$corpus" -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 \
		-print_final_stats=1 -artifact_prefix="build-fuzz/$name-" >"$log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [[ $rc -ne 0 ]]; then
		tail -n 40 "$log" >&2
		failed+=("$name")
		artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
		summary+=("fuzz_$name: FAILED (exit $rc, ${execs:-?} execs); reproduce: $bin ${artifact:-?}")
	else
		summary+=("fuzz_$name: ok, ${execs:-?} execs in ${SECONDS_PER_TARGET}s")
	fi
done

printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
	echo "fuzz/run.sh: crashes in: ${failed[*]}" >&2
	exit 1
fi
