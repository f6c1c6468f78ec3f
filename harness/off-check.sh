#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# off-check.sh BUILD OBJ-OFF: with CONFIG_MODULE_EXCLUSIVE_SYMBOLS=n (and so
# CONFIG_CRYPTO_LIB_EXCLUSIVE=n) the series must compile to what upstream
# compiles.  Cheaper than building a pristine kernel: every C file and
# header that the crypto patches and include/linux/module.h change is
# preprocessed with the option-off kernel's configuration, once from the
# patched tree and once from the pristine one, and the two must be the same
# text (blank lines aside).  Identical text declares, includes and exports
# the same symbols.

set -u
build=$(realpath "$1")
objoff=$(realpath "$2")
repo=$(dirname "$(dirname "$(realpath "$0")")")
src=$build/src
base=$build/base

# The compiler's command line for a module of the option-off build.
cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$objoff/lib/crypto/.libchacha.o.cmd")
[ -n "$cmd" ] || { echo "no compile command in $objoff"; exit 1; }
cmd=$(echo "$cmd" | sed -E 's/ -Wp,-MMD,[^ ]+//; s/ -c -o [^ ]+ [^ ]+$//')

files=$(sed -n 's@^diff --git a/\([^ ]*\.[ch]\) .*@\1@p' \
	"$repo"/patches/0005-*.patch "$repo"/patches/0006-*.patch)
files="$files include/linux/module.h"

preprocess() {	# TREE FILE
	local tree=$1 file=$2 tu
	tu=$(mktemp --suffix=.c)
	case $file in
	*.h) echo "#include \"$tree/$file\"" > "$tu" ;;
	*) cp "$tree/$file" "$tu" ;;
	esac
	# Headers resolve against TREE; the file's own directory comes first.
	(cd "$objoff" && eval "${cmd//$src/$tree}" -I"$tree/$(dirname "$file")" \
		-E -P -o - "$tu") | grep -v '^[[:space:]]*$'
	rm -f "$tu"
}

failed=0
for f in $files; do
	if ! diff <(preprocess "$base" "$f") <(preprocess "$src" "$f") >/tmp/off-check.diff 2>&1; then
		echo "$f: differs from upstream with the option off:"
		head -20 /tmp/off-check.diff
		failed=1
	else
		echo "$f: as upstream"
	fi
done
exit $failed
