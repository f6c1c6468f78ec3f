#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Livepatch and exclusive symbols (exclusive-symbols.rst, 5.3): a patch of
# the fallback and of a provider's implementation.  Calls through the slot
# reach the patched code while the provider is bound, after it is unbound,
# and again after it is bound anew; disabling and removing the patch
# gives the original code back on both sides.

. "$(dirname "$0")/functions.sh"
require
cleanup_mods

LP=/sys/kernel/livepatch/xsym_livepatch
[ -d /sys/kernel/livepatch ] || skip_all "kernel without CONFIG_LIVEPATCH"
[ -f "$MODDIR/xsym_livepatch.ko" ] || skip_all "xsym_livepatch.ko not built"

# wait_transition: the patch's transition is over (every task switched).
wait_transition() {
	local i
	for ((i = 0; i < 300; i++)); do
		[ "$(cat "$LP/transition" 2>/dev/null)" = 0 ] && return 0
		[ -d "$LP" ] || return 0
		sleep 0.1
	done
	fail "livepatch transition still running after 30 s"
}

# served_by WHO: one call through the slot, answered by WHO: lp-generic,
# lp-prov (the patch's replacements), fallback or xsym_prov_a (the originals).
served_by() {
	case $1 in
	lp-generic) expect_count_step xsym_livepatch generic_calls ;;
	lp-prov) expect_count_step xsym_livepatch prov_calls ;;
	*) consume xsym_cons_pre "$1" ;;
	esac
}

# expect_count_step MOD PARAM: a call through the consumer is right and
# moves MOD's PARAM counter by one, and nobody else's.
expect_count_step() {
	local before after owner_before owner_after res
	before=$(counter "$1" "$2")
	owner_before=$(counter xsym_owner fallback_calls)
	res=$(counter xsym_cons_pre add)
	after=$(counter "$1" "$2")
	owner_after=$(counter xsym_owner fallback_calls)
	[ "$res" = 42 ] || fail "xsym_add(40, 2) = $res" || return 1
	[ "$after" = $((before + 1)) ] ||
		fail "the call did not reach $1's $2 ($before -> $after)" || return 1
	[ "$owner_after" = "$owner_before" ] ||
		fail "the unpatched fallback ran ($owner_before -> $owner_after)"
}

t_patch_fallback() {
	load_mod xsym_owner && load_mod xsym_cons_pre || return 1
	served_by fallback || return 1
	load_mod xsym_livepatch && wait_transition || return 1
	expect_provider xsym_add fallback && served_by lp-generic
}

t_patch_provider() {
	load_mod xsym_prov_a || return 1
	expect_provider xsym_add xsym_prov_a &&
	[ "$(cat "$LP/xsym_prov_a/patched")" = 1 ] ||
		fail "xsym_prov_a not patched on load" || return 1
	served_by lp-prov
}

t_unbind_rebind() {
	unload_mod xsym_prov_a && expect_provider xsym_add fallback &&
	served_by lp-generic || return 1
	load_mod xsym_prov_a && expect_provider xsym_add xsym_prov_a &&
	served_by lp-prov
}

t_unpatch() {
	local i
	echo 0 > "$LP/enabled" && wait_transition || return 1
	# The patch drops its module reference when it is freed, from a work
	# item after the transition: its directory goes then.
	for ((i = 0; i < 300; i++)); do
		[ -d "$LP" ] || break
		sleep 0.1
	done
	unload_mod xsym_livepatch || return 1
	served_by xsym_prov_a || return 1
	unload_mod xsym_prov_a && served_by fallback
}

step "a patched fallback serves the slot while no provider is bound" t_patch_fallback
step "a provider loaded under the patch binds patched" t_patch_provider
step "unbind and rebind under the patch: patched code either way" t_unbind_rebind
step "the patch disabled and removed: the original code again" t_unpatch
step "lsmod and sysfs agree" expect_truthful
finish
