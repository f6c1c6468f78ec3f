#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A provider that faults inside its known-answer test kills the task that
# loads it, and nothing else: no loader lock is held while a candidate's
# code runs (Documentation/core-api/exclusive-symbols.rst, "5.1 Loading a
# provider").  The fault is an oops on purpose, hence a boot of its own:
#
# xsym-boot: --append module.exclusive_autoload=0
# xsym-boot-expects: splat

. "$(dirname "$0")/functions.sh"
require
modprobe libchacha || skip_all "no libchacha module"

t_fault() {
	# The harness boots with oops=panic; here the oops is the test.
	echo 0 > /proc/sys/kernel/panic_on_oops
	# The oops kills insmod; the shell reports the signal.
	insmod "$MODDIR/xsym_bad_fault.ko" && fail "xsym_bad_fault loaded"
	dmesg | grep -q "Oops" || fail "no oops in the kernel log"
}

t_loader_usable() {
	timeout 30 cat /proc/modules >/dev/null || fail "/proc/modules hangs" || return 1
	load_mod xsym_owner && load_mod xsym_prov_a &&
	expect_provider xsym_add xsym_prov_a &&
	unload_mod xsym_prov_a && unload_mod xsym_owner
}

t_sysfs_readable() {
	timeout 30 cat "$SLOTS"/*/provider >/dev/null || fail "sysfs hangs" || return 1
	# The dead candidate's claim stays: nobody binds chacha behind it.
	expect_provider chacha_crypt_arch fallback &&
	LOG_FILTER='s/refused: [a-z_]+ \(group chacha\)/refused: <slot> (group chacha)/' \
	load_refused xsym_bad_chacha "Device or resource busy" \
		"xsym_bad_chacha: refused: <slot> (group chacha) is held by xsym_bad_fault"
}

step "a provider faults in its known-answer test" t_fault
step "modules load and unload after the fault" t_loader_usable
step "sysfs answers, the faulting provider's claim stands" t_sysfs_readable
echo "1..$__tests"
[ $__failed = 0 ]
