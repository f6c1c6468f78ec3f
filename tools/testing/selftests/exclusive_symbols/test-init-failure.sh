#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A provider whose init fails never binds and leaves the slot free
# (exclusive-symbols.rst, 5.1 and 6).

. "$(dirname "$0")/functions.sh"
require
cleanup_mods

t_init_fails() {
	local mod=$1 errtext=$2
	load_mod xsym_owner && load_mod xsym_cons_pre || return 1
	load_fails "$mod" "$errtext" || return 1
	expect_provider xsym_add fallback && consume xsym_cons_pre fallback || return 1
	# Nothing was left claimed: a good provider binds at once.
	load_mod xsym_prov_a && expect_provider xsym_add xsym_prov_a &&
	consume xsym_cons_pre xsym_prov_a || return 1
	cleanup_mods
}

step "C (init fails with -EIO) leaves the slot free" t_init_fails xsym_prov_c "Input/output error"
step "D (init says -ENODEV) leaves the slot free" t_init_fails xsym_prov_d "No such device"
finish
