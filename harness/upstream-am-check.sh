#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# upstream-am-check.sh REPO BUILD: the exported series (make export) applies
# with 'git am' to upstream's v6.12.y as Debian's linux-6.12 source package
# carries it, its orig tarball, with none of Debian's patches.  The
# tarball is fetched once with 'apt-get source --download-only' (not
# every version stays in the archive: XSYM_UPSTREAM names one that does)
# and kept in BUILD/dl.  Only the files the series touches are taken out
# of it: 'git am' on the whole tree does the same to them.

set -eu
repo=$(realpath "$1")
build=$(realpath -m "$2")
version=${XSYM_UPSTREAM:-6.12.107-1~deb12u1}
upstream=${version%%-*}
dl=$build/dl
work=$build/upstream-am
tarball=$dl/linux-6.12_$upstream.orig.tar.xz

if [ ! -f "$tarball" ]; then
	mkdir -p "$dl"
	# _apt fetches into a directory it can write, without a warning.
	chown _apt "$dl" 2>/dev/null || true
	(cd "$dl" && apt-get source -q --download-only "linux-6.12=$version") \
		>"$dl/fetch.log" 2>&1 || {
		cat "$dl/fetch.log"
		echo "cannot fetch linux-6.12=$version (XSYM_UPSTREAM= names another)"
		exit 1
	}
fi

"$repo/harness/export.sh" "$repo" "$build" >/dev/null
series=("$build"/export/0*.patch)
series=("${series[@]:1}")	# the cover letter is no patch

rm -rf "$work"
mkdir -p "$work"
top=$(tar -tJf "$tarball" | head -1 | cut -d/ -f1)
sed -n 's,^--- a/\([^[:space:]]*\).*,\1,p' "${series[@]}" | sort -u |
	sed "s,^,$top/," > "$work/files"
tar -C "$work" -xJf "$tarball" -T "$work/files"
cd "$work/$top"
git init -q
git config user.name check
git config user.email check@localhost
git add -A
git commit -q -m "v$upstream (linux-6.12_$upstream.orig.tar.xz)"
if ! git am -q "${series[@]}"; then
	echo "the series does not apply to v$upstream:"
	git am --show-current-patch=diff 2>/dev/null | head -5
	git am --abort
	exit 1
fi
echo "${#series[@]} patches applied with git am to v$upstream ($(basename "$tarball"))"
git log --oneline | head -"${#series[@]}"
