#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xsym-boot: --append module.exclusive_pin=xsym_add:xsym_prov_b
# xsym-boot: --append module.exclusive_pin=xsym_add
#
# module.exclusive_pin on the kernel command line (exclusive-symbols.rst,
# 7): a valid pin holds from boot on, without a message; a malformed one
# is reported once and pins nothing.  The script reads the pin from
# /proc/cmdline: boot it with one of the lines above.

. "$(dirname "$0")/functions.sh"
XSYM_BOOT_PIN=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^module\.exclusive_pin=//p' | tail -1)
[ -n "$XSYM_BOOT_PIN" ] || skip_all "boot without module.exclusive_pin= (see xsym-boot)"
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
	msgs=$(dmesg --notime | grep -c "exclusive_symbols: module.exclusive_pin='$XSYM_BOOT_PIN' ignored: item without ':'")
	[ "$msgs" = 1 ] || fail "$msgs boot messages about the pin, expected 1" || return 1
	load_mod xsym_owner && load_mod xsym_prov_a && expect_provider xsym_add xsym_prov_a
}

# A malformed pin leaves the parameter empty; a valid one, as given.
if [ -z "$(cat $PIN)" ]; then
	step "malformed boot-time pin '$XSYM_BOOT_PIN' reported once, pins nothing" t_malformed
elif [ "$XSYM_BOOT_PIN" = xsym_add:xsym_prov_b ]; then
	step "boot-time pin '$XSYM_BOOT_PIN' holds from boot on" t_valid
else
	skip_all "a pin of another script's: $XSYM_BOOT_PIN"
fi
finish
