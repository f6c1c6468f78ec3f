#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two providers of one group loaded at the same moment, over and over:
# exactly one wins each round and nothing of the loser stays
# (exclusive-symbols.rst, 5.1).

. "$(dirname "$0")/functions.sh"
require
cleanup_mods
ROUNDS=${XSYM_RACE_ROUNDS:-200}

t_race() {
	local i ra rb winner loser
	load_mod xsym_owner || return 1
	for ((i = 1; i <= ROUNDS; i++)); do
		# Alternate who starts first, so that both get to win.
		if ((i % 2)); then
			insmod "$MODDIR/xsym_prov_a.ko" 2>/dev/null & pa=$!
			insmod "$MODDIR/xsym_prov_b.ko" 2>/dev/null & pb=$!
		else
			insmod "$MODDIR/xsym_prov_b.ko" 2>/dev/null & pb=$!
			insmod "$MODDIR/xsym_prov_a.ko" 2>/dev/null & pa=$!
		fi
		wait $pa; ra=$?
		wait $pb; rb=$?
		if [ $ra = 0 ] && [ $rb != 0 ]; then
			winner=xsym_prov_a loser=xsym_prov_b
		elif [ $rb = 0 ] && [ $ra != 0 ]; then
			winner=xsym_prov_b loser=xsym_prov_a
		else
			fail "round $i: insmod A=$ra B=$rb, expected one winner"
			return 1
		fi
		expect_provider xsym_add $winner && expect_provider xsym_sub $winner &&
		! is_loaded $loser && [ ! -e /sys/module/$loser ] ||
			fail "round $i: $loser left traces or $winner not bound" || return 1
		rmmod $winner || fail "round $i: rmmod $winner" || return 1
		wins[$winner]=$((${wins[$winner]:-0} + 1))
	done
	log "$ROUNDS rounds: xsym_prov_a won ${wins[xsym_prov_a]:-0}, xsym_prov_b won ${wins[xsym_prov_b]:-0}"
	expect_provider xsym_add fallback
}

declare -A wins
step "$ROUNDS rounds of racing loads, one winner each" t_race
finish
