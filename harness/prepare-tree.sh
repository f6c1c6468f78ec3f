#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# prepare-tree.sh REPO BUILD [KSRC]
#
# Make BUILD/src: the pristine base tree, plus the repository's new files
# (overlay), plus the patch series.  BUILD/base stays pristine; BUILD/src
# shares its unchanged files through hard links, and only files whose
# content really changed are rewritten, so kbuild rebuilds just what a
# repository edit touches.

set -euo pipefail

repo=$(realpath "$1")
build=$(realpath -m "$2")
ksrc=${3:-}
tarball=/usr/src/linux-source-6.12.tar.xz
base=$build/base
src=$build/src
stage=$build/stage
manifest=$build/src.manifest
overlay_dirs="arch Documentation include kernel lib tools"

die() { echo "prepare-tree: $*" >&2; exit 1; }

# The build directory ignores itself: the repository carries no top-level
# .gitignore, a path the kernel tree has already.
mkdir -p "$build"
[ -f "$build/.gitignore" ] || echo '*' > "$build/.gitignore"

origin=${ksrc:+$(realpath "$ksrc")}
origin=${origin:-$tarball}

if [ -d "$base" ]; then
	had=$(cat "$build/base.origin" 2>/dev/null || true)
	[ "$had" = "$origin" ] ||
		die "$build was made from '$had', not '$origin'; use another BUILD= or 'make distclean'"
else
	mkdir -p "$build"
	rm -rf "$base.tmp"
	if [ -n "$ksrc" ]; then
		[ -f "$ksrc/Makefile" ] && [ -d "$ksrc/kernel/module" ] ||
			die "KSRC=$ksrc is not a kernel source tree"
		echo "  BASE    $origin"
		rsync -a --exclude=.git "$ksrc/" "$base.tmp/"
	else
		[ -f "$tarball" ] || die "$tarball missing (apt-get install linux-source-6.12)"
		echo "  BASE    $tarball"
		mkdir -p "$base.tmp"
		tar -C "$base.tmp" --strip-components=1 -xf "$tarball"
	fi
	chmod -R a-w "$base.tmp"
	mv "$base.tmp" "$base"
	echo "$origin" > "$build/base.origin"
fi

if [ ! -d "$src" ]; then
	echo "  LINK    $src"
	cp -al "$base" "$src.tmp"
	find "$src.tmp" -type d -exec chmod u+w {} +
	mv "$src.tmp" "$src"
	: > "$manifest"
fi

# The patched and overlaid files, assembled apart from src.
rm -rf "$stage"
mkdir -p "$stage"

series=()
if [ -f "$repo/patches/series" ]; then
	while read -r p _; do
		case $p in ''|'#'*) continue ;; esac
		[ -f "$repo/patches/$p" ] || die "patches/series names '$p', which does not exist"
		series+=("$p")
	done < "$repo/patches/series"
fi

for p in "${series[@]}"; do
	sed -n 's,^+++ b/\([^[:space:]]*\).*,\1,p; s,^--- a/\([^[:space:]]*\).*,\1,p' \
		"$repo/patches/$p"
done | sort -u | while read -r f; do
	[ -f "$base/$f" ] || continue
	mkdir -p "$stage/$(dirname "$f")"
	cp "$base/$f" "$stage/$f"
	chmod u+w "$stage/$f"
done

for p in "${series[@]}"; do
	if ! out=$(patch -d "$stage" -p1 -N -F0 --no-backup-if-mismatch \
		   -r - < "$repo/patches/$p" 2>&1); then
		echo "prepare-tree: patches/$p does not apply to $origin:" >&2
		echo "$out" | sed 's/^/  /' >&2
		exit 1
	fi
done

cd "$repo"
if git rev-parse --git-dir >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	files=$(git ls-files -co --exclude-standard -- $overlay_dirs)
else
	# shellcheck disable=SC2086
	files=$(find $overlay_dirs -type f 2>/dev/null || true)
fi
for f in $files; do
	[ -f "$f" ] || continue
	[ -e "$base/$f" ] &&
		die "$f exists upstream: change it with a patch under patches/, not a copy"
	mkdir -p "$stage/$(dirname "$f")"
	cp -p "$f" "$stage/$f"
done

# Copy what changed; put back what the overlay or the series no longer touch.
(cd "$stage" && find . -type f | sed 's,^\./,,' | sort) > "$manifest.new"
while read -r f; do
	cmp -s "$stage/$f" "$src/$f" && continue
	mkdir -p "$src/$(dirname "$f")"
	cp --remove-destination "$stage/$f" "$src/$f"
done < "$manifest.new"
comm -23 <(sort "$manifest") "$manifest.new" | while read -r f; do
	rm -f "$src/$f"
	if [ -e "$base/$f" ]; then
		ln "$base/$f" "$src/$f"
	fi
done
mv "$manifest.new" "$manifest"
rm -rf "$stage"
