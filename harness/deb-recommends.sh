#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb-recommends.sh DEBDIR: the kernel's package (linux-image-*.deb, as
# bindeb-pkg made it) recommends the kmod of DEBDIR, at least that
# version: an older modprobe does not know the provider lines, so the
# policy would not hold.  Recommends, not Depends: the kernel boots and
# works without it, with every slot on the provider the kernel binds by
# itself.  Only the package's control member is rewritten (ar r keeps
# the members' order); its data is left as it is.

set -euo pipefail
debs=$(realpath "$1")
kmod=$(ls "$debs"/kmod_*.deb)
ver=$(dpkg-deb -f "$kmod" Version)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for deb in "$debs"/linux-image-*.deb; do
	[[ $deb != *-dbg_* ]] || continue
	rm -rf "${tmp:?}"/*
	ctl=$(ar t "$deb" | grep '^control\.tar')
	(cd "$tmp" && ar x "$deb" "$ctl")
	mkdir "$tmp/c"
	tar -xf "$tmp/$ctl" -C "$tmp/c"
	sed -i '/^Recommends:/d' "$tmp/c/control"
	sed -i "/^Description:/i Recommends: kmod (>= $ver), libkmod2 (>= $ver)" "$tmp/c/control"
	case $ctl in
	*.xz) z=--xz ;;
	*.zst) z=--zstd ;;
	*.gz) z=--gzip ;;
	*) z= ;;
	esac
	tar -c $z -f "$tmp/$ctl" --owner=0 --group=0 --numeric-owner \
		-C "$tmp/c" .
	(cd "$tmp" && ar r "$deb" "$ctl")
	dpkg-deb -I "$deb" >/dev/null
	echo "  DEB     ${deb##*/}: Recommends: kmod (>= $ver), libkmod2 (>= $ver)"
done
