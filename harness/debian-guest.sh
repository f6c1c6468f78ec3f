#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The real-boot test, inside the Debian images (harness/debian-image.sh
# installs it as xsym-realboot.service, run once the system is up), the
# same on the image whose initramfs initramfs-tools makes and on the one
# dracut makes.  Each boot writes its TAP to
# /var/lib/xsym-realboot/boot-<n>.tap and powers the machine off;
# harness/debian-boot.sh reads it from the disk image.
#
# Boot 1: the image as made: the owners of the crypto slots (wireguard's
#   dependencies, from an administrator's hook or force_drivers) and of
#   the test slots (xsym_owner) in the initramfs.
# Boot 2: after a policy change, xsym_owner moved from the initramfs to
#   /etc/modules-load.d, the initramfs made again with the documented
#   command (update-initramfs -u -k all; dracut --regenerate-all --force)
#   and a reboot, with the kernel's own requests off: the initramfs
#   script and the service bind every provider by themselves.  Then a
#   policy that the bound providers do not follow: the service says so.

set -u
S=/sys/kernel/exclusive_symbols
V=/var/lib/xsym-realboot
K=$(uname -r)
mkdir -p "$V"
n=$(($(cat "$V/boots" 2>/dev/null || echo 0) + 1))
echo "$n" > "$V/boots"
tap=$V/boot-$n.tap
exec 3> "$tap"
count=0
failed=0

ok() {
	count=$((count + 1))
	if [ "$1" = 0 ]; then
		echo "ok $count - boot $n: $2" >&3
	else
		echo "not ok $count - boot $n: $2" >&3
		failed=$((failed + 1))
	fi
}
diag() { sed 's/^/# /' >&3; }
provider() { cat "$S/$1/provider" 2>/dev/null || echo "(no slot)"; }

# expect SLOT PROVIDER: the slot is served by PROVIDER right now.
expect() {
	local got
	got=$(provider "$1")
	[ "$got" = "$2" ]
	ok $? "$1 is served by $2 (sysfs: $got)"
}

# bound_before_root GROUP PROVIDER: the kernel bound PROVIDER to GROUP
# before the initramfs mounted the root file system.
bound_before_root() {
	local log b m
	log=$(journalctl -b -k -o cat --no-pager -q)
	b=$(grep -n -m1 "^exclusive_symbols: $1: bound to $2\$" <<<"$log" | cut -d: -f1)
	m=$(grep -n -m1 '^EXT4-fs (vda): mounted filesystem' <<<"$log" | cut -d: -f1)
	[ -n "$b" ] && [ -n "$m" ] && [ "$b" -lt "$m" ]
	ok $? "$1 bound to $2 before the root file system was mounted (kernel log lines ${b:-none} and ${m:-none})"
}

if command -v update-initramfs >/dev/null; then
	gen=initramfs-tools
	list_initramfs() { lsinitramfs "$1"; }
else
	gen=dracut
	list_initramfs() { lsinitrd "$1"; }
fi

# in_initramfs MODULE yes|no: whether the current initramfs carries it.
# Listed once a boot: under TCG, lsinitrd takes tens of seconds.  dracut
# packs every module of arch/x86/crypto (the loaded ones in host-only
# mode) and of updates/ itself: there, only what must be there is checked.
in_initramfs() {
	local has=no list=$V/initramfs-$n.list
	if [ "$2" = no ] && [ $gen = dracut ]; then
		ok 0 "the initramfs may carry $1 # SKIP dracut packs crypto and updates/ modules itself"
		return
	fi
	[ -s "$list" ] || list_initramfs "/boot/initrd.img-$K" > "$list" 2>/dev/null
	grep -q "/${1//_/[-_]}\.ko" "$list" && has=yes
	[ "$has" = "$2" ]
	ok $? "the initramfs $([ "$2" = yes ] && echo carries || echo "does not carry") $1"
}

# No error from the kernel or modprobe in this boot's journal, and no unit
# failed.
journal_clean() {
	local kerr merr failed_units
	kerr=$(journalctl -b -k -p err --no-pager -q)
	[ -z "$kerr" ]
	ok $? "the journal holds no kernel message of priority err or worse"
	[ -z "$kerr" ] || diag <<<"$kerr"
	merr=$(journalctl -b --no-pager -q -o cat | grep -E 'modprobe: (ERROR|FATAL)')
	[ -z "$merr" ]
	ok $? "the journal holds no error from modprobe"
	[ -z "$merr" ] || diag <<<"$merr"
	# Warnings are allowed: the kernel's request for a slot whose
	# provider only the root file system has fails in the initramfs.
	journalctl -b -k -p warning --no-pager -q -o cat | grep exclusive_symbols | diag
	failed_units=$(systemctl --failed --no-legend --plain | awk '{ print $1 }')
	[ -z "$failed_units" ]
	ok $? "no unit failed${failed_units:+: $failed_units}"
}

