#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# series-check.sh BUILD: a patch of the series that no longer applies must
# stop prepare-tree.sh with a message naming the patch and the hunk.  Runs
# on a scratch copy of the repository against the existing base tree.

set -u
repo=$(dirname "$(dirname "$(realpath "$0")")")
build=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/repo/patches" "$tmp/build/src"
cp -r "$repo"/patches/* "$tmp/repo/patches/"
ln -s "$build/base" "$tmp/build/base"
cp "$build/base.origin" "$tmp/build/"
victim=$(awk '$1 !~ /^#/ && NF { print $1; exit }' "$repo/patches/series")
# Break one context line of the first hunk, as a rebased base tree would.
awk '!done && hunk && /^ ./ { $0 = $0 " broken-context"; done = 1 }
     /^@@/ { hunk = 1 } { print }' "$repo/patches/$victim" > "$tmp/repo/patches/$victim"

# The same base as the build: KSRC= when make check was given one.
if out=$("$repo/harness/prepare-tree.sh" "$tmp/repo" "$tmp/build" ${KSRC:+"$KSRC"} 2>&1); then
	echo "prepare-tree.sh accepted a broken patch"
	exit 1
fi
echo "$out"
echo "$out" | grep -q "patches/$victim does not apply" &&
	echo "$out" | grep -qi "hunk" || { echo "message does not name the patch and hunk"; exit 1; }
