#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cpu-models.sh: run in a guest booted with one QEMU CPU model.  Each x86
# provider either binds or refuses with -ENODEV, as XSYM_CPU_EXPECT says:
# "provider:bind provider:nodev provider:auto ..." (auto: as /proc/cpuinfo
# says, for -cpu max, which is the host's CPU under KVM).  Nothing else is
# loaded, so a refusal can only be the provider's own.

. "$(dirname "$0")/functions.sh"
. "$(dirname "$0")/crypto-functions.sh"
require
require_crypto

SLOT_OF_chacha_ssse3=chacha_crypt_arch
SLOT_OF_chacha_avx2=chacha_crypt_arch
SLOT_OF_chacha_avx512vl=chacha_crypt_arch
SLOT_OF_poly1305_x86_64=poly1305_init_arch
SLOT_OF_curve25519_x86_64=curve25519_arch

NEEDS_chacha_ssse3="ssse3"
NEEDS_chacha_avx2="ssse3 avx avx2"
NEEDS_chacha_avx512vl="ssse3 avx512vl avx512bw"
NEEDS_poly1305_x86_64=""
NEEDS_curve25519_x86_64="bmi2 adx"

expected() {
	local var=NEEDS_$1 f
	[ "$2" = auto ] || { echo "$2"; return; }
	for f in ${!var}; do
		cpu_has "$f" || { echo nodev; return; }
	done
	echo bind
}

t_model() {
	local prov=$1 want slot var err
	want=$(expected "$prov" "$2")
	var=SLOT_OF_$prov
	slot=${!var}
	modprobe libchacha && modprobe libpoly1305 &&
	modprobe libcurve25519-generic || return 1
	expect_provider "$slot" generic || return 1
	if [ "$want" = bind ]; then
		provide "$prov" && expect_provider "$slot" "$prov" &&
		rmmod "$prov" && expect_provider "$slot" generic
		return
	fi
	if err=$(modprobe "$prov" 2>&1); then
		fail "$prov loaded, expected -ENODEV"
		return 1
	fi
	case $err in
	*"No such device"*) log "$prov: $err" ;;
	*) fail "$prov: '$err', expected No such device"; return 1 ;;
	esac
	expect_provider "$slot" generic
}

log "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
for e in $XSYM_CPU_EXPECT; do
	step "${XSYM_CPU_NAME:-cpu}-${e%%:*}-${e#*:}" t_model "${e%%:*}" "${e#*:}"
done
echo 1 > "$AUTOLOAD"
finish
