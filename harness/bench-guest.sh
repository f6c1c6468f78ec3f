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
echo

# read_rate MODULE PARAM: one measurement (the module runs it on read).
rate() { cat "/sys/module/$1/parameters/$2"; }

echo "### (e) crypto libraries: throughput of each implementation (best of 3)"
echo
echo "KiB/s over 4 KiB messages; curve25519 in scalar multiplications/s."
echo "\"slot\" calls the library, reaching whatever is bound; \"direct\" calls"
echo "the arch module's exported function by name, as 6.12 built it.  Under"
echo "TCG, SIMD code is emulated and may be slower than the generic code; on"
echo "hardware run \`make bench\` with KVM (\`-cpu host\`) for meaningful numbers."
echo
echo 0 > /sys/module/module/parameters/exclusive_autoload
modprobe -a libchacha libpoly1305 libcurve25519-generic
insmod $m/xsym_crypto_bench.ko
echo "| algorithm | implementation | slot | direct | slot/direct |"
echo "|---|---|---:|---:|---:|"
declare -A best
row() {	# ALG IMPL SLOT-RATE
	echo "| $1 | $2 | $3 | | |"
}
row chacha20 generic "$(rate xsym_crypto_bench chacha)"
for p in chacha_ssse3 chacha_avx2 chacha_avx512vl; do
	if modprobe $p 2>/dev/null; then
		best[chacha]=$p:$(rate xsym_crypto_bench chacha)
		row chacha20 $p "${best[chacha]#*:}"
		rmmod $p
	else
		echo "| chacha20 | $p | -ENODEV | | |"
	fi
done
row poly1305 generic "$(rate xsym_crypto_bench poly1305)"
row curve25519 generic "$(rate xsym_crypto_bench curve25519)"
modprobe -a poly1305_x86_64 curve25519_x86_64 chacha-x86_64 ${best[chacha]%%:*}
best[poly1305]=poly1305_x86_64 best[curve25519]=curve25519_x86_64
best[blake2s]=vmlinux
insmod $m/xsym_crypto_direct.ko
# Slot and direct alternate, three times each, so that both see the same
# warm caches (and the same translated code under TCG); the best counts.
for a in chacha poly1305 curve25519 blake2s; do
	s=0 d=0
	for i in 1 2 3; do
		v=$(rate xsym_crypto_bench $a); [ "$v" -gt "$s" ] && s=$v
		v=$(rate xsym_crypto_direct $a); [ "$v" -gt "$d" ] && d=$v
	done
	echo "| $a | ${best[$a]%%:*} | $s | $d | $(ratio "$s" "$d") |"
done
rmmod xsym_crypto_direct xsym_crypto_bench ${best[chacha]%%:*} chacha-x86_64 \
	poly1305_x86_64 curve25519_x86_64
echo 1 > /sys/module/module/parameters/exclusive_autoload
