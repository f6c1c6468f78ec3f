#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# configure.sh SRC OBJ FRAGMENT...
#
# tinyconfig plus the fragments, then check that every symbol the fragments
# ask for really took (config-check.sh).  KLLVM (from the Makefile) names the clang toolchain, whose
# abilities Kconfig asks about, or is empty for gcc.

set -euo pipefail
src=$1 obj=$2
shift 2

kmake=(make -s -C "$src" O="$obj" ARCH=x86_64 ${KLLVM:+"$KLLVM"})
"${kmake[@]}" tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$@" >/dev/null
"${kmake[@]}" olddefconfig >/dev/null

"$(dirname "$0")/config-check.sh" "$obj/.config" "$@"