# WireGuard: wg0 comes from systemd-networkd (/etc/systemd/network), its
# peer is set up here in a network namespace behind a veth pair.
wireguard() {
	local st
	st=$(networkctl status wg0 --no-pager 2>&1)
	grep -qE 'State: (routable|degraded)' <<<"$st"
	ok $? "systemd-networkd brought wg0 up at boot"
	grep -E 'State:|Address' <<<"$st" | diag
	ip netns add peer &&
	ip link add veth0 type veth peer name veth1 &&
	ip link set veth1 netns peer &&
	ip addr add 10.98.0.1/24 dev veth0 && ip link set veth0 up &&
	ip -n peer addr add 10.98.0.2/24 dev veth1 &&
	ip -n peer link set veth1 up && ip -n peer link set lo up &&
	ip -n peer link add wg1 type wireguard &&
	ip netns exec peer wg set wg1 listen-port 51821 \
		private-key /etc/xsym-realboot/peer.key \
		peer "$(cat /etc/xsym-realboot/wg0.pub)" allowed-ips 10.99.0.1/32 \
		endpoint 10.98.0.1:51820 &&
	ip -n peer addr add 10.99.0.2/24 dev wg1 && ip -n peer link set wg1 up
	ok $? "the peer's end of the tunnel is up in its namespace"
	local out i
	# The first ping starts the handshake; under emulation on a loaded
	# host an initiation can be lost and is only resent after 5 s
	# (REKEY_TIMEOUT): wait for the tunnel, 30 s at most, then count.
	for i in $(seq 15); do
		ping -c 1 -W 2 10.99.0.2 >/dev/null 2>&1 && break
	done
	out=$(ping -c 20 -i 0.2 -W 5 10.99.0.2 2>&1)
	grep -q ' 0% packet loss' <<<"$out"
	ok $? "20 pings through wg0 ($(grep -o '[0-9]* received' <<<"$out"))"
	wg show wg0 transfer | diag
	grep -q ' 0% packet loss' <<<"$out" || {
		wg show all
		ip -s link show wg0
		ip netns exec peer wg show all
		dmesg | tail -n 20
	} 2>&1 | diag
	ip netns del peer
}

# The service's warnings in this boot's journal (priority warning).
service_warnings() {
	journalctl -b -u exclusive-request.service -p warning -o cat --no-pager -q
}

# What the provider tools say when the policy or the modules are wrong.
policy_errors() {
	local out rc fake=/lib/modules/0.0.0-xsym-fake
	echo 'provider xsym_add xsym_no_such_module xsym_prov_b fallback' \
		> /etc/modprobe.d/00-xsym-typo.conf
	out=$(/usr/libexec/kmod/exclusive-candidates /nonexistent "$K" 2>&1 >/dev/null)
	rm -f /etc/modprobe.d/00-xsym-typo.conf
	grep -q 'provider xsym_add names xsym_no_such_module, which kernel .* does not have' <<<"$out"
	ok $? "a policy naming a module the kernel does not have is reported"
	diag <<<"$out"
	mkdir -p "$fake"
	cp "/lib/modules/$K/modules.alias" "$fake/"
	out=$(/usr/libexec/kmod/exclusive-candidates /nonexistent 0.0.0-xsym-fake 2>&1)
	rc=$?
	rm -rf "$fake"
	[ $rc != 0 ] && grep -q 'modules.symbols is missing' <<<"$out"
	ok $? "a missing modules.symbols is an error (exit $rc)"
	diag <<<"$out"
}

# mismatch: a policy the bound providers do not follow (curve25519 to
# its fallback, while curve25519_x86_64 is bound), and an initramfs made
# with another policy: the service says both in the journal.
mismatch() {
	local w
	sed -i 's/^provider curve25519_arch .*/provider curve25519_arch fallback/' \
		/etc/modprobe.d/exclusive.conf
	systemctl restart exclusive-request.service
	w=$(service_warnings)
	grep -q "curve25519.*: bound to curve25519_x86_64, which the policy does not choose" <<<"$w"
	ok $? "the service reports a provider the policy does not choose"
	grep -q "the initramfs this system booted was made with another policy" <<<"$w"
	ok $? "the service reports an initramfs made with another policy"
	diag <<<"$w"
	sed -i 's/^provider curve25519_arch .*/provider curve25519_arch curve25519_x86_64 fallback/' \
		/etc/modprobe.d/exclusive.conf
}

