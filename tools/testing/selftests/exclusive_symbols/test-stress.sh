#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bind and unbind providers while kernel threads call the slot in a tight
# loop and check every answer (exclusive-symbols.rst, 5.2).

. "$(dirname "$0")/functions.sh"
require
cleanup_mods
CYCLES=${XSYM_STRESS_CYCLES:-100}

t_stress() {
	local i p errors calls
	load_mod xsym_owner && load_mod xsym_stress threads=4 || return 1
	for ((i = 1; i <= CYCLES; i++)); do
		p=xsym_prov_a
		[ $((i % 2)) = 0 ] && p=xsym_prov_b
		load_mod $p && unload_mod $p || return 1
	done
	errors=$(counter xsym_stress errors)
	calls=$(counter xsym_stress calls)
	log "$CYCLES bind/unbind cycles under 4 callers: $calls calls, $errors wrong," \
	    "binds $(slot_attr xsym_add binds)"
	[ "$errors" = 0 ] || fail "$errors wrong answers"
	[ "$calls" -gt 0 ] || fail "the callers never ran"
	[ "$(slot_attr xsym_add binds)" = "$CYCLES" ] || fail "binds != $CYCLES"
}

step "$CYCLES bind/unbind cycles under 4 calling threads" t_stress
finish
