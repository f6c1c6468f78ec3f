#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A provider refused after its init succeeded (its known-answer test
# failed) is taken down as rmmod would take it down, and is not freed while
# anything still holds what its init published; a slot's sysfs directory
# goes with its owner (Documentation/core-api/exclusive-symbols.rst,
# "5. What the loader does, step by step").

. "$(dirname "$0")/functions.sh"
. "$(dirname "$0")/crypto-functions.sh"
require
require_crypto
modprobe libchacha || skip_all "no libchacha module"
modprobe algif_skcipher 2>/dev/null

# An AF_ALG client that binds the algorithm as soon as it is registered
# and keeps the transform for $1 seconds; it creates the file $2 once it
# is polling, so that the provider is loaded only then (python starts
# slowly on a debug kernel under emulation).
alg_client() {
	python3 - "$1" "$2" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
open(sys.argv[2], "w").close()
deadline = time.time() + 60
while True:
    try:
        s.bind(("skcipher", "xsym-null-bad"))
        break
    except OSError:
        if time.time() > deadline:
            sys.exit("never bound xsym-null-bad")
        time.sleep(0.005)
print("client: bound xsym-null-bad", flush=True)
time.sleep(float(sys.argv[1]))
s.close()
PY
}

# start_client SECONDS: start alg_client in the background, its pid in
# $client, and return once it is polling.
start_client() {
	local i
	rm -f /tmp/xsym-alg-client
	alg_client "$1" /tmp/xsym-alg-client &
	client=$!
	for i in $(seq 600); do
		[ -e /tmp/xsym-alg-client ] && break
		sleep 0.1
	done
}

t_refused_while_referenced() {
	local client start took
	[ -e /proc/crypto ] || { skip "no crypto API"; return; }
	mark_log
	# The client holds the transform well past the provider's init,
	# which sleeps three seconds after registering (the client binds in
	# that window, slowly on a debug kernel), so that the refusal
	# always finds it held.
	start_client 5
	start=$(date +%s)
	load_fails xsym_bad_alg "Bad message" hold_ms=3000 || return 1
	took=$(($(date +%s) - start))
	wait $client || fail "the AF_ALG client did not bind" || return 1
	# Freed only after the client dropped its transform.
	[ "$took" -ge 4 ] || fail "insmod returned after ${took}s, before the client let go" ||
		return 1
	! grep -q xsym-null-bad /proc/crypto || fail "xsym-null-bad still registered" ||
		return 1
	expect_provider chacha_crypt_arch fallback &&
	expect_log <<-'LOG'
	exclusive_symbols: xsym_bad_alg: refused: failed the known-answer test of chacha
	xsym_bad_alg: refused; waiting for 1 references to it
	xsym_bad_alg: exit: algorithm unregistered
	LOG
}

# The loading task waits killably: killed while the transform is held,
# insmod returns at once, the module stays loaded without its exclusive
# exports (the group is free for the next provider), and rmmod removes it
# once the transform is dropped.
t_refused_loader_killed() {
	local client insmod i
	[ -e /proc/crypto ] || { skip "no crypto API"; return; }
	mark_log
	start_client 120
	insmod "$MODDIR/xsym_bad_alg.ko" hold_ms=3000 &
	insmod=$!
	for i in $(seq 300); do
		kernel_log_since_mark | grep -q "xsym_bad_alg: refused; waiting" && break
		sleep 0.1
	done
	kill -9 $insmod
	for i in $(seq 30); do
		kill -0 $insmod 2>/dev/null || break
		sleep 0.1
	done
	kill -0 $insmod 2>/dev/null && fail "insmod outlived kill -9 by 3 s" && return 1
	wait $insmod 2>/dev/null
	is_loaded xsym_bad_alg || fail "xsym_bad_alg is gone, its transform still held" ||
		return 1
	expect_provider chacha_crypt_arch fallback || return 1
	if provider_usable chacha_ssse3; then
		provide chacha_ssse3 && expect_provider chacha_crypt_arch chacha_ssse3 &&
			rmmod chacha_ssse3 || fail "the group stayed held" || return 1
	fi
	# The client is python, a child of the subshell that $client names.
	pkill -f /tmp/xsym-alg-client
	wait $client 2>/dev/null
	# The socket's transform is freed after the client exits.
	for i in $(seq 100); do
		[ "$(cat /sys/module/xsym_bad_alg/refcnt)" = 0 ] && break
		sleep 0.1
	done
	rmmod xsym_bad_alg || fail "rmmod xsym_bad_alg after the transform went" ||
		return 1
	! grep -q xsym-null-bad /proc/crypto || fail "xsym-null-bad still registered" ||
		return 1
	LOG_FILTER='/chacha_crypt_arch|hchacha_block_arch|chacha: (bound|unbound)/d' \
		expect_log <<-'LOG'
	exclusive_symbols: xsym_bad_alg: refused: failed the known-answer test of chacha
	xsym_bad_alg: refused; waiting for 1 references to it
	xsym_bad_alg: refused; left loaded without its exclusive exports: killed while waiting for 1 references to it
	xsym_bad_alg: exit: algorithm unregistered
	LOG
}

t_refused_without_exit() {
	load_refused xsym_bad_noexit "Bad message" \
		"xsym_bad_noexit: refused: failed the known-answer test of chacha" &&
	expect_provider chacha_crypt_arch fallback &&
	expect_provider hchacha_block_arch fallback
}

# The owner goes and comes back at once: the directory must be gone with
# it, not when the last reference to its kobject drops.
t_owner_reload() {
	local i
	for i in 1 2 3 4 5; do
		load_mod xsym_owner || return 1
		[ "$(slot_attr xsym_solo owner)" = xsym_owner ] || fail "no xsym_solo" ||
			return 1
		unload_mod xsym_owner || return 1
		[ ! -e "$SLOTS/xsym_solo" ] || fail "xsym_solo outlives its owner" ||
			return 1
	done
	! cat "$SLOTS/xsym_solo/provider" 2>/dev/null ||
		fail "an attribute of a removed slot is readable"
}

# An attribute held open across its owner's removal reads nothing.
t_open_attribute() {
	local out
	load_mod xsym_owner || return 1
	exec 3< "$SLOTS/xsym_solo/provider"
	unload_mod xsym_owner || return 1
	out=$(cat <&3 2>&1)
	exec 3<&-
	case $out in
	fallback) fail "read the slot's provider after its owner went" ;;
	esac
	load_mod xsym_owner && unload_mod xsym_owner
}

step "refused provider waits for the transform its init handed out" \
	t_refused_while_referenced
step "refused provider's loader killed while a transform is held" \
	t_refused_loader_killed
step "refused provider without init() or exit()" t_refused_without_exit
step "owner unloaded and reloaded at once, five times" t_owner_reload
step "attribute held open across its owner's removal" t_open_attribute
finish
