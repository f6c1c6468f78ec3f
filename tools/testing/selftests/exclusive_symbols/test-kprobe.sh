#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kprobes on both ends of a slot (exclusive-symbols.rst, 5.3): a probe on a
# bound provider's implementation fires on calls through the slot; the
# provider is removed with the probe armed (unbound first, the probe is
# dropped with the module's text, no splat) and the probe fires again once
# the provider is loaded again.  A probe on the fallback fires while no
# provider is bound.

. "$(dirname "$0")/functions.sh"
require
cleanup_mods

TR=/sys/kernel/tracing
[ -f "$TR/kprobe_events" ] || mount -t tracefs nodev "$TR" 2>/dev/null
[ -f "$TR/kprobe_events" ] || skip_all "kernel without CONFIG_KPROBE_EVENTS"

probes_off() {
	echo 0 > "$TR/events/xsym/enable" 2>/dev/null
	echo > "$TR/kprobe_events"
}
trap probes_off EXIT

# hits EVENT: how often the probe fired (kprobe_profile: event hits misses).
hits() { awk -v e="$1" '$1 == e { print $2 }' "$TR/kprobe_profile"; }

# fires EVENT WHO: one call through the slot, served by WHO, hits EVENT once.
fires() {
	local before after
	before=$(hits "$1")
	consume xsym_cons_pre "$2" || return 1
	after=$(hits "$1")
	[ "$after" = $((before + 1)) ] || fail "probe $1: hits $before -> $after"
}

t_probe_provider() {
	load_mod xsym_owner && load_mod xsym_cons_pre && load_mod xsym_prov_a || return 1
	echo 'p:xsym/prov_add xsym_prov_a:xsym_prov_add' >> "$TR/kprobe_events" &&
	echo 'p:xsym/generic_add xsym_owner:xsym_add_generic' >> "$TR/kprobe_events" &&
	echo 1 > "$TR/events/xsym/enable" || fail "cannot arm the probes" || return 1
	fires prov_add xsym_prov_a
}

t_rmmod_armed() {
	mark_log
	unload_mod xsym_prov_a || return 1
	expect_log <<-EOF || return 1
	exclusive_symbols: xsym_pair: unbound from xsym_prov_a, fallback restored
	EOF
	expect_provider xsym_add fallback && fires generic_add fallback || return 1
	grep -q 'xsym/prov_add' "$TR/kprobe_events" ||
		fail "the probe event went with the module"
}

t_rearm_on_load() {
	load_mod xsym_prov_a && expect_provider xsym_add xsym_prov_a || return 1
	fires prov_add xsym_prov_a
}

step "kprobe on a bound provider's implementation fires" t_probe_provider
step "rmmod of the provider with the probe armed: unbound, clean" t_rmmod_armed
step "the probe fires again when the provider is loaded again" t_rearm_on_load
finish
