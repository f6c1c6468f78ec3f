#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# configure.sh SRC OBJ FRAGMENT...
#
# tinyconfig plus the fragments, then check that every symbol the fragments
# ask for really took: a silently dropped option would make a test prove
# nothing.  KLLVM (from the Makefile) names the clang toolchain, whose
# abilities Kconfig asks about, or is empty for gcc.

set -euo pipefail
src=$1 obj=$2
shift 2

kmake=(make -s -C "$src" O="$obj" ARCH=x86_64 ${KLLVM:+"$KLLVM"})
"${kmake[@]}" tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$@" >/dev/null
"${kmake[@]}" olddefconfig >/dev/null

# A later fragment overrides an earlier one; check the last word on each.
bad=0
while IFS='=' read -r sym val; do
	if [ "$val" = n ]; then
		grep -q "^$sym=" "$obj/.config" || continue
	else
		grep -qx "$sym=$val" "$obj/.config" && continue
	fi
	echo "configure: $sym=$val did not take" \
	     "(got: $(grep "^$sym=\|# $sym is" "$obj/.config" || echo unset))" >&2
	bad=1
done < <(cat "$@" | grep '^CONFIG_' | awk -F= '{ v[$1] = $0 } END { for (k in v) print v[k] }')
exit $bad
