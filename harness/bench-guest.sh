#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark, inside the guest.  Prints a Markdown table.

m=$XSYM_MODDIR
b=/sys/module/xsym_bench/parameters
ns() { date +%s%N; }
ms() { awk -v t="$1" 'BEGIN { printf "%.2f", t / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# avg_ms N CMD...: mean wall time of N runs of CMD, in ms.
avg_load() {
	local n=$1 mod=$2 t0 sum=0 i
	for ((i = 0; i < n; i++)); do
		t0=$(ns)
		insmod "$mod"
		sum=$((sum + $(ns) - t0))
		rmmod "$(basename "$mod" .ko)"
	done
	ms $((sum / n))
}

insmod $m/xsym_owner.ko
insmod $m/xsym_bench.ko

echo "## Exclusive symbols benchmark ($(uname -r), $(nproc) CPUs, $(grep -qw hypervisor /proc/cpuinfo && echo "QEMU $(grep -q kvm /sys/devices/system/clocksource/clocksource0/available_clocksource 2>/dev/null && echo KVM || echo TCG)"))"
echo
echo "TCG emulates every instruction: absolute times are not hardware times;"
echo "compare the ratios, measured in this one boot."
echo
echo "### (a) the consumer's call site, as patched in the running kernel"
echo
echo '```'
echo "no provider:     $(cat $b/site)"
insmod $m/xsym_prov_a.ko
echo "xsym_prov_a:     $(cat $b/site)"
rmmod xsym_prov_a
echo "after unbind:    $(cat $b/site)"
echo '```'
echo

echo "### (b) cost per call (best of 5 rounds of 1e6 calls, xsym_add_generic as the target)"
echo
read -r slot direct ptr < $b/calls
echo "| call | ps/call | vs direct |"
echo "|---|---:|---:|"
echo "| through the slot | $slot | $(ratio "$slot" "$direct") |"
echo "| direct call | $direct | 1.000 |"
echo "| function pointer | $ptr | $(ratio "$ptr" "$direct") |"
echo

echo "### (c) unbind latency vs grace periods (mean of 5)"
echo
sum_rm=0 sum_rcu=0 sum_tasks=0
for i in 1 2 3 4 5; do
	insmod $m/xsym_prov_a.ko
	t0=$(ns); rmmod xsym_prov_a; sum_rm=$((sum_rm + $(ns) - t0))
	read -r rcu tasks < $b/gp
	sum_rcu=$((sum_rcu + rcu)) sum_tasks=$((sum_tasks + tasks))
done
echo "| what | ms |"
echo "|---|---:|"
echo "| rmmod of a bound provider (unbind + wait + exit + free) | $(ms $((sum_rm / 5))) |"
echo "| one synchronize_rcu() | $(ms $((sum_rcu / 5))) |"
echo "| one synchronize_rcu_tasks() | $(ms $((sum_tasks / 5))) |"
echo

echo "### (d) insmod time, exclusive vs plain exports (mean of 5)"
echo
insmod "$XB_DIR/xb_owner.ko"
echo "| exports | exclusive ms | plain ms | ratio |"
echo "|---:|---:|---:|---:|"
for n in 1 16 256; do
	e=$(avg_load 5 "$XB_DIR/xb_excl_$n.ko")
	p=$(avg_load 5 "$XB_DIR/xb_plain_$n.ko")
	echo "| $n | $e | $p | $(ratio "$e" "$p") |"
done
rmmod xb_owner xsym_bench xsym_owner
