#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# module.exclusive_pin: pin a slot to one provider or to the fallback; a
# malformed value is refused with one message and changes nothing
# (exclusive-symbols.rst, 7).  test-boot-pin.sh sets it at boot.

. "$(dirname "$0")/functions.sh"
require
cleanup_mods
PIN=/sys/module/module/parameters/exclusive_pin

reset() {
	cleanup_mods
	echo "" > $PIN
}

t_pin_provider() {
	echo "xsym_add:xsym_prov_b" > $PIN || return 1
	load_mod xsym_owner || return 1
	load_refused xsym_prov_a "Operation not permitted" \
		"xsym_prov_a: refused for xsym_add: module.exclusive_pin pins it to xsym_prov_b" ||
		return 1
	load_mod xsym_prov_b && expect_provider xsym_add xsym_prov_b || return 1
	reset
}

t_pin_generic() {
	echo "xsym_solo:xsym_prov_solo,xsym_add:fallback" > $PIN || return 1
	load_mod xsym_owner || return 1
	load_fails xsym_prov_a "Operation not permitted" &&
	load_fails xsym_prov_b "Operation not permitted" &&
	expect_provider xsym_add fallback &&
	load_mod xsym_prov_solo && expect_provider xsym_solo xsym_prov_solo || return 1
	reset
}

t_pin_malformed() {
	echo "xsym_add:xsym_prov_b" > $PIN || return 1
	mark_log
	if echo "xsym_add" > $PIN 2>/dev/null; then
		fail "malformed value accepted"
		return 1
	fi
	expect_log <<-LOG || return 1
	exclusive_symbols: module.exclusive_pin='xsym_add' ignored: item without ':'
	LOG
	[ "$(cat $PIN)" = "xsym_add:xsym_prov_b" ] || fail "pin changed to '$(cat $PIN)'"
	reset
}

step "pin to a provider refuses the others" t_pin_provider
step "pin to fallback refuses every provider" t_pin_generic
step "malformed pin refused, old pin kept" t_pin_malformed
finish
