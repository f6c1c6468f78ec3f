#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xsym-boot: --append module.sig_enforce=1
#
# Signed modules (exclusive-symbols.rst, 5.3), in a boot that enforces
# module signatures: signed providers bind, an unsigned one is refused by
# signature checking before the loader looks at its exclusive exports,
# and the slot is left as it was, bound or not.

. "$(dirname "$0")/functions.sh"
. "$(dirname "$0")/crypto-functions.sh"
require

# An unsigned copy of provider B (test_modules/sign.sh leaves it so).
UNSIGNED=$MODDIR/xsym_unsigned.ko
[ "$(cat /sys/module/module/parameters/sig_enforce 2>/dev/null)" = Y ] ||
	skip_all "boot without module.sig_enforce=1"
[ -f "$UNSIGNED" ] || skip_all "no $UNSIGNED (test_modules/sign.sh makes it)"

# unsigned_refused: insmod of the unsigned provider fails with
# EKEYREJECTED, and nothing of the exclusive symbols core is said.
unsigned_refused() {
	local err
	mark_log
	if err=$(insmod "$UNSIGNED" 2>&1); then
		fail "the unsigned xsym_prov_b loaded"
		return 1
	fi
	case $err in
	*"Key was rejected by service"*) ;;
	*) fail "insmod: '$err', expected 'Key was rejected by service'"; return 1 ;;
	esac
	! is_loaded xsym_prov_b || fail "xsym_prov_b listed after the refusal" ||
		return 1
	expect_log </dev/null
}

t_signed_binds() {
	load_mod xsym_owner && load_mod xsym_cons_pre && load_mod xsym_prov_a &&
	expect_provider xsym_add xsym_prov_a && consume xsym_cons_pre xsym_prov_a
}

t_unsigned_held() {
	local binds
	binds=$(slot_attr xsym_add binds)
	unsigned_refused || return 1
	expect_provider xsym_add xsym_prov_a && consume xsym_cons_pre xsym_prov_a &&
	[ "$(slot_attr xsym_add binds)" = "$binds" ] || fail "binds changed"
}

t_unsigned_free() {
	unload_mod xsym_prov_a && expect_provider xsym_add fallback || return 1
	unsigned_refused || return 1
	expect_provider xsym_add fallback && consume xsym_cons_pre fallback
}

t_signed_crypto() {
	modprobe -n -q chacha_ssse3 || { skip "kernel without the lib/crypto providers"; return; }
	provide chacha_ssse3 || return 1
	expect_provider chacha_crypt_arch chacha_ssse3 && unload_providers
}

step "signed providers bind" t_signed_binds
step "an unsigned provider is refused while the slot is bound" t_unsigned_held
step "an unsigned provider is refused while the slot is free" t_unsigned_free
step "a signed lib/crypto provider (modules_install) binds" t_signed_crypto
finish
