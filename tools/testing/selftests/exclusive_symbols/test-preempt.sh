#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A caller preempted inside the provider while the provider is removed:
# removal waits for it, the call returns the right answer, exit() runs
# after it, and the text is freed last (exclusive-symbols.rst, 5.2).  Both tasks are
# pinned to one CPU, so rmmod only runs while the caller is preempted.
# A kernel without preemption (PREEMPT_NONE: uname -v names no PREEMPT)
# cannot preempt the caller: there rmmod runs on a second CPU while the
# caller spins on the first, and the RCU grace period must cover it.

. "$(dirname "$0")/functions.sh"
require
cleanup_mods

t_preempted() {
	local res start end spin=1500 rmmod_cpu=0
	if ! uname -v | grep -q PREEMPT; then
		[ "$(nproc)" -ge 2 ] || skip "no preemption, and one CPU" ||
			return
		rmmod_cpu=1
		log "no preemption: rmmod runs on CPU 1"
	fi
	load_mod xsym_owner && load_mod xsym_cons_pre && load_mod xsym_prov_a spin_ms=$spin ||
		return 1
	taskset -c 0 cat /sys/module/xsym_cons_pre/parameters/add > /tmp/xsym_res &
	local caller=$!
	for ((i = 0; i < 100; i++)); do
		[ "$(counter xsym_prov_a inside)" = 1 ] && break
		sleep 0.01
	done
	[ "$(counter xsym_prov_a inside)" = 1 ] || fail "the caller never got inside" || return 1
	start=$(date +%s%N)
	taskset -c $rmmod_cpu rmmod xsym_prov_a || fail "rmmod while a caller is inside" || return 1
	end=$(date +%s%N)
	wait $caller || fail "the caller failed"
	res=$(cat /tmp/xsym_res)
	log "rmmod took $(((end - start) / 1000000)) ms while the caller spun ${spin} ms"
	[ "$res" = 42 ] || fail "preempted call returned '$res'" || return 1
	! is_loaded xsym_prov_a && expect_provider xsym_add fallback &&
	consume xsym_cons_pre fallback
}

step "provider removed while a preempted caller is inside it" t_preempted
finish
