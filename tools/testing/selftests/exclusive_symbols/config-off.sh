#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run on a kernel built with CONFIG_MODULE_EXCLUSIVE_SYMBOLS=n and test
# modules built against it: no trace of the feature, consumers call the
# fallback directly, and a provider is an ordinary module that binds
# nothing (exclusive-symbols.rst, 11).

. "$(dirname "$0")/functions.sh"
[ "$(id -u)" = 0 ] || skip_all "must run as root"
[ ! -d "$SLOTS" ] || skip_all "kernel with CONFIG_MODULE_EXCLUSIVE_SYMBOLS=y"
[ -f "$MODDIR/xsym_owner.ko" ] || skip_all "test modules not built in $MODDIR"

t_no_trace() {
	[ ! -e /sys/module/module/parameters/exclusive_pin ] ||
		fail "module.exclusive_pin exists" || return 1
	! grep -qw -e __start___exclusive_slots -e module_exclusive_claim /proc/kallsyms ||
		fail "exclusive symbols code in vmlinux"
}

t_fallback_direct() {
	load_mod xsym_owner && load_mod xsym_cons_pre && consume xsym_cons_pre fallback
}

t_provider_inert() {
	load_mod xsym_prov_a || return 1
	consume xsym_cons_pre fallback || return 1
	[ "$(counter xsym_prov_a calls)" = 0 ] || fail "a call reached xsym_prov_a"
	! modinfo_field xsym_prov_a exclusive >/dev/null ||
		fail "provider carries exclusive= tags without the option"
}

step "no sysfs, parameter or code of the feature" t_no_trace
step "consumers call the fallback directly" t_fallback_direct
step "a provider loads and binds nothing" t_provider_inert
finish
