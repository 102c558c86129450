# common.sh — what the benchmark scripts share; sourced after they set $root and $bench (their
# name, for messages).
#   die MESSAGE            prints "NAME: MESSAGE" and exits 1
#   need TOOL [PACKAGE]    dies unless TOOL is on PATH (naming the Debian package)
#   bench_pg_choose        sets pg (0 or 1: from $PG, default 1, 0 when PostgreSQL is not
#                          installed) and pg_note (why it is not measured, or "")
#   bench_build LOG        the Release build in build-bench/ (-O3, tests off), its output in LOG,
#                          shown when it fails; nothing when $DXTRACK names a binary to use
# shellcheck shell=bash

die() { echo "$bench: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found${2:+ (Debian package $2)}"; }

bench_pg_choose() {
	pg=${PG:-1}
	pg_note=""
	if [ "$pg" != 0 ] && ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
		pg=0 pg_note="PostgreSQL is not installed (Debian package postgresql): not measured."
	elif [ "$pg" != 0 ]; then
		need psql postgresql-client
	fi
	if [ "$pg" = 0 ] && [ -z "$pg_note" ]; then
		pg_note="PostgreSQL not measured in this run (PG=0)."
	fi
}

# -Wno-error=maybe-uninitialized: at -O3, GCC 12 reports a -Wmaybe-uninitialized false positive
# (pkind in src/app/import_units.c) and the project builds with -Werror. The benchmark does not
# gate on warnings; they stay in build-bench/build.log. No code generation changes.
bench_build() {
	if [ -n "${DXTRACK:-}" ]; then
		echo "== using $DXTRACK (not building)"
		return 0
	fi
	echo "== building dxtrack (Release) in build-bench/"
	if ! { cmake -S "$root" -B "$root/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release \
		-DDX_TESTS=OFF -DCMAKE_C_FLAGS=-Wno-error=maybe-uninitialized &&
		ninja -C "$root/build-bench"; } >"$1" 2>&1; then
		cat "$1" >&2
		die "build failed"
	fi
	cp "$1" "$root/build-bench/build.log"
	if grep -q 'warning:' "$1"; then echo "   (compiler warnings: see build-bench/build.log)"; fi
}
