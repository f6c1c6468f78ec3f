#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debian-image.sh [--base] DIR: Debian 13 trixie systems on ext4 disk
# images, for the real-boot test (harness/debian-boot.sh), in DIR:
#   DIR/base/       debootstrap's system (systemd, udev, dbus, initramfs-tools,
#                   iproute2, wireguard-tools), kept while the package list
#                   is the same; DIR/dracut-debs/ dracut's packages, fetched
#                   with it (they replace initramfs-tools)
#   DIR/disk.img    the base with make deb's packages installed by dpkg
#                   (the kernel, kmod and libkmod2), its initramfs made by
#                   initramfs-tools, kept while its inputs are the same
#   DIR/vmlinuz, DIR/initrd.img, DIR/kernelrelease   its /boot's
#   DIR/dracut/     the same files for the same system with dracut in
#                   place of initramfs-tools, its initramfs made by dracut
#
# What the images add for the test (the packages add nothing of their own
# here): the policy in /etc/modprobe.d/exclusive.conf; wireguard in the
# initramfs from an administrator's hook (initramfs-tools:
# /etc/initramfs-tools/hooks/xsym-wireguard; dracut: force_drivers), and
# the test owner xsym_owner (/etc/initramfs-tools/modules;
# dracut.conf.d/50-xsym-owner.conf), so that their slots' owners are in
# the initramfs; wg0 in /etc/systemd/network; the test
# (harness/debian-guest.sh) as a service.  xsym_prov_solo is installed
# after the initramfs was made, as a later package would be.
#
# --base makes (or keeps) DIR/base only: make check has it made while the
# kernel builds.
#
# Environment (from the Makefile): BUILD, KSFT.

set -euo pipefail
repo=$(dirname "$(dirname "$(realpath "$0")")")
base_only=
[ "${1-}" != --base ] || { base_only=1; shift; }
dir=$(realpath -m "$1")
debs=$(realpath -m "${BUILD:-$repo/build}")/deb
suite=trixie
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
pkgs=systemd,systemd-sysv,udev,dbus,initramfs-tools,zstd,iproute2,wireguard-tools,iputils-ping,procps

die() { echo "debian-image: $*" >&2; exit 1; }

IMAGE=1 "$repo/harness/deps.sh"
mkdir -p "$dir"

