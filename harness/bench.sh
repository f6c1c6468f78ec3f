#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: the timings (one boot, harness/bench-guest.sh), then the
# instruction counts (two boots under the count plugin, of this kernel and
# of the one with the option off: harness/bench-count-guest.sh, tabled by
# harness/bench-counts.py).  Builds the load-time modules (an owner with
# 256 slots, providers with N = 1, 16, 256 exclusive exports, the same
# modules with plain exports) and a caller of one slot for the counts.

set -eu
repo=$(dirname "$(dirname "$(realpath "$0")")")
gen=$(realpath -m "$BUILD")/bench
testmods=$(realpath "$SRC")/tools/testing/selftests/exclusive_symbols/test_modules
obj=$(realpath "$OBJ")
kimage=$(realpath "$VMLINUZ")
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
			# Another answer than the fallback's, in as many
			# instructions: xb_caller tells which one it reached.
			echo "static long xb_impl_$i(long a) { return a + $i + 1000; }"
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
cat > xb_caller.c <<'CALLER'
// SPDX-License-Identifier: GPL-2.0
/*
 * A caller of slot xb_1 for make bench's instruction counts: writing N to
 * 'run' makes N calls between the markers, with preemption off; 'seen'
 * then tells what the calls reached before and after them.  The kernel
 * log says when the calls start: a parameter cannot be read while
 * another one of the module is being written.
 */
#include <linux/module.h>
#include "xbench.h"
#include "xsym_count.h"

static const char *xb_seen = "none";

static const char *xb_which(void)
{
	return exclusive_call(xb_1)(0) > 1000 ? "provider" : "fallback";
}

static noinline long xb_loop(unsigned int n)
{
	unsigned int i;
	long sum = 0;

	xsym_count_start();
	for (i = 0; i < n; i++)
		sum += exclusive_call(xb_1)(i);
	xsym_count_stop();
	return sum;
}

static int xb_run_set(const char *val, const struct kernel_param *kp)
{
	static char seen[32];
	const char *before;
	unsigned int n;
	int err = kstrtouint(val, 0, &n);

	if (err)
		return err;
	preempt_disable();
	before = xb_which();
	pr_info("xb_caller: %u calls start\n", n);
	xb_loop(n);
	snprintf(seen, sizeof(seen), "%s,%s", before, xb_which());
	preempt_enable();
	xb_seen = seen;
	return 0;
}

static int xb_seen_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", xb_seen);
}

static const struct kernel_param_ops xb_run_ops = { .set = xb_run_set };
static const struct kernel_param_ops xb_seen_ops = { .get = xb_seen_get };
module_param_cb(run, &xb_run_ops, NULL, 0200);
module_param_cb(seen, &xb_seen_ops, NULL, 0444);
MODULE_LICENSE("GPL");
CALLER
objs="$objs xb_caller.o"
echo "ccflags-y := -I$testmods" > Kbuild
echo "obj-m := $objs" >> Kbuild
echo "  BENCH   modules in $gen"
make -s -C "$obj" M="$gen" ARCH=x86_64 ${KLLVM:+"$KLLVM"} modules

cd "$repo"
"$VM" --kernel "$kimage" --name bench --timeout 900 \
	--out "$out" -- \
	env XSYM_MODDIR="$testmods" XB_DIR="$gen" bash "$repo/harness/bench-guest.sh"

# Instruction counts: the same kernel booted with the count plugin, then
# the kernel with the option off (make OFF=1, upstream's dispatch) for
# the crypto entries, with the crypto module built against it.
# BENCH_UPSTREAM=0 leaves the second kernel (and its column) out.
plugin=$("$repo/harness/count-plugin.sh" build)
offobj=
if [ "${BENCH_UPSTREAM:-1}" != 0 ]; then
	offobj=$(make -s --no-print-directory -C "$repo" print-obj OFF=1)
	echo "  BENCH   the kernel with the option off, $offobj"
	make -s -C "$repo" kernel OFF=1 NOTREE=1
	mkdir -p "$gen/off"
	cp "$testmods/xsym_crypto_bench.c" "$testmods/xsym_count.h" "$gen/off"
	echo "obj-m := xsym_crypto_bench.o" > "$gen/off/Kbuild"
	make -s -C "$offobj" M="$gen/off" ARCH=x86_64 modules
fi

# count_boot NAME OBJ SMP [ENV...]: one boot under the plugin; its labels and
# counts land in $out-NAME.  The map holds for a boot without KASLR; the
# mitigations are the main guests' (harness/check.sh), as distro kernels
# run them on such a CPU.
mitigations="spectre_v2=retpoline retbleed=force,stuff no_timer_check"
count_boot() {
	local name=$1 kobj=$2 smp=$3 dir=$out-$1
	shift 3
	rm -rf "$dir"
	mkdir -p "$dir"
	"$repo/harness/count-plugin.sh" map "$kobj/System.map" > "$dir/map"
	VM_QUIET=1 "$VM" --kernel "$kobj/modroot/boot/vmlinuz" \
		--name "$name" --timeout 1800 --smp "$smp" \
		--out "$dir" --append "nokaslr $mitigations" \
		--plugin "$plugin,map=$dir/map,out=$dir/counts" -- \
		env XSYM_MODDIR="$testmods" XB_DIR="$gen" "$@" \
		bash "$repo/harness/bench-count-guest.sh"
}
echo "  BENCH   instruction counts (QEMU TCG plugin)"
count_boot count "$obj" 2
# That kernel has no ACPI, so one CPU (as make check OFF=1 boots it); the
# plugin slows its boot enough to fail the IO-APIC timer check.
[ -z "$offobj" ] || count_boot count-off "$offobj" 1 XSYM_COUNT_KERNEL=off
python3 "$repo/harness/bench-counts.py" "$out-count" ${offobj:+"$out-count-off"}
