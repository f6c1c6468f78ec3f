#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Built-in providers are claimed one by one: a pin that refuses one of them
# at boot leaves the others bound (exclusive-symbols.rst, 7 and 10).
#
# xsym-boot: --append module.exclusive_pin=blake2s_compress:fallback

. "$(dirname "$0")/functions.sh"
require
[ -d "$SLOTS/blake2s_compress" ] && [ -d "$SLOTS/xsym_builtin" ] ||
	skip_all "kernel without the built-in BLAKE2s provider or test slot"

t_pin_refuses_one() {
	expect_provider blake2s_compress fallback &&
	dmesg --notime | grep -q "exclusive_symbols: vmlinux: refused for blake2s_compress: module.exclusive_pin pins it to fallback" ||
		fail "no refusal message for the pinned built-in provider"
}

t_others_bound() {
	expect_provider xsym_builtin vmlinux &&
	[ "$(slot_attr xsym_builtin binds)" = 1 ]
}

step "the pinned built-in provider is refused" t_pin_refuses_one
step "the other built-in providers are bound" t_others_bound
echo "1..$__tests"
[ $__failed = 0 ]