# The base system, once per package list and mirror; and, for the dracut
# image, dracut with what it needs, downloaded into DIR/dracut-debs (it
# conflicts with initramfs-tools, so debootstrap cannot install both).
# One maker at a time (make check's background and kmod.sh deb, which
# copies the base into its build chroot under a shared lock).
base_stamp=$(echo "$suite $mirror $pkgs dracut" | sha256sum | cut -d' ' -f1)
exec 9>"$dir/base.lock"
flock 9
if [ "$(cat "$dir/base.stamp" 2>/dev/null)" != "$base_stamp" ]; then
	echo "  DEBOOTSTRAP $suite ($pkgs)"
	for m in dev sys proc; do
		umount -l "$dir/base.tmp/$m" 2>/dev/null || true
	done
	rm -rf --one-file-system "$dir/base" "$dir/base.tmp" "$dir/base.stamp" \
		"$dir/dracut-debs"
	debootstrap --variant=minbase --include="$pkgs" "$suite" \
		"$dir/base.tmp" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
		{ tail -20 "$dir/debootstrap.log" >&2; die "debootstrap failed"; }
	rm -rf "$dir/base.tmp/var/cache/apt/archives"/*.deb
	cp /etc/resolv.conf "$dir/base.tmp/etc/resolv.conf"
	echo "deb $mirror $suite main" > "$dir/base.tmp/etc/apt/sources.list"
	{
		chroot "$dir/base.tmp" apt-get -q update &&
		chroot "$dir/base.tmp" apt-get -q -y --download-only \
			--no-install-recommends install dracut
	} >>"$dir/debootstrap.log" 2>&1 ||
		{ tail -20 "$dir/debootstrap.log" >&2; die "apt-get: dracut's packages"; }
	mkdir -p "$dir/dracut-debs"
	mv "$dir/base.tmp/var/cache/apt/archives"/*.deb "$dir/dracut-debs/"
	rm -rf "$dir/base.tmp/var/lib/apt/lists"/*_Packages* \
		"$dir/base.tmp/var/cache/apt"/*.bin
	: > "$dir/base.tmp/etc/resolv.conf"
	mv "$dir/base.tmp" "$dir/base"
	echo "$base_stamp" > "$dir/base.stamp"
fi
exec 9>&-
[ -z "$base_only" ] || exit 0
mods=$(realpath -m "$KSFT")/exclusive_symbols/test_modules

kdeb=
for f in "$debs"/linux-image-*.deb; do
	[[ $f == *-dbg_* ]] || kdeb=$f
done
[ -f "$kdeb" ] || die "no kernel package in $debs (make deb)"
kmoddebs=("$debs"/kmod_*.deb "$debs"/libkmod2_*.deb)
for f in "${kmoddebs[@]}"; do
	[ -f "$f" ] || die "no kmod packages in $debs (make deb)"
done
for m in xsym_owner xsym_prov_a xsym_prov_b xsym_prov_solo; do
	[ -f "$mods/$m.ko" ] || die "no $mods/$m.ko (make testmods)"
done
kver=$(dpkg-deb -f "$kdeb" Package | sed 's/^linux-image-//')

stamp=$( { echo "$base_stamp"; cat "$0" "$repo/harness/debian-guest.sh";
	   sha256sum "$kdeb" "${kmoddebs[@]}" "$mods"/xsym_{owner,prov_a,prov_b,prov_solo}.ko; } |
	sha256sum | cut -d' ' -f1)

# The chroot's own /proc, /sys and /dev for dpkg's scripts and the
# initramfs generators; always taken down again.
mounted=()
cleanup() {
	local m
	for ((m = ${#mounted[@]} - 1; m >= 0; m--)); do
		umount -l "${mounted[m]}" 2>/dev/null || true
	done
	mounted=()
}
trap cleanup EXIT

# image OUT GENERATOR: the system with the packages in OUT/disk.img, its
# initramfs made by GENERATOR (initramfs-tools or dracut).
image() {
	local out=$1 gen=$2 root=$1/root log=$1/dpkg.log m f
	local inroot=()

	if [ "$(cat "$out/disk.stamp" 2>/dev/null)" = "$stamp" ] && [ -f "$out/disk.img" ]; then
		echo "  IMAGE   $out/disk.img ($gen, up to date)"
		return 0
	fi
	echo "  IMAGE   $out/disk.img ($gen)"
	mkdir -p "$out"
	rm -f "$out/disk.img" "$out/disk.stamp"
	# A run killed while the chroot's mounts were up leaves them behind:
	# take them down, and never let rm cross into them.
	for m in dev sys proc; do
		umount -l "$root/$m" 2>/dev/null || true
	done
	rm -rf --one-file-system "$root"
	cp -a "$dir/base" "$root"
	for m in proc sys dev; do
		mount --bind "/$m" "$root/$m"
		mounted+=("$root/$m")
	done
	in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

	# kmod first: its initramfs hook (or dracut module) must be there
	# when the kernel's package makes the initramfs.
	mkdir -p "$root/tmp/debs"
	cp "${kmoddebs[@]}" "$kdeb" "$root/tmp/debs/"
	for f in "${kmoddebs[@]}"; do
		inroot+=("/tmp/debs/${f##*/}")
	done
	in_root dpkg -i "${inroot[@]}" >"$log" 2>&1 ||
		{ cat "$log" >&2; die "dpkg -i kmod failed"; }

	cat > "$root/etc/modprobe.d/exclusive.conf" <<'EOC'
