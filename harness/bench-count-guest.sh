#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench's instruction counts, inside a guest booted with the count
# plugin (harness/bench.sh).  Every measurement is one write to a module
# parameter that runs the code once between the markers of xsym_count.h;
# the plugin prints one line per measurement, and this script writes the
# matching label, in the same order, to $VM_OUT/labels.  Lines starting
# with '#' there are notes for the table.
#
# XSYM_COUNT_KERNEL=off: the kernel with the option off (upstream's
# dispatch): only the crypto entries, through the libraries.

set -u
m=$XSYM_MODDIR
labels=$VM_OUT/labels
: > "$labels"
v=/sys/devices/system/cpu/vulnerabilities
echo "# kernel: $(uname -r); Spectre v2: $(cat $v/spectre_v2); RETBleed: $(cat $v/retbleed)" >> "$labels"

# measure LABEL PARAM VALUE: one measurement.
measure() {
	echo "$3" > "$2" || { echo "bench-count: $1: write failed" >&2; exit 1; }
	echo "$1" >> "$labels"
}

crypto() {	# PREFIX MODULE
	local e
	for e in chacha poly1305-64 poly1305-4k blake2s curve25519; do
		measure "$1 $e" "/sys/module/$2/parameters/count" "$e"
	done
}

if [ "${XSYM_COUNT_KERNEL:-}" = off ]; then
	for p in chacha-x86_64 poly1305-x86_64 curve25519-x86_64; do
		modprobe "$p" || echo "# $p does not load" >> "$labels"
	done
	insmod "$XB_DIR/off/xsym_crypto_bench.ko" || exit 1
	crypto upstream xsym_crypto_bench
	exit 0
fi

# No autoload: the owners here have slots no module provides, and the
# crypto providers are chosen below.
echo 0 > /sys/module/module/parameters/exclusive_autoload

# One call: through the slot, direct, through a function pointer; N and
# 2N calls, so that the table can take the difference.
b=/sys/module/xsym_bench/parameters
insmod $m/xsym_owner.ko && insmod $m/xsym_bench.ko || exit 1
for k in slot direct ptr; do
	for n in 1000 2000; do
		measure "call $k $n" $b/count "$k $n"
	done
done
rmmod xsym_bench xsym_owner

# A caller in flight while the bound provider is unbound: the provider's
# and the fallback's bodies are the same instructions, so that every call
# costs the same whichever it reaches.
c=/sys/module/xb_caller/parameters
insmod "$XB_DIR/xb_owner.ko" && insmod "$XB_DIR/xb_excl_1.ko" &&
	insmod "$XB_DIR/xb_caller.ko" || exit 1
for n in 1000 2000; do
	measure "steady provider $n" $c/run $n
done
rmmod xb_excl_1
for n in 1000 2000; do
	measure "steady fallback $n" $c/run $n
done
# The loop runs on CPU 1 with preemption off; rmmod on CPU 0 patches its
# call site under it.  Longer loops until the unbind lands inside one.
for n in 32000000 128000000; do
	insmod "$XB_DIR/xb_excl_1.ko" || exit 1
	taskset -c 1 sh -c "echo $n > $c/run" &
	runner=$!
	until dmesg | grep -q "xb_caller: $n calls start"; do :; done
	taskset -c 0 rmmod xb_excl_1
	wait $runner
	seen=$(cat $c/seen)
	echo "inflight $n $seen" >> "$labels"
	[ "$seen" = "provider,fallback" ] && break
done
rmmod xb_caller xb_owner

# The crypto entries through their slots, with the provider upstream's
# glue would pick on this CPU, then the same providers called directly.
modprobe -a libchacha libpoly1305 libcurve25519-generic
modprobe -a chacha-x86_64 poly1305_x86_64 curve25519_x86_64
chacha=
for p in chacha_avx512vl chacha_avx2 chacha_ssse3; do
	modprobe $p 2>/dev/null && { chacha=$p; break; }
done
echo "# ChaCha provider: $chacha" >> "$labels"
insmod $m/xsym_crypto_bench.ko || exit 1
crypto slot xsym_crypto_bench
insmod $m/xsym_crypto_direct.ko || exit 1
crypto direct xsym_crypto_direct
rmmod xsym_crypto_direct xsym_crypto_bench $chacha chacha-x86_64 \
	poly1305_x86_64 curve25519_x86_64
echo 1 > /sys/module/module/parameters/exclusive_autoload
