#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# off-check.sh BUILD: with CONFIG_MODULE_EXCLUSIVE_SYMBOLS=n (and so
# CONFIG_CRYPTO_LIB_EXCLUSIVE=n) the series builds what upstream builds.
# Cheaper than two more kernels, and stricter than booting one: the
# patched tree and the pristine one are configured alike (the test
# kernel's fragments, the option off) and prepared, then
#
#  - the two .config files are the same but for the series' own symbols;
#  - every C file the series changes compiles, in both trees, to objects
#    with the same code (disassembly, relocations included), module
#    information and symbols (exports included);
#  - every header it changes preprocesses to the same text and macros, and
#    so does the linker script of vmlinux;
#  - every directory whose Makefile it changes builds the same objects and
#    modules.
#
# Objects of files the series does not touch are upstream's by
# construction.  The fixes to upstream that the series carries, marked
# "# upstream fix" in patches/series, change the kernel whatever the
# option: the pristine side is the base tree with them applied.  The
# build directories stay in BUILD for the next run.

set -u
build=$(realpath "$1")
repo=$(dirname "$(dirname "$(realpath "$0")")")
src=$build/src
base=$build/base
po=$build/off-patched
pb=$build/off-pristine
jobs=${JOBS:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
bad() { echo "$*"; failed=1; }

# The pristine tree: the base, or a copy of it (hard links but for the
# files the fixes change) with the fixes applied.
up=$base
fixes=$(sed -n 's/^\([^#[:space:]]\+\)[[:space:]]\+#[[:space:]]*upstream fix\>.*/\1/p' \
	"$repo/patches/series")
if [ -n "$fixes" ]; then
	up=$build/off-upstream
	rm -rf "$up"
	cp -al "$base" "$up"
	find "$up" -type d -exec chmod u+w {} +
	for p in $fixes; do
		sed -n 's,^+++ b/\([^[:space:]]*\).*,\1,p' "$repo/patches/$p" |
		while read -r f; do
			[ -f "$up/$f" ] || continue
			rm -f "$up/$f"
			cp "$base/$f" "$up/$f"
			chmod u+w "$up/$f"
		done
		if ! patch -s -d "$up" -p1 -N -F0 --no-backup-if-mismatch -r - \
		     < "$repo/patches/$p" >"$tmp/patch.log" 2>&1; then
			echo "patches/$p does not apply to the base tree:"
			cat "$tmp/patch.log"
			exit 1
		fi
	done
	echo "upstream here: the base tree with ${fixes//$'\n'/, }"
fi

kmake() { make -s -C "$1" O="$2" ARCH=x86_64 ${KLLVM:+"$KLLVM"} -j"$jobs" "${@:3}"; }

frags="$src/kernel/configs/exclusive_vm.config
       $src/kernel/configs/exclusive_distro.config
       $src/kernel/configs/exclusive_off.config"
mkdir -p "$po" "$pb"
# Each tree configured on its own, from the same fragments: a select or a
# default that the series adds shows in the comparison.
for o in "$po" "$pb"; do
	tree=$src
	[ "$o" = "$pb" ] && tree=$up
	# shellcheck disable=SC2086
	if ! "$repo/harness/configure.sh" "$tree" "$o" $frags; then
		echo "$tree: the option-off configuration does not take"
		exit 1
	fi
done

# The series' own symbols are the only difference the trees may have.
own=$(sed -n 's/^+[[:space:]]*config[[:space:]]\+\([A-Z0-9_]*\).*/CONFIG_\1/p' \
	"$repo"/patches/0*.patch | sort -u)
strip_own() { grep -v -F -w -f <(echo "$own") "$1" | grep -v '^#$\|^$'; }
if ! diff <(strip_own "$pb/.config") <(strip_own "$po/.config") > "$tmp/diff"; then
	bad ".config: the series changes other options when it is off:"
	head -20 "$tmp/diff"
fi

for o in "$po" "$pb"; do
	tree=$src
	[ "$o" = "$pb" ] && tree=$up
	if ! kmake "$tree" "$o" prepare >"$tmp/prepare.log" 2>&1; then
		bad "$o: make prepare failed"
		tail -20 "$tmp/prepare.log"
		exit 1
	fi
done

files=$(sed -n 's@^diff --git a/\([^ ]*\.[ch]\) .*@\1@p' "$repo"/patches/0*.patch |
	sort -u)

# The code, the module information and the symbols of an object, without
# what names the tree.  Numbers that count lines or labels in a symbol's
# name are no code: initcalls are named by __COUNTER__ and __LINE__,
# switch tables by a counter of the compiler's.
describe() {
	{
		objdump -dr --no-show-raw-insn "$1" | sed 1,2d
		objdump -s -j .modinfo "$1" 2>/dev/null | sed 1,2d
		nm "$1" | awk '{ print $NF, $(NF - 1) }' | sort
	} | sed -E 's/(__initcall__kmod_[a-z0-9_]+__)[0-9]+_[0-9]+_/\1N_L_/g;
		    s/\<CSWTCH\.[0-9]+/CSWTCH.N/g'
}

# compare_object FILE.c: built alike in both trees, or not built in either.
compare_object() {
	local o=${1%.c}.o
	if ! kmake "$up" "$pb" "$o" >"$tmp/log" 2>&1; then
		echo "$1: not built upstream with this configuration, skipped"
		return 1
	fi
	if ! kmake "$src" "$po" "$o" >"$tmp/log" 2>&1; then
		bad "$1: does not build with the option off:"
		tail -20 "$tmp/log"
		return 1
	fi
	describe "$pb/$o" > "$tmp/base"
	describe "$po/$o" > "$tmp/src"
}

for f in $files; do
	case $f in
	*.c)
		compare_object "$f" || continue
		what="object code"
		;;
	*.lds.h)
		# A linker script's macros: vmlinux.lds, below, is what they make.
		continue
		;;
	include/*.h | arch/*/include/*.h)
		# The header alone, with a kernel C file's command line, whose
		# -fmacro-prefix-map makes __FILE__ the same in both trees.
		# Lines the series adds move WARN()'s __LINE__ further down.
		# -dD keeps the macros, which a header may change without using.
		ok=1
		for o in "$pb" "$po"; do
			tree=$src
			[ "$o" = "$pb" ] && tree=$up
			echo "#include \"$tree/$f\"" > "$tmp/tu.c"
			cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$o/kernel/.bounds.s.cmd" |
			      sed -E 's/ -Wp,-MMD,[^ ]+//; s/ -S / /; s/ -o .*$//')
			[ -n "$cmd" ] || { bad "$o: no compiler command"; ok=0; break; }
			if ! (cd "$o" && eval "$cmd" -E -P -dD -o "$tmp/pp" "$tmp/tu.c") ||
			   ! [ -s "$tmp/pp" ]; then
				bad "$f: does not preprocess in $tree"
				ok=0
				break
			fi
			grep -v '^[[:space:]]*$' "$tmp/pp" |
				sed -E 's/"i" \([0-9]+\), "i" \(__flags\)/"i" (LINE), "i" (__flags)/g' \
				> "$tmp/$(basename "$o")"
		done
		[ $ok = 1 ] || continue
		mv "$tmp/off-pristine" "$tmp/base"
		mv "$tmp/off-patched" "$tmp/src"
		what="preprocessed text"
		;;
	*.h)
		# A directory's private header: the objects of that directory
		# are what it can change.
		for c in "$base/$(dirname "$f")"/*.c; do
			c=${c#"$base"/}
			grep -qxF "$c" <<<"$files" && continue
			compare_object "$c" || continue
			if ! diff "$tmp/base" "$tmp/src" > "$tmp/diff"; then
				bad "$c (with $f): object code differs from upstream with the option off:"
				head -20 "$tmp/diff"
			else
				echo "$c (with $f): object code as upstream"
			fi
		done
		continue
		;;
	esac
	if ! diff "$tmp/base" "$tmp/src" > "$tmp/diff"; then
		bad "$f: $what differs from upstream with the option off:"
		head -20 "$tmp/diff"
	else
		echo "$f: $what as upstream"
	fi
done

# What the directories whose Makefile the series changes build: the same
# objects into built-in.a, the same modules.
for mk in $(sed -n 's@^diff --git a/\([^ ]*/Makefile\) .*@\1@p' "$repo"/patches/0*.patch |
	    sort -u); do
	d=$(dirname "$mk")
	[ "$d" = tools/testing/selftests ] && continue
	for o in "$pb" "$po"; do
		tree=$src
		[ "$o" = "$pb" ] && tree=$up
		if ! kmake "$tree" "$o" "$d/" >"$tmp/log" 2>&1; then
			bad "$d/: does not build in $tree with the option off:"
			tail -20 "$tmp/log"
			continue 2
		fi
		# Thin archives name their members by path.
		{
			ar t "$o/$d/built-in.a" 2>/dev/null
			cat "$o/$d/modules.order" 2>/dev/null
		} | sed "s@^$o/@@" > "$tmp/$(basename "$o")"
	done
	if ! diff "$tmp/off-pristine" "$tmp/off-patched" > "$tmp/diff"; then
		bad "$d/: builds other objects than upstream with the option off:"
		head -20 "$tmp/diff"
	else
		echo "$d/: builds what upstream builds ($(wc -l < "$tmp/off-patched") objects and modules)"
	fi
done

lds=arch/x86/kernel/vmlinux.lds
if kmake "$up" "$pb" "$lds" >/dev/null 2>&1 &&
   kmake "$src" "$po" "$lds" >/dev/null 2>&1 &&
   diff <(grep -v '^[[:space:]]*$' "$pb/$lds") <(grep -v '^[[:space:]]*$' "$po/$lds") \
	> "$tmp/diff"; then
	echo "$lds: as upstream"
else
	bad "$lds: differs from upstream with the option off:"
	head -20 "$tmp/diff"
fi
exit $failed