# Exclusive symbol providers (modprobe.d(5), provider)
provider chacha_crypt_arch chacha_avx512vl chacha_avx2 fallback
provider poly1305_init_arch poly1305_x86_64 fallback
provider curve25519_arch curve25519_x86_64 fallback
provider xsym_add xsym_prov_b fallback
provider xsym_solo xsym_prov_solo fallback
EOC
	if [ "$gen" = dracut ]; then
		# dracut replaces initramfs-tools (Conflicts).
		in_root dpkg --purge initramfs-tools initramfs-tools-core \
			initramfs-tools-bin >>"$log" 2>&1 ||
			{ cat "$log" >&2; die "dpkg --purge initramfs-tools failed"; }
		mkdir -p "$root/tmp/dracut-debs"
		cp "$dir/dracut-debs"/*.deb "$root/tmp/dracut-debs/"
		# Libraries first: e2fsprogs pre-depends on its own.
		in_root sh -c 'dpkg -i /tmp/dracut-debs/lib*.deb &&
			dpkg -i $(ls /tmp/dracut-debs/*.deb | grep -v /lib)' \
			>>"$log" 2>&1 || { cat "$log" >&2; die "dpkg -i dracut failed"; }
		mkdir -p "$root/etc/dracut.conf.d"
		echo 'force_drivers+=" wireguard "' > "$root/etc/dracut.conf.d/50-xsym-wireguard.conf"
		echo 'force_drivers+=" xsym_owner "' > "$root/etc/dracut.conf.d/50-xsym-owner.conf"
	else
		echo xsym_owner >> "$root/etc/initramfs-tools/modules"
		# An administrator's hook adding a module with owners: it runs
		# after the package's hooks, and still gets the providers.
		cat > "$root/etc/initramfs-tools/hooks/xsym-wireguard" <<'EOC'
#!/bin/sh
# WireGuard in the initramfs, loaded there.
case $1 in prereqs) exit 0 ;; esac
. /usr/share/initramfs-tools/hook-functions
force_load wireguard
EOC
		chmod 755 "$root/etc/initramfs-tools/hooks/xsym-wireguard"
	fi
	in_root dpkg -i "/tmp/debs/${kdeb##*/}" >>"$log" 2>&1 ||
		{ cat "$log" >&2; die "dpkg -i ${kdeb##*/} failed"; }
	[ -f "$root/boot/initrd.img-$kver" ] ||
		{ cat "$log" >&2; die "the kernel's package made no initramfs"; }

	# The test slots' modules, as a package of extra modules would
	# install them (DKMS does the same): depmod, then the initramfs
	# again.  Then xsym_prov_solo, as a later package that did not
	# update the initramfs.
	upd=$root/lib/modules/$kver/updates/exclusive-symbols
	mkdir -p "$upd"
	cp "$mods"/xsym_{owner,prov_a,prov_b}.ko "$upd/"
	in_root depmod -a "$kver"
	if [ "$gen" = dracut ]; then
		in_root dracut -q -f "/boot/initrd.img-$kver" "$kver" >>"$log" 2>&1
	else
		in_root update-initramfs -u -k "$kver" >>"$log" 2>&1
	fi || { cat "$log" >&2; die "making the initramfs failed"; }
	cp "$mods/xsym_prov_solo.ko" "$upd/"
	in_root depmod -a "$kver"
	rm -rf "$root/tmp/debs" "$root/tmp/dracut-debs"

	# The system: no first-boot questions, root on the virtio disk, wg0
	# from systemd-networkd.
	echo xsym-realboot > "$root/etc/hostname"
	echo 0123456789abcdef0123456789abcdef > "$root/etc/machine-id"
	echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' > "$root/etc/fstab"
	mkdir -p "$root/etc/xsym-realboot" "$root/etc/systemd/network"
	umask 077
	wg genkey > "$root/etc/xsym-realboot/wg0.key"
	wg genkey > "$root/etc/xsym-realboot/peer.key"
	wg pubkey < "$root/etc/xsym-realboot/wg0.key" > "$root/etc/xsym-realboot/wg0.pub"
	cat > "$root/etc/systemd/network/50-wg0.netdev" <<EOC
[NetDev]
Name=wg0
Kind=wireguard

[WireGuard]
PrivateKey=$(cat "$root/etc/xsym-realboot/wg0.key")
ListenPort=51820

[WireGuardPeer]
PublicKey=$(wg pubkey < "$root/etc/xsym-realboot/peer.key")
AllowedIPs=10.99.0.2/32
Endpoint=10.98.0.2:51821
EOC
	umask 022
	chmod 640 "$root/etc/systemd/network/50-wg0.netdev"
	in_root chgrp systemd-network /etc/systemd/network/50-wg0.netdev
	cat > "$root/etc/systemd/network/50-wg0.network" <<'EOC'
[Match]
Name=wg0

[Network]
Address=10.99.0.1/24
EOC
	install -m 755 "$repo/harness/debian-guest.sh" "$root/usr/local/sbin/xsym-realboot-check"
	cat > "$root/etc/systemd/system/xsym-realboot.service" <<'EOC'
[Unit]
Description=Exclusive symbols: the real-boot test
After=multi-user.target systemd-networkd.service exclusive-request.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/xsym-realboot-check
StandardOutput=journal+console

[Install]
WantedBy=multi-user.target
EOC
	in_root systemctl -q enable systemd-networkd.service xsym-realboot.service
	in_root systemctl -q mask systemd-networkd-wait-online.service serial-getty@ttyS0.service
	cleanup

	cp "$root/boot/vmlinuz-$kver" "$out/vmlinuz"
	cp "$root/boot/initrd.img-$kver" "$out/initrd.img"
	echo "$kver" > "$out/kernelrelease"
	mkfs.ext4 -q -F -L root -d "$root" "$out/disk.img.tmp" 2G >/dev/null
	mv "$out/disk.img.tmp" "$out/disk.img"
	rm -rf --one-file-system "$root"
	echo "$stamp" > "$out/disk.stamp"
	echo "  IMAGE   $out/disk.img ($gen, $kver, $(du -h --apparent-size "$out/initrd.img" | cut -f1) initramfs)"
}

image "$dir" initramfs-tools
image "$dir/dracut" dracut
trap - EXIT
