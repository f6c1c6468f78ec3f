#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A slot owned by vmlinux with a built-in provider: callers before the
# provider binds get the fallback, the provider binds once at boot, and a
# module provider of the same slot is refused.

. "$(dirname "$0")/functions.sh"
require
BT=/sys/module/exclusive_builtin_test/parameters
[ -d "$SLOTS/xsym_builtin" ] ||
	skip_all "kernel without CONFIG_MODULE_EXCLUSIVE_SYMBOLS_BUILTIN_TEST"
cleanup_mods

t_sysfs() {
	[ "$(slot_attr xsym_builtin owner)" = vmlinux ] &&
	[ "$(slot_attr xsym_builtin fallback)" = xsym_builtin_generic ] &&
	[ "$(slot_attr xsym_builtin binds)" = 1 ] &&
	expect_provider xsym_builtin vmlinux || fail "xsym_builtin attributes"
}

t_early() {
	[ "$(cat $BT/early)" = fallback ] ||
		fail "the core_initcall caller was served by '$(cat $BT/early)'"
}

t_bound() {
	[ "$(cat $BT/call)" = impl ] || fail "a call now is served by '$(cat $BT/call)'"
	local n
	n=$(dmesg --notime | grep -cx "exclusive_symbols: xsym_builtin: bound to vmlinux")
	[ "$n" = 1 ] || fail "$n boot messages binding xsym_builtin, expected 1"
}

t_module_refused() {
	load_refused xsym_prov_builtin "Device or resource busy" \
		"xsym_prov_builtin: refused: xsym_builtin is held by vmlinux" || return 1
	expect_provider xsym_builtin vmlinux
}

# A built-in provider whose init failed is not bound; the others are.
t_builtin_init_failed() {
	[ "$(slot_attr xsym_builtin_nodev provider)" = fallback ] ||
		fail "xsym_builtin_nodev bound to $(slot_attr xsym_builtin_nodev provider)" ||
		return 1
	[ "$(slot_attr xsym_builtin_nodev binds)" = 0 ] || fail "xsym_builtin_nodev was bound" ||
		return 1
	dmesg --notime | grep -qx "exclusive_symbols: exclusive_builtin_nodev: not bound: its init returned -19" ||
		fail "no message for the failed built-in provider" || return 1
	expect_provider xsym_builtin vmlinux
}

# Only the loader retargets a slot: vmlinux does not export a slot's
# static call key, so a module that would update it does not load.
t_key_unexported() {
	local err
	mark_log
	err=$(insmod "$MODDIR/xsym_bad_retarget.ko" 2>&1) &&
		fail "xsym_bad_retarget loaded" && return 1
	case $err in
	*"Unknown symbol"*) ;;
	*) fail "insmod: '$err', expected 'Unknown symbol'"; return 1 ;;
	esac
	dmesg --notime | grep -q "xsym_bad_retarget: Unknown symbol __SCK__xsym_builtin" ||
		fail "no 'Unknown symbol __SCK__xsym_builtin' message" || return 1
	[ "$(cat $BT/call)" = impl ] || fail "xsym_builtin now serves '$(cat $BT/call)'"
}

step "slot owned by vmlinux, bound to the built-in provider" t_sysfs
step "caller before the bind served by the fallback" t_early
step "built-in provider bound once at boot" t_bound
step "module provider of a built-in held slot refused" t_module_refused
step "a module updating a vmlinux slot's key does not load" t_key_unexported

# The same for a slot that a module owns: xsym_owner does not export it.
t_key_unexported_mod() {
	local err
	load_mod xsym_owner || return 1
	mark_log
	err=$(insmod "$MODDIR/xsym_bad_retarget_mod.ko" 2>&1) &&
		fail "xsym_bad_retarget_mod loaded" && return 1
	case $err in
	*"Unknown symbol"*) ;;
	*) fail "insmod: '$err', expected 'Unknown symbol'"; return 1 ;;
	esac
	dmesg --notime | grep -q "xsym_bad_retarget_mod: Unknown symbol __SCK__xsym_solo" ||
		fail "no 'Unknown symbol __SCK__xsym_solo' message" || return 1
	expect_provider xsym_solo fallback && unload_mod xsym_owner
}
step "a module updating a module slot's key does not load" t_key_unexported_mod
step "built-in provider whose init failed stays unbound" t_builtin_init_failed
finish
