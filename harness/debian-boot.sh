#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debian-boot.sh IMAGEDIR RESULTS: the real-boot test.  Boots a copy of
# each Debian trixie image (harness/debian-image.sh) twice under QEMU,
# from its disk and with the initramfs its /boot holds, as a boot loader
# would load them: the second boot takes the initramfs that the image's
# generator made during the first, and has module.exclusive_autoload=0.
# IMAGEDIR has the image whose initramfs initramfs-tools makes
# (debian-boot-<n>), IMAGEDIR/dracut the one dracut makes
# (debian-dracut-boot-<n>); the two run side by side.
# harness/debian-guest.sh runs the checks in the guest; each boot's TAP
# is read back from the disk image.
#
# Writes RESULTS/tap/guest-<name>.tap (the guest's checks) and
# RESULTS/tap/boot-<name>.tap (the boot itself: no splat, no timeout, a
# TAP document), the consoles to RESULTS/console-<name>.log, and what it
# printed for each image to RESULTS/debian-boot.log and
# RESULTS/debian-dracut-boot.log.

set -uo pipefail
repo=$(dirname "$(dirname "$(realpath "$0")")")
images=$(realpath -m "$1")
results=$(realpath -m "$2")
slow=${SLOW:-1}
mkdir -p "$results/tap"

. "$repo/tools/testing/vm/splat.sh"

# dump PATH FILE: a file of the guest's disk, read without mounting it.
dump() { debugfs -R "dump $1 $2" "$work/disk.img" >/dev/null 2>&1 && [ -s "$2" ]; }

# boot N TIMEOUT [KERNEL ARGS]: no_timer_check, as bench.sh has it: a
# loaded host delays TCG's timer past the kernel's IO-APIC check.
# watchdog_thresh=60 (soft lockups reported after 120 s, not 20 s): on a
# loaded host the one QEMU thread of both vCPUs was starved long enough
# for "soft lockup - CPU#1 stuck for 26s" in clear_page_erms.
boot() {
	local n=$1 timeout=$2 extra=${3-} name=$prefix-$1 log rc verdict
	log=$results/console-$name.log
	echo "== guest: $name (Debian trixie from its disk image, $gen, $kver)"
	timeout -k 5 $((timeout * slow)) qemu-system-x86_64 \
		-accel tcg,thread=single -cpu max -smp 2 -m 1024 \
		-nodefaults -display none -no-reboot \
		-kernel "$img/vmlinuz" -initrd "$work/initrd.img" \
		-append "root=/dev/vda rw console=ttyS0 panic=-1 tsc=reliable systemd.firstboot=off no_timer_check watchdog_thresh=60 spectre_v2=retpoline retbleed=force,stuff$extra" \
		-drive file="$work/disk.img",format=raw,if=virtio \
		-serial stdio </dev/null >"$log" 2>&1
	rc=$?
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		verdict="not ok 1 guest:$name: killed after $((timeout * slow)) s"
	elif grep -aqE "$splat_re" "$log"; then
		verdict="not ok 1 guest:$name: kernel splat on the console"
		grep -aE -A 20 -m 1 "$splat_re" "$log" | sed 's/^/  | /'
	elif ! dump "/var/lib/xsym-realboot/boot-$n.tap" "$work/boot-$n.tap"; then
		verdict="not ok 1 guest:$name: the guest wrote no results (qemu status $rc)"
	else
		verdict="ok 1 guest:$name: boot clean, no splat"
	fi
	printf 'TAP version 13\n1..1\n%s\n' "$verdict" > "$results/tap/boot-$name.tap"
	if [ -s "$work/boot-$n.tap" ]; then
		{ echo "TAP version 13"; cat "$work/boot-$n.tap"; } \
			> "$results/tap/guest-$name.tap"
		grep -E '^(not )?ok' "$work/boot-$n.tap" | sed 's/^/  /'
	fi
	echo "$verdict"
	[[ $verdict == ok* ]]
}

# boots IMAGE PREFIX GENERATOR: the two boots of one image.
boots() {
	local rc
	img=$1 prefix=$2 gen=$3 work=$results/$2
	kver=$(cat "$img/kernelrelease")
	rm -rf "$work"
	mkdir -p "$work"
	cp --sparse=always "$img/disk.img" "$work/disk.img"
	cp "$img/initrd.img" "$work/initrd.img"
	boot 1 900 || return 1
	# The boot loader's part: the initramfs the generator left in /boot.
	dump "/boot/initrd.img-$kver" "$work/initrd.img" ||
		{ echo "debian-boot: no /boot/initrd.img-$kver on the disk after boot 1"; return 1; }
	# The kernel's own requests off: the initramfs script and the
	# service must bind everything by themselves.
	boot 2 600 " module.exclusive_autoload=0"
	rc=$?
	# Kept for a look when a boot failed.
	[ $rc != 0 ] || rm -rf "$work"
	return $rc
}

# The two images side by side: each guest is one TCG thread, and this
# often runs last in make check, when a core is free.
boots "$images" debian-boot initramfs-tools > "$results/debian-boot.log" 2>&1 &
p1=$!
boots "$images/dracut" debian-dracut-boot dracut > "$results/debian-dracut-boot.log" 2>&1 &
p2=$!
rc=0
wait $p1 || rc=1
wait $p2 || rc=1
cat "$results/debian-boot.log" "$results/debian-dracut-boot.log"
exit $rc
