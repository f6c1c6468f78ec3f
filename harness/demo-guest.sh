#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demonstration, inside the guest: the crypto library's slots, a
# modprobe.d policy choosing a ChaCha provider for this CPU, a second
# provider refused, and a WireGuard tunnel carrying traffic while the
# providers change under it.  DEMO_KMOD is the patched kmod's sbin.

S=/sys/kernel/exclusive_symbols
MP=$DEMO_KMOD/modprobe
ST=$(mktemp -d)
CRYPTO_SLOTS="chacha_crypt_arch poly1305_init_arch curve25519_arch blake2s_compress"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# run COMMAND...: show it, run it, indent what it prints.
run() {
	echo "\$ $*"
	"$@" 2>&1 | sed 's/^/   /'
	return "${PIPESTATUS[0]}"
}
note() { echo "   $*"; }
# klog: the kernel's messages about slots and providers since the last klog.
seen=$(dmesg | wc -l)
klog() {
	dmesg --notime | tail -n +$((seen + 1)) |
		grep -E '^(exclusive_symbols|chacha|poly1305|curve25519)' |
		sed 's/^/   kernel: /'
	seen=$(dmesg | wc -l)
}
slots() {
	local s
	printf '   %-20s %-18s %-11s %s\n' slot provider group owner
	for s in $CRYPTO_SLOTS; do
		printf '   %-20s %-18s %-11s %s\n' "$s" "$(cat $S/$s/provider)" \
			"$(cat $S/$s/group)" "$(cat $S/$s/owner)"
	done
}
nsx() { ip netns exec "$@"; }
if command -v ping >/dev/null; then PING=ping; else PING="busybox ping"; fi
umask 077

echo xsym-demo-begin
# The policy applies to the kernel's own requests too: it runs this modprobe.
echo "$MP" > /proc/sys/kernel/modprobe
echo 0 > /sys/module/module/parameters/exclusive_autoload
mkdir -p /run/modprobe.d

say "1. The crypto library's slots: calls reach the fallbacks"
run "$MP" -a libchacha libpoly1305 libcurve25519-generic
slots
note "(blake2s is built in, with its x86 provider: vmlinux holds it)"

say "2. A modprobe.d policy chooses the ChaCha provider for this CPU"
echo 'provider chacha_crypt_arch chacha_avx512vl chacha_avx2 chacha_ssse3' \
	> /run/modprobe.d/crypto.conf
run cat /run/modprobe.d/crypto.conf
grep -qw avx512vl /proc/cpuinfo || note "(this CPU has no AVX-512: chacha_avx512vl will decline)"
run "$MP" -v exclusive:chacha_crypt_arch
klog
slots | sed -n '1,2p'

say "3. A second provider is refused while one is bound"
run "$MP" chacha_ssse3
note "modprobe exit status: $?"
klog
run insmod "$(modinfo -n chacha_ssse3)"
klog

say "4. WireGuard carries traffic while the providers change under it"
run "$MP" wireguard
run "$MP" -a exclusive:poly1305_init_arch exclusive:curve25519_arch
klog
for ns in demo-a demo-b; do
	ip netns add $ns && ip -n $ns link set lo up
	wg genkey > "$ST/$ns.key" && wg pubkey < "$ST/$ns.key" > "$ST/$ns.pub"
done
ip link add dv-a netns demo-a type veth peer name dv-b netns demo-b
# wg_side NS VETH ADDR PEER-NS PEER-ADDR
wg_side() {
	ip -n $1 addr add 10.77.0.$3/24 dev $2 && ip -n $1 link set $2 up &&
	ip -n $1 link add wg0 type wireguard &&
	nsx $1 wg set wg0 listen-port 5182$3 private-key "$ST/$1.key" \
		peer "$(cat "$ST/$4.pub")" allowed-ips 10.78.0.$5/32 \
		endpoint 10.77.0.$5:5182$5 &&
	ip -n $1 addr add 10.78.0.$3/24 dev wg0 && ip -n $1 link set wg0 up
}
wg_side demo-a dv-a 1 demo-b 2 && wg_side demo-b dv-b 2 demo-a 1
note "tunnel demo-a 10.78.0.1 <-> demo-b 10.78.0.2 over WireGuard"
nsx demo-a $PING -q -c 1 -w 20 10.78.0.2 >/dev/null && note "handshake done"
# A background job ignores SIGINT: ping stops at its deadline instead.
note "pinging 20 times a second through the tunnel for 15 s, while:"
nsx demo-a $PING -q -i 0.05 -w 15 10.78.0.2 > "$ST/ping" 2>&1 &
pinger=$!
sleep 1
swap() { run "$@"; sleep 1; klog; }
swap rmmod chacha_avx2
swap "$MP" chacha_ssse3
swap "$MP" -r poly1305_x86_64
swap "$MP" -r chacha_ssse3
swap "$MP" -a exclusive:chacha_crypt_arch exclusive:poly1305_init_arch
wait $pinger
grep -E 'packets transmitted|packet loss' "$ST/ping" | sed 's/^/   ping: /'

say "5. lsmod and sysfs agree"
echo "\$ lsmod | grep -E '^(chacha|poly1305|curve25519)_'"
lsmod | grep -E '^(chacha|poly1305|curve25519)_' | sed 's/^/   /'
slots
for ns in demo-a demo-b; do ip netns del $ns; done
rm -rf "$ST"
