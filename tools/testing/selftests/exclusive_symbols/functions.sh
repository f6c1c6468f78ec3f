#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Verbs shared by the exclusive symbols selftests, in the manner of
# selftests/livepatch/functions.sh: load and unload modules, read the slots'
# sysfs, and compare the kernel log with the transcript a scenario expects.
# Each scenario is a function run by 'step', which prints one TAP line.

SLOTS=/sys/kernel/exclusive_symbols
MODDIR=${XSYM_MODDIR:-$(dirname "$(realpath "$0")")/test_modules}
XSYM_MODS="xsym_stress xsym_cons_post xsym_cons_pre xsym_prov_a xsym_prov_b
	   xsym_prov_c xsym_prov_d xsym_prov_e xsym_prov_solo xsym_bad_noimpl
	   xsym_bad_unknown xsym_bad_twice xsym_bad_size xsym_bad_inittext
	   xsym_prov_builtin xsym_bad_slot xsym_bad_chacha xsym_poly_seq
	   xsym_bad_midfunc xsym_bad_exitimpl xsym_bad_slotkey
	   xsym_bad_slottramp xsym_bad_slotdup xsym_bad_slotname
	   xsym_bad_slotgroup xsym_bad_alg xsym_bad_noexit xsym_bad_rewrite
	   xsym_bad_rwentry xsym_bad_pfx xsym_bad_slotshort xsym_bad_proprietary
	   xsym_bad_keyreach xsym_bad_keyreach_vml xsym_bad_retarget_mod
	   xsym_delay_release xsym_bad_initnoexit xsym_bad_trampkey
	   fallback xsym_owner"

__tests=0
__failed=0
__mark=0

# Diagnostics go to stdout as TAP comments; a scenario fails by 'fail'.
log() { echo "# $*"; }
fail() { log "FAIL: $*"; return 1; }
# skip REASON: as the last command of a scenario, which cannot run here.
skip() { echo "xsym-skip: $*"; return 4; }

skip_all() {
	echo "1..0 # SKIP $*"
	exit 4
}

require() {
	[ "$(id -u)" = 0 ] || skip_all "must run as root"
	# The kernel log shows where each script begins.
	echo "xsym-selftest: $(basename "$0")" > /dev/kmsg
	[ -d "$SLOTS" ] || skip_all "kernel without CONFIG_MODULE_EXCLUSIVE_SYMBOLS"
	[ -f "$MODDIR/xsym_owner.ko" ] || skip_all "test modules not built in $MODDIR"
	# A scenario starts without a pin, unless the boot command line set one.
	[ -n "${XSYM_BOOT_PIN:-}" ] || echo "" > /sys/module/module/parameters/exclusive_pin
	# and without the kernel's autoload, unless it tests that.
	echo 0 > /sys/module/module/parameters/exclusive_autoload
}

# step NAME FUNCTION [ARGS...]: run one scenario, print its TAP line.  A
# scenario that cannot run here says why with 'skip REASON'.
step() {
	local name=$1 out rc
	shift
	__tests=$((__tests + 1))
	out=$("$@" 2>&1)
	rc=$?
	[ -n "$out" ] && echo "$out" | grep -v '^xsym-skip: ' | sed 's/^/# /; s/^# # /# /'
	if [ $rc = 4 ]; then
		echo "ok $__tests $name # SKIP $(echo "$out" | sed -n 's/^xsym-skip: //p' | tail -1)"
	elif [ $rc = 0 ]; then
		echo "ok $__tests $name"
	else
		__failed=$((__failed + 1))
		echo "not ok $__tests $name"
	fi
}

finish() {
	echo "1..$__tests"
	cleanup_mods
	[ $__failed = 0 ]
}

is_loaded() { grep -q "^$1 " /proc/modules; }

cleanup_mods() {
	local m lp=/sys/kernel/livepatch/xsym_livepatch i
	# A livepatch goes only once it is disabled and its transition is over.
	if [ "$(cat $lp/enabled 2>/dev/null)" = 1 ]; then
		echo 0 > $lp/enabled
		for ((i = 0; i < 300; i++)); do
			[ -d $lp ] || break
			sleep 0.1
		done
	fi
	for m in xsym_livepatch $XSYM_MODS; do
		is_loaded "$m" && rmmod "$m" 2>/dev/null
	done
	return 0
}

