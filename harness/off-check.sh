#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# off-check.sh BUILD OBJ-OFF: with CONFIG_MODULE_EXCLUSIVE_SYMBOLS=n (and so
# CONFIG_CRYPTO_LIB_EXCLUSIVE=n) the series must compile to what upstream
# compiles.  Cheaper than building a pristine kernel: every C file and
# header that the crypto patches and include/linux/module.h change is
# preprocessed with the option-off kernel's configuration, once from the
# patched tree and once from the pristine one, and the two must be the same
# text (blank lines and WARN()'s line numbers aside).  Identical text
# declares, includes and exports the same symbols.

set -u
build=$(realpath "$1")
objoff=$(realpath "$2")
repo=$(dirname "$(dirname "$(realpath "$0")")")
src=$build/src
base=$build/base

# The compiler's command line for a module of the option-off build.
cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$objoff/lib/crypto/.libchacha.o.cmd")
[ -n "$cmd" ] || { echo "no compile command in $objoff"; exit 1; }
# Drop the dependency file, the output and source, and the objtool pass.
cmd=$(echo "$cmd" | sed -E 's/ -Wp,-MMD,[^ ]+//; s/ -c -o .*$//')

files=$(sed -n 's@^diff --git a/\([^ ]*\.[ch]\) .*@\1@p' \
	"$repo"/patches/0005-*.patch "$repo"/patches/0006-*.patch)
files="$files include/linux/module.h"

# Both trees' files are preprocessed from one path, so that __FILE__ is
# the same; WARN()'s __LINE__ is the one thing that may differ, since the
# #if blocks the series adds move lines.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

preprocess() {	# TREE FILE
	local tree=$1 file=$2 tu=$tmp/tu.c
	case $file in
	*.h) echo "#include \"$tree/$file\"" > "$tu" ;;
	*) cp "$tree/$file" "$tu" ;;
	esac
	# Headers resolve against TREE; the file's own directory comes first.
	(cd "$objoff" && eval "${cmd//$src/$tree}" -I"$tree/$(dirname "$file")" \
		-E -P -o - "$tu") | grep -v '^[[:space:]]*$' |
		sed -E 's/"i" \([0-9]+\), "i" \(__flags\)/"i" (LINE), "i" (__flags)/g'
}

set -o pipefail
failed=0
for f in $files; do
	if ! preprocess "$base" "$f" > "$tmp/base" ||
	   ! preprocess "$src" "$f" > "$tmp/src"; then
		echo "$f: does not preprocess"
		failed=1
	elif ! diff "$tmp/base" "$tmp/src" > "$tmp/diff"; then
		echo "$f: differs from upstream with the option off:"
		head -20 "$tmp/diff"
		failed=1
	else
		echo "$f: as upstream"
	fi
done
exit $failed
