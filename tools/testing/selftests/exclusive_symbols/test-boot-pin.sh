#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xsym-boot: --append module.exclusive_pin=xsym_add:xsym_prov_b --env XSYM_BOOT_PIN=xsym_add:xsym_prov_b
# xsym-boot: --append module.exclusive_pin=xsym_add --env XSYM_BOOT_PIN=xsym_add --env XSYM_BOOT_PIN_BAD=1
#
# module.exclusive_pin on the kernel command line (exclusive-symbols.rst,
# 7): a valid pin holds from boot on, without a message; a malformed one
# is reported once and pins nothing.

. "$(dirname "$0")/functions.sh"
require
cleanup_mods
PIN=/sys/module/module/parameters/exclusive_pin

t_valid() {
	local msgs
	[ "$(cat $PIN)" = "$XSYM_BOOT_PIN" ] ||
		fail "pin is '$(cat $PIN)', expected '$XSYM_BOOT_PIN'" || return 1
	msgs=$(dmesg --notime | grep -c "exclusive_symbols: module.exclusive_pin=")
	[ "$msgs" = 0 ] || fail "$msgs boot messages about a valid pin" || return 1
	load_mod xsym_owner && load_fails xsym_prov_a "Operation not permitted" &&
	load_mod xsym_prov_b && expect_provider xsym_add xsym_prov_b
}

t_malformed() {
	local msgs
	[ -z "$(cat $PIN)" ] || fail "pin is '$(cat $PIN)', expected none" || return 1
	msgs=$(dmesg --notime | grep -c "exclusive_symbols: module.exclusive_pin='$XSYM_BOOT_PIN' ignored: item without ':'")
	[ "$msgs" = 1 ] || fail "$msgs boot messages about the pin, expected 1" || return 1
	load_mod xsym_owner && load_mod xsym_prov_a && expect_provider xsym_add xsym_prov_a
}

[ -n "${XSYM_BOOT_PIN:-}" ] || skip_all "boot without module.exclusive_pin= (see xsym-boot)"
if [ -n "${XSYM_BOOT_PIN_BAD:-}" ]; then
	step "malformed boot-time pin '$XSYM_BOOT_PIN' reported once, pins nothing" t_malformed
else
	step "boot-time pin '$XSYM_BOOT_PIN' holds from boot on" t_valid
fi
finish
