#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lib/crypto on exclusive providers: the upstream self-tests of the
# libraries against the fallbacks and again with each x86 provider bound,
# the known-answer gate, and Poly1305 messages that stay on the
# implementation they began on while providers come and go
# (exclusive-symbols.rst, 3.6 and 13).

. "$(dirname "$0")/functions.sh"
. "$(dirname "$0")/crypto-functions.sh"
require
require_crypto

t_builtin_blake2s() {
	# Bound after every built-in init, the boot-time self-test included.
	expect_provider blake2s_compress vmlinux &&
	[ "$(slot_attr blake2s_compress binds)" = 1 ] &&
	[ "$(slot_attr blake2s_compress group)" = blake2s ]
}

t_selftests_generic() {
	selftests_built || return
	selftest libchacha20poly1305 && selftest libcurve25519 &&
	expect_provider chacha_crypt_arch fallback &&
	expect_provider poly1305_init_arch fallback &&
	expect_provider curve25519_arch fallback
}

# selftests_with CHACHA-PROVIDER: the chacha group on one provider, the
# poly1305 and curve25519 groups on theirs.
t_selftests_with() {
	local p=$1
	selftests_built || return
	provider_usable "$p" ||
		skip "this CPU lacks $p's instructions (TCG emulates no AVX-512)" ||
		return
	is_loaded libchacha20poly1305 && rmmod libchacha20poly1305
	provide "$p" && provide poly1305_x86_64 && provide curve25519_x86_64 &&
	expect_provider chacha_crypt_arch "$p" &&
	expect_provider hchacha_block_arch "$p" &&
	expect_provider poly1305_final_arch poly1305_x86_64 &&
	expect_provider curve25519_base_arch curve25519_x86_64 &&
	selftest libchacha20poly1305 && selftest libcurve25519 || return 1
	rmmod libchacha20poly1305 libcurve25519 "$p" poly1305_x86_64 \
		curve25519_x86_64 && expect_provider chacha_crypt_arch fallback
}

t_kat_refuses() {
	mark_log
	load_fails xsym_bad_chacha "Bad message" || return 1
	LOG_FILTER='/taints kernel/d' expect_log <<-LOG || return 1
	exclusive_symbols: xsym_bad_chacha: refused: failed the known-answer test of chacha
	xsym_bad_chacha: exit
	LOG
	expect_provider chacha_crypt_arch fallback &&
	[ "$(slot_attr chacha_crypt_arch binds)" = "$CHACHA_BINDS" ] ||
		fail "binds changed: $(slot_attr chacha_crypt_arch binds)"
}

POLY=/sys/module/xsym_poly_seq/parameters

# Begun on poly1305_x86_64: the message pins the implementation with a
# per-CPU count, not a module reference (a write to a line every CPU
# shares).  rmmod does not block on it: while it waits (a second at
# most) new messages begin on the fallback, then it fails with the
# provider still bound, and the open message ends on poly1305_x86_64
# with the right tag.  Once it has ended, rmmod succeeds.
t_poly_unplug_mid_message() {
	local start took err
	provide poly1305_x86_64 && load_mod xsym_poly_seq || return 1
	echo begin > $POLY/step || return 1
	[ "$(cat /sys/module/poly1305_x86_64/refcnt)" = 0 ] ||
		fail "an open message took a module reference" || return 1
	mark_log
	start=$(date +%s%N)
	if err=$(rmmod poly1305_x86_64 2>&1); then
		fail "rmmod succeeded with a message open"
		return 1
	fi
	took=$((($(date +%s%N) - start) / 1000000))
	log "rmmod with a message open failed after $took ms: $err"
	[ "$took" -lt 5000 ] || fail "rmmod blocked for $took ms" || return 1
	expect_log <<-'LOG' || return 1
	exclusive_symbols: poly1305: stays bound to poly1305_x86_64: a sequence begun on it is still open
	LOG
	is_loaded poly1305_x86_64 && expect_provider poly1305_update_arch poly1305_x86_64 ||
		return 1
	# The provider still serves: a whole message begun now runs on it.
	echo finish > $POLY/step && [ "$(cat $POLY/result)" = ok ] ||
		fail "tag of the open message: $(cat $POLY/result)" || return 1
	echo begin > $POLY/step && echo finish > $POLY/step &&
	[ "$(cat $POLY/result)" = ok ] || fail "tag after: $(cat $POLY/result)" ||
		return 1
	rmmod poly1305_x86_64 || fail "rmmod poly1305_x86_64 failed" || return 1
	! is_loaded poly1305_x86_64 || fail "poly1305_x86_64 still loaded"
}

# Begun on the fallback: a provider bound meanwhile does not see it.
t_poly_bind_mid_message() {
	expect_provider poly1305_init_arch fallback &&
	echo begin > $POLY/step && provide poly1305_x86_64 &&
	expect_provider poly1305_init_arch poly1305_x86_64 &&
	echo finish > $POLY/step && [ "$(cat $POLY/result)" = ok ] ||
		fail "tag: $(cat $POLY/result)" || return 1
	# and a message begun now runs on the provider
	echo begin > $POLY/step && echo finish > $POLY/step &&
	[ "$(cat $POLY/result)" = ok ] && unload_mod xsym_poly_seq &&
	rmmod poly1305_x86_64
}

step blake2s-builtin-provider t_builtin_blake2s
step selftests-generic t_selftests_generic
for p in $(providers_of chacha_crypt_arch); do
	step "selftests-$p" t_selftests_with "$p"
done
CHACHA_BINDS=$(slot_attr chacha_crypt_arch binds)
step kat-refuses-wrong-provider t_kat_refuses
step poly1305-unplug-mid-message t_poly_unplug_mid_message
step poly1305-bind-mid-message t_poly_bind_mid_message
unload_providers
echo 1 > "$AUTOLOAD"
finish
