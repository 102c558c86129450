#!/usr/bin/env bash
# check_layers.sh — enforces the one-way layering of src/ (docs/ARCHITECTURE.md):
# a module may include only modules of the layers below it, and SQL lives only in store/.
set -euo pipefail
cd "$(dirname "$0")/../src"
# for each layer, the layers it may include (itself always allowed)
declare -A allowed=(
	[lib]=""
	[text]="lib"
	[core]="lib text"
	[io]="lib text core"
	[report]="lib text core io"
	[store]="lib text core"
	[app]="lib text core io report store"
	[http]="lib text core io report app"
	[web]="lib text core io report app http"
	[api]="lib text core io report app http"
	[serve]="lib text core io report app http web api"
	[cli]="lib text core io report app serve"
)
bad=0
for layer in "${!allowed[@]}"; do
	[ -d "$layer" ] || continue
	while IFS= read -r line; do
		file=${line%%:*}
		target=$(sed -E 's/.*#include "\.\.\/([a-z]+)\/.*/\1/' <<<"$line")
		ok=0
		for a in ${allowed[$layer]}; do [ "$a" = "$target" ] && ok=1; done
		if [ $ok -eq 0 ]; then
			echo "layering: $file includes $target/, which $layer/ may not use" >&2
			bad=1
		fi
	done < <(grep -Hn '#include "\.\./' "$layer"/*.[ch] || true)
done
if grep -rlE '"(SELECT|INSERT|UPDATE|DELETE|CREATE) ' --include='*.c' . | grep -v '^./store/' >&2; then
	echo "layering: SQL outside src/store/ (files above)" >&2
	bad=1
fi
[ $bad -eq 0 ] && echo "layering: ok"
exit $bad