load_mod() {
	local mod=$1
	shift
	insmod "$MODDIR/$mod.ko" "$@" || fail "insmod $mod $*"
}

unload_mod() {
	rmmod "$1" || fail "rmmod $1"
}

# load_fails MOD ERRNO-TEXT [ARGS...]: insmod must fail with that error and
# leave nothing of the module behind.
load_fails() {
	local mod=$1 want=$2 err
	shift 2
	if err=$(insmod "$MODDIR/$mod.ko" "$@" 2>&1); then
		fail "insmod $mod succeeded, expected: $want"
		return 1
	fi
	case $err in
	*"$want"*) ;;
	*) fail "insmod $mod: got '$err', expected '$want'"; return 1 ;;
	esac
	! is_loaded "$mod" || fail "$mod listed in /proc/modules after refusal" || return 1
	[ ! -e "/sys/module/$mod" ] || fail "/sys/module/$mod exists after refusal"
}

# load_refused MOD ERRNO-TEXT MESSAGE: refused, leaving no trace, with
# exactly one kernel message, MESSAGE (without its "exclusive_symbols: ").
load_refused() {
	mark_log
	load_fails "$1" "$2" || return 1
	expect_log <<<"exclusive_symbols: $3"
}

slot_attr() { cat "$SLOTS/$1/$2"; }

expect_provider() {
	local slot=$1 want=$2 got
	got=$(slot_attr "$slot" provider)
	[ "$got" = "$want" ] || fail "$slot provider is '$got', expected '$want'"
}

counter() { cat "/sys/module/$1/parameters/$2"; }

# consume CONSUMER WHO: call xsym_add through CONSUMER and check that the
# answer is right and that WHO (a provider module, or 'fallback') served it.
consume() {
	local cons=$1 who=$2 mod=$2 param=calls before after res
	if [ "$who" = fallback ]; then
		mod=xsym_owner param=fallback_calls
	fi
	before=$(counter "$mod" "$param")
	res=$(counter "$cons" add)
	after=$(counter "$mod" "$param")
	[ "$res" = 42 ] || fail "$cons: xsym_add(40, 2) = $res" || return 1
	[ "$after" = $((before + 1)) ] ||
		fail "$cons: the call did not reach $who ($param $before -> $after)"
}

# lsmod and sysfs tell the same story: every loaded provider is bound.
expect_truthful() {
	local slot prov
	for slot in "$SLOTS"/*; do
		prov=$(cat "$slot/provider")
		[ "$prov" = fallback ] || [ "$prov" = vmlinux ] || is_loaded "$prov" ||
			fail "$(basename "$slot") bound to $prov, which lsmod does not list" ||
			return 1
	done
	for prov in $(awk '{print $1}' /proc/modules); do
		modinfo_field "$prov" exclusive >/dev/null || continue
		grep -qx "$prov" "$SLOTS"/*/provider ||
			fail "lsmod lists provider $prov, bound to no slot" || return 1
	done
}

modinfo_field() {
	local f=$MODDIR/$1.ko
	[ -f "$f" ] || return 1
	modinfo -F "$2" "$f" | grep .
}

# mark_log; ...; expect_log <<EOF ... EOF: the kernel messages of the
# exclusive symbols core since the mark, without timestamps, must be the
# given transcript exactly.
mark_log() {
	__mark=$$-$BASHPID-$(date +%s%N)
	echo "xsym-selftest-mark-$__mark" > /dev/kmsg
}

kernel_log_since_mark() {
	dmesg --notime 2>/dev/null |
		sed -n "/xsym-selftest-mark-$__mark\$/,\$p" | sed 1d |
		grep -E "^(exclusive_symbols|xsym_)" |
		grep -v -e ": loading out-of-tree module taints kernel" \
			-e ": module verification failed: " || true
}

expect_log() {
	local want got
	want=$(cat)
	got=$(kernel_log_since_mark | sed -E "${LOG_FILTER:-}")
	[ "$got" = "$want" ] && return 0
	log "kernel log, expected:"
	echo "$want" | sed 's/^/#   /'
	log "got:"
	echo "$got" | sed 's/^/#   /'
	return 1
}
