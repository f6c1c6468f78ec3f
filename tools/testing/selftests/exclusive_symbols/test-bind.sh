#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life of one slot: fallback, a provider binds, a second is refused,
# the first leaves, the second binds.  Consumers loaded before and after
# the provider both reach it (exclusive-symbols.rst, 3.4 and 5).

. "$(dirname "$0")/functions.sh"
require
cleanup_mods

t_fallback() {
	load_mod xsym_owner && load_mod xsym_cons_pre || return 1
	expect_provider xsym_add fallback && expect_provider xsym_sub fallback &&
	consume xsym_cons_pre fallback && expect_truthful
}

t_bind_a() {
	mark_log
	load_mod xsym_prov_a || return 1
	expect_log <<-LOG || return 1
	exclusive_symbols: xsym_pair: bound to xsym_prov_a
	LOG
	expect_provider xsym_add xsym_prov_a && expect_provider xsym_sub xsym_prov_a
}

t_consumer_before() {
	consume xsym_cons_pre xsym_prov_a
}

t_consumer_after() {
	load_mod xsym_cons_post && consume xsym_cons_post xsym_prov_a
}

t_refuse_b() {
	# Either slot of the pair may be named: whichever entry comes first.
	LOG_FILTER='s/refused: xsym_(add|sub) \(group/refused: xsym_<slot> (group/' \
	load_refused xsym_prov_b "Device or resource busy" \
		"xsym_prov_b: refused: xsym_<slot> (group xsym_pair) is held by xsym_prov_a" || return 1
	expect_provider xsym_add xsym_prov_a && consume xsym_cons_pre xsym_prov_a
}

t_truthful() {
	expect_truthful
}

t_unload_a() {
	mark_log
	unload_mod xsym_prov_a || return 1
	expect_log <<-LOG || return 1
	exclusive_symbols: xsym_pair: unbound from xsym_prov_a, fallback restored
	LOG
	expect_provider xsym_add fallback && consume xsym_cons_pre fallback &&
	consume xsym_cons_post fallback && expect_truthful
}

t_bind_b() {
	load_mod xsym_prov_b || return 1
	expect_provider xsym_add xsym_prov_b &&
	consume xsym_cons_pre xsym_prov_b && consume xsym_cons_post xsym_prov_b &&
	[ "$(slot_attr xsym_add binds)" = 2 ] ||
		fail "binds is $(slot_attr xsym_add binds), expected 2"
}

t_sysfs() {
	local a
	[ "$(slot_attr xsym_add fallback)" = xsym_add_generic ] &&
	[ "$(slot_attr xsym_add owner)" = xsym_owner ] &&
	[ "$(slot_attr xsym_add group)" = xsym_pair ] &&
	[ "$(slot_attr xsym_solo group)" = xsym_solo ] || fail "slot attributes" || return 1
	for a in provider fallback owner group binds; do
		[ "$(stat -c %a "$SLOTS/xsym_add/$a")" = 444 ] || fail "$a is writable" || return 1
	done
}

t_modinfo() {
	[ "$(modinfo_field xsym_prov_a exclusive | sort | tr '\n' ' ')" = "xsym_add xsym_sub " ] &&
	modinfo_field xsym_prov_a alias | grep -qx "exclusive:xsym_add" ||
		fail "modinfo of xsym_prov_a: $(modinfo "$MODDIR/xsym_prov_a.ko" | grep -E 'exclusive|alias')"
	modinfo_field xsym_cons_pre depends | grep -qx xsym_owner ||
		fail "consumer depends on '$(modinfo_field xsym_cons_pre depends)', not on the owner alone"
	modinfo_field xsym_prov_b depends | grep -qx xsym_owner ||
		fail "provider depends on '$(modinfo_field xsym_prov_b depends)', not on the owner"
}

step "fallback serves while no provider is loaded" t_fallback
step "provider A binds the whole group" t_bind_a
step "consumer loaded before A reaches A" t_consumer_before
step "consumer loaded after A reaches A" t_consumer_after
step "provider B refused with -EBUSY and one message" t_refuse_b
step "lsmod and sysfs agree" t_truthful
step "A unloaded: the fallback serves again" t_unload_a
step "B binds once A is gone" t_bind_b
step "sysfs attributes" t_sysfs
step "modinfo tags, aliases and dependencies" t_modinfo
finish
