#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Verbs for the lib/crypto scenarios, on top of functions.sh: the x86
# providers, and the library modules whose init runs the upstream
# self-tests.

CRYPTO_PROVIDERS="chacha_ssse3 chacha_avx2 chacha_avx512vl poly1305_x86_64
		  curve25519_x86_64"
AUTOLOAD=/sys/module/module/parameters/exclusive_autoload

require_crypto() {
	[ -d "$SLOTS/blake2s_compress" ] ||
		skip_all "kernel without CONFIG_CRYPTO_LIB_EXCLUSIVE"
	# Scenarios choose the providers themselves.
	echo 0 > "$AUTOLOAD"
	unload_providers
}

unload_providers() {
	local m
	for m in libchacha20poly1305 libcurve25519 $CRYPTO_PROVIDERS; do
		is_loaded "$m" && rmmod "$m"
	done
	return 0
}

# provide MODULE: load a provider, which must bind.
provide() {
	modprobe "$1" || fail "modprobe $1" || return 1
	is_loaded "$1" || fail "$1 not loaded"
}

# selftest LIBRARY: (re)load a library module, whose init runs its
# upstream self-test and fails (WARN and -ENODEV) if it does not pass.
selftest() {
	is_loaded "$1" && { rmmod "$1" || return 1; }
	modprobe "$1" || fail "$1: self-test failed (see the kernel log)"
}

cpu_has() { grep -qw "$1" /proc/cpuinfo; }