policy_1() {
	expect chacha_crypt_arch chacha_avx2
	bound_before_root "$(cat $S/chacha_crypt_arch/group)" chacha_avx2
	expect poly1305_init_arch poly1305_x86_64
	expect curve25519_arch curve25519_x86_64
	expect xsym_add xsym_prov_b
	bound_before_root xsym_pair xsym_prov_b
	in_initramfs chacha_avx512vl yes
	in_initramfs chacha_avx2 yes
	in_initramfs chacha_ssse3 no
	in_initramfs xsym_prov_b yes
	in_initramfs xsym_prov_a no
	# Installed after the initramfs was made, as by a later package:
	# only the root file system has it, and it binds after the switch.
	in_initramfs xsym_prov_solo no
	expect xsym_solo xsym_prov_solo
	journalctl -b -u exclusive-request.service -o cat --no-pager -q | diag
	[ -z "$(service_warnings)" ]
	ok $? "the service reports no provider against the policy"
}

policy_2() {
	[ "$(cat /sys/module/module/parameters/exclusive_autoload)" = N ]
	ok $? "the kernel's own provider requests are off (module.exclusive_autoload=0)"
	expect chacha_crypt_arch chacha_ssse3
	bound_before_root "$(cat $S/chacha_crypt_arch/group)" chacha_ssse3
	# provider poly1305_init_arch fallback: no request loads it.
	expect poly1305_init_arch fallback
	lsmod | grep -q '^poly1305_x86_64 '
	ok $((! $?)) "poly1305_x86_64 was not loaded"
	expect curve25519_arch curve25519_x86_64
	in_initramfs chacha_ssse3 yes
	in_initramfs chacha_avx2 no
	in_initramfs poly1305_x86_64 no
	# xsym_owner left the initramfs for /etc/modules-load.d: none of
	# its providers is in the initramfs, though the policy names them;
	# both bind from the root file system.
	in_initramfs xsym_owner no
	in_initramfs xsym_prov_b no
	in_initramfs xsym_prov_solo no
	expect xsym_add xsym_prov_b
	expect xsym_solo xsym_prov_solo
	journalctl -b -u exclusive-request.service -o cat --no-pager -q | diag
	[ -z "$(service_warnings)" ]
	ok $? "the service reports no provider against the policy"
}

echo "xsym-realboot: boot $n ($gen)" > /dev/console
journal_clean
case $n in
1)
	policy_1
	wireguard
	expect chacha_crypt_arch chacha_avx2
	sed -i -e 's/^provider chacha_crypt_arch .*/provider chacha_crypt_arch chacha_ssse3 fallback/' \
	       -e 's/^provider poly1305_init_arch .*/provider poly1305_init_arch fallback/' \
		/etc/modprobe.d/exclusive.conf
	diag < /etc/modprobe.d/exclusive.conf
	echo xsym_owner > /etc/modules-load.d/xsym.conf
	if [ $gen = dracut ]; then
		rm /etc/dracut.conf.d/50-xsym-owner.conf
		# Host-only from now on, as many systems run dracut: the
		# image was made generic; host-only also copies
		# /etc/modprobe.d, beside the module's own copy of the
		# lines.  And it is faster under TCG.
		echo 'hostonly="yes"' > /etc/dracut.conf.d/40-xsym-hostonly.conf
		dracut -q --regenerate-all --force >"$V/initramfs.log" 2>&1
		ok $? "dracut --regenerate-all --force after the policy change"
	else
		sed -i '/^xsym_owner$/d' /etc/initramfs-tools/modules
		update-initramfs -u -k all >"$V/initramfs.log" 2>&1
		ok $? "update-initramfs -u -k all after the policy change"
	fi
	diag < "$V/initramfs.log"
	;;
2)
	policy_2
	wireguard
	policy_errors
	mismatch
	;;
*)
	ok 1 "an unexpected boot"
	;;
esac
{
	echo "1..$count"
	cat "$tap"
} > "$tap.new" && mv "$tap.new" "$tap"
echo "xsym-realboot: boot $n: $count tests, $failed failed" > /dev/console
sync
systemctl --no-block poweroff
