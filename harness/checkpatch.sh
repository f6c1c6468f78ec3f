#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh SRC: scripts/checkpatch.pl --strict on every new C file and
# header of the repository, and on every patch of the series.

set -u
src=$(realpath "$1")
repo=$(dirname "$(dirname "$(realpath "$0")")")
cd "$repo" || exit 1

files=$(git ls-files -co --exclude-standard -- '*.c' '*.h' 2>/dev/null ||
	find . -name '*.[ch]')
patches=$(sed -n 's/^\([^#[:space:]][^[:space:]]*\).*/patches\/\1/p' patches/series)
rc=0
for f in $files; do
	"$src/scripts/checkpatch.pl" --strict --no-tree -q --no-summary -f "$f" || rc=1
done
for p in $patches; do
	"$src/scripts/checkpatch.pl" --strict --no-tree -q --no-summary "$p" || rc=1
done
n=$(echo $files $patches | wc -w)
[ $rc = 0 ] && echo "checkpatch --strict: $n files and patches clean"
exit $rc
