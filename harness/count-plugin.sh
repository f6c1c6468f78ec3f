#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The instruction-count plugin of make bench (tools/testing/vm/count-plugin.c).
#
# count-plugin.sh build: build it into $BUILD/count/count-plugin.so and
#   print that path.  Debian does not package QEMU's plugin header; its
#   qemu source package carries it, so the source of the installed QEMU is
#   fetched once (apt-get source, as make kmod does) and only the header
#   is extracted from it.
# count-plugin.sh map SYSTEM_MAP: print the plugin's map of a kernel (its
#   retpoline and return thunks, its interrupt and exception entry points)
#   from that kernel's System.map; valid for a boot with nokaslr.

set -eu

repo=$(dirname "$(dirname "$(realpath "$0")")")
top=$(realpath -m "${BUILD:-$repo/build}")/count
dl=$top/dl
src=$repo/tools/testing/vm/count-plugin.c

die() { echo "count-plugin.sh: $*" >&2; exit 1; }

header() {
	local v
	[ -f "$top/include/qemu-plugin.h" ] && return 0
	PLUGIN=1 "$repo/harness/deps.sh"
	mkdir -p "$dl"
	chown _apt "$dl" 2>/dev/null || true
	v=$(dpkg-query -W -f='${source:Version}' qemu-system-x86 2>/dev/null) || v=
	echo "  FETCH   qemu ${v:-source} (apt-get source, for qemu-plugin.h)" >&2
	if ! (cd "$dl" && { [ -n "$v" ] && apt-get source -q --download-only "qemu=$v" ||
	      apt-get source -q --download-only qemu; }) >"$top/fetch.log" 2>&1; then
		cat "$top/fetch.log" >&2
		die "apt-get source qemu failed"
	fi
	mkdir -p "$top/include"
	tar -xOf "$dl"/qemu_*.orig.tar.* --wildcards '*/include/qemu/qemu-plugin.h' \
		> "$top/include/qemu-plugin.h.tmp" ||
		die "no include/qemu/qemu-plugin.h in $(ls "$dl"/qemu_*.orig.tar.*)"
	mv "$top/include/qemu-plugin.h.tmp" "$top/include/qemu-plugin.h"
}

build() {
	local so=$top/count-plugin.so
	header
	if [ ! -f "$so" ] || [ "$src" -nt "$so" ] ||
	   [ "$top/include/qemu-plugin.h" -nt "$so" ]; then
		echo "  PLUGIN  $so" >&2
		gcc -O2 -Wall -Wextra -Wno-unused-parameter -Werror -shared -fPIC \
			-I"$top/include" -o "$so.tmp" "$src" -lpthread
		mv "$so.tmp" "$so"
	fi
	echo "$so"
}

# Each range spans from its symbol to the next greater address.  The
# plugin counts a thunk or an entry point where a block starts at its
# first byte, a stubs table wherever a block starts in it.
map() {
	awk '
	function kind(n) {
		if (n ~ /^__x86_indirect_(call_|jump_|its_)?thunk_/) return "ind"
		if (n ~ /^(__x86_return_thunk|call_depth_return_thunk|retbleed_return_thunk|srso_return_thunk|srso_alias_return_thunk|its_return_thunk)$/) return "ret"
		if (n ~ /^asm_(exc|sysvec)_/) return "entry"
		if (n == "irq_entries_start" || n == "spurious_entries_start") return "stubs"
		return ""
	}
	$2 ~ /^[tTwW]$/ {
		a = tolower($1)
		# Close what is open at the first greater address.
		if (open != "" && a != openaddr) {
			print openaddr, a, open
			open = ""
		}
		k = kind($3)
		if (k != "" && open == "") {
			open = k; openaddr = a
		}
	}' "$1"
}

case ${1:-} in
build) build ;;
map) [ -f "${2:-}" ] || die "map: no System.map at ${2:-}"; map "$2" ;;
*) die "usage: count-plugin.sh build | map SYSTEM_MAP" ;;
esac
