#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# export.sh REPO BUILD: write the whole change as a git-am-able series
# against the base tree to BUILD/export/.  Each patch of patches/series is
# combined with the new files that patches/files assigns to it, so the
# exported series carries the new files too.  Every new file must be
# assigned to exactly one patch.

set -euo pipefail
repo=$(realpath "$1")
build=$(realpath "$2")
base=$build/base
work=$build/export.git
outdir=$build/export
overlay_dirs="arch Documentation include kernel lib tools"

die() { echo "export: $*" >&2; exit 1; }

cd "$repo"
# shellcheck disable=SC2086
mapfile -t newfiles < <(git ls-files -co --exclude-standard -- $overlay_dirs)
declare -A owner
set -f	# the globs of patches/files match paths, not files here
while IFS= read -r line; do
	case $line in ''|'#'*) continue ;; esac
	p=${line%%:*}
	for g in ${line#*:}; do
		for f in "${newfiles[@]}"; do
			# shellcheck disable=SC2053
			[[ $f == $g ]] || continue
			[ -z "${owner[$f]:-}" ] || die "$f assigned to ${owner[$f]} and $p"
			owner[$f]=$p
		done
	done
done < patches/files
set +f
for f in "${newfiles[@]}"; do
	[ -n "${owner[$f]:-}" ] || die "$f is assigned to no patch in patches/files"
done

rm -rf "$work" "$outdir"
mkdir -p "$work" "$outdir"
git -C "$work" init -q
git -C "$work" config user.name "export"
git -C "$work" config user.email "export@localhost"
# Only the files the series touches: the diffs are the same as on the
# whole tree, and 'git am' on the full base takes them unchanged.
sed -n 's,^--- a/\([^[:space:]]*\).*,\1,p' patches/*.patch | sort -u |
while read -r f; do
	mkdir -p "$work/$(dirname "$f")"
	cp "$base/$f" "$work/$f"
done
git -C "$work" add -A
git -C "$work" commit -q -m base

while read -r p _; do
	case $p in ''|'#'*) continue ;; esac
	git -C "$work" apply --index "$repo/patches/$p" || die "patches/$p does not apply"
	for f in "${newfiles[@]}"; do
		[ "${owner[$f]}" = "$p" ] || continue
		mkdir -p "$work/$(dirname "$f")"
		cp "$f" "$work/$f"
		git -C "$work" add "$f"
	done
	git mailinfo "$work/.msg" "$work/.patch" < "$repo/patches/$p" > "$work/.info"
	author=$(sed -n 's/^Author: //p' "$work/.info")
	email=$(sed -n 's/^Email: //p' "$work/.info")
	{ sed -n 's/^Subject: //p' "$work/.info"; echo; cat "$work/.msg"; } > "$work/.commit"
	git -C "$work" commit -q --author="$author <$email>" -F "$work/.commit"
	rm -f "$work/.msg" "$work/.patch" "$work/.info" "$work/.commit"
done < patches/series

git -C "$work" format-patch -q --zero-commit --no-signature --cover-letter \
	-o "$outdir" HEAD~"$(grep -cv '^\s*\(#\|$\)' patches/series)"
# The cover letter's subject and text come from patches/cover-letter.
cover=$outdir/0000-cover-letter.patch
python3 - "$cover" "$repo/patches/cover-letter" <<'PY'
import sys
cover, text = sys.argv[1], open(sys.argv[2]).read().split('\n', 2)
s = open(cover).read()
s = s.replace('*** SUBJECT HERE ***', text[0]).replace('*** BLURB HERE ***', text[2].strip())
open(cover, 'w').write(s)
PY
echo "series written to $outdir:"
ls "$outdir"
