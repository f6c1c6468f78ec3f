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
# Run outside the repository: inside a git tree checkpatch takes a patch
# under review for a file of that tree.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The API header consists of declaration macros in the manner of
# DEFINE_STATIC_CALL(): their arguments are identifiers pasted into
# definitions, never expressions, which the macro-shape checks misread.
decl_macros=MACRO_ARG_REUSE,MACRO_ARG_UNUSED,MACRO_ARG_PRECEDENCE
decl_macros+=,MULTISTATEMENT_MACRO_USE_DO_WHILE,COMPLEX_MACRO,EXPORT_SYMBOL
for f in $files; do
	ignore=
	[ "$f" = include/linux/exclusive_symbol.h ] && ignore="--ignore $decl_macros"
	# shellcheck disable=SC2086
	(cd "$tmp" && "$src/scripts/checkpatch.pl" --strict --root="$src" -q \
		--no-summary $ignore -f "$repo/$f") || rc=1
done
for p in $patches; do
	(cd "$tmp" && "$src/scripts/checkpatch.pl" --strict --root="$src" -q \
		--no-summary "$repo/$p") || rc=1
done
n=$(echo $files $patches | wc -w)
[ $rc = 0 ] && echo "checkpatch --strict: $n files and patches clean"
exit $rc
