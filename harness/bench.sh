#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: one boot, one table.  Builds the load-time modules (an owner
# with 256 slots, providers with N = 1, 16, 256 exclusive exports, and the
# same modules with plain exports) and runs harness/bench-guest.sh.

set -eu
repo=$(dirname "$(dirname "$(realpath "$0")")")
gen=$(realpath -m "$BUILD")/bench
testmods=$(realpath "$SRC")/tools/testing/selftests/exclusive_symbols/test_modules
obj=$(realpath "$OBJ")
kimage=$(realpath "$KIMAGE")
modroot=$(realpath "$MODROOT")
out=$(realpath -m "$RESULTS")/vm-bench
rm -rf "$gen"
mkdir -p "$gen"
cd "$gen"

{
	echo "/* SPDX-License-Identifier: GPL-2.0 */"
	echo "#include <linux/exclusive_symbol.h>"
	for i in $(seq 256); do
		echo "long xb_fb_$i(long a);"
		echo "DECLARE_EXCLUSIVE_SYMBOL(xb_$i, xb_fb_$i);"
	done
} > xbench.h
{
	echo "// SPDX-License-Identifier: GPL-2.0"
	echo "#include <linux/module.h>"
	echo "#include \"xbench.h\""
	for i in $(seq 256); do
		echo "long xb_fb_$i(long a) { return a + $i; }"
		echo "DEFINE_EXCLUSIVE_SYMBOL_GPL(xb_$i, xb_fb_$i);"
	done
	echo "MODULE_LICENSE(\"GPL\");"
} > xb_owner.c
objs="xb_owner.o"
for n in 1 16 256; do
	{
		echo "// SPDX-License-Identifier: GPL-2.0"
		echo "#include <linux/module.h>"
		echo "#include \"xbench.h\""
		for i in $(seq "$n"); do
			echo "static long xb_impl_$i(long a) { return a + $i; }"
			echo "EXPORT_SYMBOL_EXCLUSIVE_GPL(xb_$i, xb_impl_$i);"
		done
		echo "MODULE_LICENSE(\"GPL\");"
	} > "xb_excl_$n.c"
	{
		echo "// SPDX-License-Identifier: GPL-2.0"
		echo "#include <linux/module.h>"
		for i in $(seq "$n"); do
			echo "long xb_plain_${n}_$i(long a);"
			echo "long xb_plain_${n}_$i(long a) { return a + $i; }"
			echo "EXPORT_SYMBOL_GPL(xb_plain_${n}_$i);"
		done
		echo "MODULE_LICENSE(\"GPL\");"
	} > "xb_plain_$n.c"
	objs="$objs xb_excl_$n.o xb_plain_$n.o"
done
echo "obj-m := $objs" > Kbuild
echo "  BENCH   modules in $gen"
make -s -C "$obj" M="$gen" ARCH=x86_64 ${KLLVM:+"$KLLVM"} modules

cd "$repo"
exec "$VM" --kernel "$kimage" --modroot "$modroot" --name bench --timeout 900 \
	--out "$out" -- \
	env XSYM_MODDIR="$testmods" XB_DIR="$gen" bash "$repo/harness/bench-guest.sh"
