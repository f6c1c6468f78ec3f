#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The loader owns its state (Documentation/core-api/exclusive-symbols.rst,
# "Who owns what"): what an owner or a provider declares is read-only
# input, copied once it was checked; a module that changes its declaration
# afterwards changes nothing, and none can reach a slot's static call key
# through the descriptor it links against.  Only GPL-compatible modules
# provide.

. "$(dirname "$0")/functions.sh"
require
cleanup_mods
load_mod xsym_owner || exit 1

# No warning, oops or BUG since the mark.
expect_no_splat() {
	local splat
	splat=$(dmesg --notime | sed -n "/xsym-selftest-mark-$__mark\$/,\$p" |
		grep -E "WARNING:|BUG:|Oops|general protection|Call Trace" || true)
	[ -z "$splat" ] || fail "kernel splat: $splat"
}

# The loader still loads and unloads after it.
expect_loader_works() {
	lsmod > /dev/null || fail "lsmod failed" || return 1
	load_mod xsym_prov_solo && expect_provider xsym_solo xsym_prov_solo &&
	unload_mod xsym_prov_solo && expect_provider xsym_solo fallback
}

# The provider's init rewrites its entry (xsym_solo) to name xsym_add and
# another function: the loader binds, unbinds and releases what it copied.
t_rewrite() {
	mark_log
	load_mod xsym_bad_rewrite || return 1
	expect_provider xsym_solo xsym_bad_rewrite &&
	expect_provider xsym_add fallback && expect_provider xsym_sub fallback ||
		return 1
	unload_mod xsym_bad_rewrite || return 1
	expect_log <<-LOG || return 1
	xsym_bad_rewrite: entry rewritten to xsym_add
	exclusive_symbols: xsym_solo: bound to xsym_bad_rewrite
	exclusive_symbols: xsym_solo: unbound from xsym_bad_rewrite, fallback restored
	LOG
	expect_provider xsym_solo fallback && expect_no_splat && expect_loader_works
}

refused() {
	load_refused "$@" || return 1
	expect_provider xsym_solo fallback && expect_no_splat
}

# As refused, for a message of the static call core (no prefix but the
# module's name).
refused_plain() {
	mark_log
	load_fails "$1" "$2" || return 1
	expect_log <<<"$3" && expect_provider xsym_solo fallback && expect_no_splat &&
	expect_loader_works
}

# keyreach MODULE SLOT: the module looks for SLOT's key through the
# descriptor it links against; it loads only if it found one.
keyreach() {
	mark_log
	load_fails "$1" "Required key not available" || return 1
	expect_log <<<"$1: no key reachable from $2's descriptor"
}

t_keyreach_vmlinux() {
	[ -d "$SLOTS/xsym_builtin" ] ||
		skip "kernel without CONFIG_MODULE_EXCLUSIVE_SYMBOLS_BUILTIN_TEST"
	keyreach xsym_bad_keyreach_vml xsym_builtin &&
	expect_provider xsym_builtin vmlinux
}

# Every slot asks for a GPL-compatible provider; the ChaCha slots are not
# GPL-only.  Loading a proprietary module switches lockdep off for the rest
# of the boot: not where it runs.
t_proprietary() {
	local msg="exclusive_symbols: xsym_bad_proprietary: not GPL-compatible, may not provide exclusive symbols"
	local loaded=
	[ ! -e /proc/lockdep ] || skip "lockdep would stay off after a proprietary module"
	is_loaded libchacha || { modprobe libchacha 2>/dev/null && loaded=1; }
	is_loaded libchacha || skip "no libchacha, the owner of the ChaCha slots"
	mark_log
	load_fails xsym_bad_proprietary "Operation not permitted" || return 1
	[ "$(kernel_log_since_mark | grep -c '^exclusive_symbols: ')" = 1 ] &&
	kernel_log_since_mark | grep -qxF "$msg" ||
		fail "expected one message: $msg" || return 1
	[ -z "$loaded" ] || modprobe -r libchacha
	expect_no_splat
}

# A provider's claim is released before it drops its reference to the
# owner: while its release is held up, the owner cannot be removed.  The
# release is held three seconds: seeing the message and starting rmmod
# took more than one under emulation with vCPU threads competing.
t_release_before_put() {
	local i err
	[ -f "$MODDIR/xsym_delay_release.ko" ] || skip "kernel without kprobes"
	load_mod xsym_prov_solo && load_mod xsym_delay_release delay_ms=3000 ||
		return 1
	mark_log
	rmmod xsym_prov_solo &
	for ((i = 0; i < 100; i++)); do
		dmesg --notime | sed -n "/xsym-selftest-mark-$__mark\$/,\$p" |
			grep -q "delaying the release of xsym_prov_solo" && break
		sleep 0.05
	done
	if err=$(rmmod xsym_owner 2>&1); then
		wait
		fail "xsym_owner removed under its provider's release"
		return 1
	fi
	wait
	log "rmmod xsym_owner during the release: $err"
	unload_mod xsym_delay_release || return 1
	! is_loaded xsym_prov_solo || fail "xsym_prov_solo still loaded" || return 1
	expect_provider xsym_solo fallback && expect_no_splat &&
	unload_mod xsym_owner && load_mod xsym_owner
}

step "a provider rewriting its entry in its init changes nothing" t_rewrite
step "entry in writable data" refused xsym_bad_rwentry "Invalid module format" \
	"xsym_bad_rwentry: section __exclusive_exports is not in the module's read-only data"
step "implementation at a function's padding" refused xsym_bad_pfx "Invalid module format" \
	"xsym_bad_pfx: exclusive export 0 is malformed: its implementation is not a function in the module's text"
step "owner section shorter than one slot" refused xsym_bad_slotshort "Invalid module format" \
	"xsym_bad_slotshort: section __exclusive_slots is not a whole number of 16-byte entries"
step "provider with an init function and no exit function" refused xsym_bad_initnoexit \
	"Invalid parameters" \
	"xsym_bad_initnoexit: a provider with an init function must have an exit function"
step "no key reachable from a module slot's descriptor" keyreach xsym_bad_keyreach xsym_solo
step "no key reachable from a vmlinux slot's descriptor" t_keyreach_vmlinux
step "a module publishing another module's trampoline with its own key" \
	refused_plain xsym_bad_trampkey "Invalid parameters" \
	"xsym_bad_trampkey: static call trampoline key 0 is not the module's own"
step "a proprietary provider of a slot any module may call" t_proprietary
step "an owner stays while its provider's claim is released" t_release_before_put
finish
