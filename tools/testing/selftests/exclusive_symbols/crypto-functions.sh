#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Verbs for the lib/crypto scenarios, on top of functions.sh: the x86
# providers, and the library modules whose init runs the upstream
# self-tests.

# The x86 providers, one line each: the module, the slot its group is
# named by here, and the CPU flags (/proc/cpuinfo) its init asks for.
PROVIDER_TABLE="
chacha_ssse3		chacha_crypt_arch	ssse3
chacha_avx2		chacha_crypt_arch	ssse3 avx avx2
chacha_avx512vl		chacha_crypt_arch	ssse3 avx512vl avx512bw
poly1305_x86_64		poly1305_init_arch
curve25519_x86_64	curve25519_arch		bmi2 adx
"
CRYPTO_PROVIDERS=$(awk 'NF { print $1 }' <<<"$PROVIDER_TABLE")
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

# selftests_built: the libraries carry their upstream self-tests, which
# CONFIG_CRYPTO_MANAGER_DISABLE_TESTS=y (x86_64's defconfig) leaves out.
# libcurve25519 calls its slots only from its self-test: without it, it
# needs nothing of the owner, libcurve25519-generic.
selftests_built() {
	[ -n "$(modinfo -F depends libcurve25519 2>/dev/null)" ] ||
		skip "the libraries have no self-tests: CONFIG_CRYPTO_MANAGER_DISABLE_TESTS=y (the target's config turns it off)"
}

# selftest LIBRARY: (re)load a library module, whose init runs its
# upstream self-test and fails (WARN and -ENODEV) if it does not pass.
selftest() {
	is_loaded "$1" && { rmmod "$1" || return 1; }
	modprobe "$1" || fail "$1: self-test failed (see the kernel log)"
}

cpu_has() { grep -qw "$1" /proc/cpuinfo; }

# provider_slot MODULE: the slot of MODULE's group.
provider_slot() { awk -v m="$1" '$1 == m { print $2 }' <<<"$PROVIDER_TABLE"; }

# providers_of SLOT: the providers of SLOT's group, in the table's order.
providers_of() {
	awk -v s="$1" '$2 == s { print $1 }' <<<"$PROVIDER_TABLE" | tr '\n' ' '
}

# provider_usable MODULE: this CPU has every flag MODULE asks for.
provider_usable() {
	local f
	for f in $(awk -v m="$1" '$1 == m { $1 = $2 = ""; print }' <<<"$PROVIDER_TABLE"); do
		cpu_has "$f" || return 1
	done
}
