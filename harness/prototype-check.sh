#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# prototype-check.sh OBJ SRC: a provider whose implementation does not match
# the slot's prototype must fail to build (exclusive-symbols.rst, 4), with
# the message that names both; the same provider with the right prototype
# must build.

set -u
obj=$(realpath "$1")
inc=$(realpath "$2")/tools/testing/selftests/exclusive_symbols/test_modules
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

provider() {
	cat <<C
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include "xsym_test.h"

static long xsym_proto_impl($1)
{
	return a;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_solo, xsym_proto_impl);
MODULE_LICENSE("GPL");
C
}
provider "long a" > "$tmp/good.c"
provider "int a" > "$tmp/bad.c"
echo "ccflags-y := -I$inc" > "$tmp/Kbuild"

if ! make -s -C "$obj" M="$tmp" ARCH=x86_64 ${KLLVM:+"$KLLVM"} good.o > "$tmp/good.log" 2>&1; then
	echo "the matching prototype does not build either:"
	cat "$tmp/good.log"
	exit 1
fi
if make -s -C "$obj" M="$tmp" ARCH=x86_64 ${KLLVM:+"$KLLVM"} bad.o > "$tmp/bad.log" 2>&1; then
	echo "a provider of 'long xsym_solo(long)' as 'long (int)' built"
	exit 1
fi
if ! grep -q "prototype of xsym_proto_impl does not match exclusive symbol xsym_solo" \
	"$tmp/bad.log"; then
	echo "the build failed, but not with the prototype message:"
	cat "$tmp/bad.log"
	exit 1
fi
grep -m1 "does not match" "$tmp/bad.log"
