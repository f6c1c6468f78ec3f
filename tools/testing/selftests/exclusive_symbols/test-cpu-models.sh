#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xsym-boot: --cpus 1 --qemu-opts='-cpu qemu64' --append XSYM_CPU_NAME=qemu64
# xsym-boot: --cpus 1 --qemu-opts='-cpu Nehalem' --append XSYM_CPU_NAME=Nehalem
# xsym-boot: --cpus 1 --qemu-opts='-cpu max' --append XSYM_CPU_NAME=max
#
# In a guest booted with one QEMU CPU model, named by XSYM_CPU_NAME (in
# the environment, or on the kernel command line as above), each
# x86 provider either binds or refuses with -ENODEV (exclusive-symbols.rst,
# 13), as the model's line below says: bind, nodev, or auto (as
# /proc/cpuinfo says, for -cpu max, which is the host's CPU under KVM, and
# for any boot that names no model).  Nothing else is loaded, so a
# refusal can only be the provider's own.  TCG emulates no AVX-512 at all.

. "$(dirname "$0")/functions.sh"
. "$(dirname "$0")/crypto-functions.sh"
require
require_crypto

EXPECT_qemu64="chacha_ssse3:nodev chacha_avx2:nodev chacha_avx512vl:nodev
	       curve25519_x86_64:nodev poly1305_x86_64:bind"
EXPECT_Nehalem="chacha_ssse3:bind chacha_avx2:nodev chacha_avx512vl:nodev
		curve25519_x86_64:nodev"
EXPECT_max="chacha_ssse3:auto chacha_avx2:auto chacha_avx512vl:auto
	    curve25519_x86_64:auto poly1305_x86_64:auto"

expected() {
	if [ "$2" != auto ]; then
		echo "$2"
	elif provider_usable "$1"; then
		echo bind
	else
		echo nodev
	fi
}

t_model() {
	local prov=$1 want slot err
	want=$(expected "$prov" "$2")
	slot=$(provider_slot "$prov")
	modprobe libchacha && modprobe libpoly1305 &&
	modprobe libcurve25519-generic || return 1
	expect_provider "$slot" fallback || return 1
	if [ "$want" = bind ]; then
		provide "$prov" && expect_provider "$slot" "$prov" &&
		rmmod "$prov" && expect_provider "$slot" fallback
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
	expect_provider "$slot" fallback
}

# Booted otherwise, as for -cpu max: /proc/cpuinfo says what to expect.
: "${XSYM_CPU_NAME:=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^XSYM_CPU_NAME=//p')}"
expect=EXPECT_${XSYM_CPU_NAME:=max}
[ -n "${!expect:-}" ] || skip_all "no expectations for CPU model $XSYM_CPU_NAME"
log "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
for e in ${!expect}; do
	step "$XSYM_CPU_NAME-${e%%:*}-${e#*:}" t_model "${e%%:*}" "${e#*:}"
done
echo 1 > "$AUTOLOAD"
finish
