#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The function tracers on both ends of a slot (exclusive-symbols.rst,
# 5.3): with the fallback and the providers' implementation traced by the
# function tracer, then by the function graph tracer, providers are bound
# and unbound while kernel threads call the slot.  Every answer is right,
# and the trace shows both ends.  The provider's function is named in the
# filter before each load (':mod:', ftrace applies it as the module comes
# and drops it as it goes).

. "$(dirname "$0")/functions.sh"
require
cleanup_mods

TR=/sys/kernel/tracing
CYCLES=${XSYM_FTRACE_CYCLES:-10}

[ -f "$TR/available_tracers" ] || mount -t tracefs nodev "$TR" 2>/dev/null
grep -qw function "$TR/available_tracers" 2>/dev/null ||
	skip_all "kernel without CONFIG_FUNCTION_TRACER"

tracing_off() {
	echo nop > "$TR/current_tracer"
	echo > "$TR/set_ftrace_filter"
	echo > "$TR/trace"
}
trap tracing_off EXIT

# traced FUNCTION: how often the trace buffer shows FUNCTION; empties it.
traced() {
	local n
	echo 0 > "$TR/tracing_on"
	n=$(grep -c "$1" "$TR/trace")
	echo > "$TR/trace"
	echo 1 > "$TR/tracing_on"
	echo "$n"
}

# trace_cycles TRACER: CYCLES bind/unbind cycles of providers A and B
# under 2 calling threads, with TRACER on the slot's functions; each
# phase, bound and unbound, must show in the trace.
trace_cycles() {
	local tracer=$1 i p errors hits_prov=0 hits_generic=0 n
	cleanup_mods
	tracing_off
	echo 64 > "$TR/buffer_size_kb"
	load_mod xsym_owner || return 1
	echo xsym_add_generic > "$TR/set_ftrace_filter" ||
		fail "set_ftrace_filter" || return 1
	echo "$tracer" > "$TR/current_tracer" || fail "current_tracer $tracer" || return 1
	load_mod xsym_stress threads=2 || return 1
	for ((i = 1; i <= CYCLES; i++)); do
		p=xsym_prov_a
		[ $((i % 2)) = 0 ] && p=xsym_prov_b
		echo "xsym_prov_add:mod:$p" >> "$TR/set_ftrace_filter" ||
			fail "cycle $i: set_ftrace_filter :mod:$p" || return 1
		load_mod $p || return 1
		grep -qE '^xsym_prov_add($|[[:space:]])' "$TR/set_ftrace_filter" ||
			fail "cycle $i: $p's xsym_prov_add not in the filter on load" ||
			return 1
		echo > "$TR/trace"
		sleep 0.1
		n=$(traced xsym_prov_add)
		[ "$n" -gt 0 ] || fail "cycle $i: no trace of $p's xsym_prov_add" || return 1
		hits_prov=$((hits_prov + n))
		unload_mod $p || return 1
		echo > "$TR/trace"
		sleep 0.05
		n=$(traced xsym_add_generic)
		[ "$n" -gt 0 ] || fail "cycle $i: no trace of the fallback" || return 1
		hits_generic=$((hits_generic + n))
	done
	errors=$(counter xsym_stress errors)
	log "$tracer: $CYCLES cycles, trace lines: xsym_prov_add $hits_prov," \
	    "xsym_add_generic $hits_generic; wrong answers $errors"
	unload_mod xsym_stress
	tracing_off
	[ "$errors" = 0 ] || fail "$errors wrong answers" || return 1
	expect_provider xsym_add fallback && unload_mod xsym_owner
}

t_function() { trace_cycles function; }

t_function_graph() {
	grep -qw function_graph "$TR/available_tracers" ||
		skip "kernel without CONFIG_FUNCTION_GRAPH_TRACER" || return
	trace_cycles function_graph
}

step "function tracer on fallback and provider, $CYCLES rebinds under calls" t_function
step "function graph tracer on fallback and provider, $CYCLES rebinds under calls" t_function_graph
finish
