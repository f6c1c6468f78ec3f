#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of a run-vm.sh guest.  The root is the host's, read-only over 9p;
# everything writable is tmpfs.  The command to run and its settings come
# from the output share; its exit status goes back there and to the console.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp TERM=${TERM:-linux}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /run
# The host's /tmp stays visible (a repository may live there), writes go
# to tmpfs.
mkdir -p /run/vm/tmp/upper /run/vm/tmp/work
chmod 1777 /run/vm/tmp/upper
mount -t overlay overlay \
	-o lowerdir=/tmp,upperdir=/run/vm/tmp/upper,workdir=/run/vm/tmp/work /tmp ||
	mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mkdir -p /dev/pts /dev/shm /run/netns
mount -t devpts devpts /dev/pts 2>/dev/null
mount -t tmpfs tmpfs /dev/shm

out=/run/vm/out
mkdir -p $out
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 vmout $out

# shellcheck source=/dev/null
set -a
. $out/env
set +a

# The host has no /lib/modules: lay the freshly built modules over /usr/lib
# so that modprobe finds them where it always looks.
if [ -n "${VM_MODROOT:-}" ] && [ -d "$VM_MODROOT/lib/modules" ]; then
	mount -t overlay overlay -o "ro,lowerdir=$VM_MODROOT/lib:/usr/lib" /usr/lib
fi

hostname vm 2>/dev/null
ip link set lo up 2>/dev/null
cd "${VM_CWD:-/}" || cd /

if [ -n "${VM_INTERACTIVE:-}" ]; then
	bash "$out/cmd" </dev/console >/dev/console 2>&1
	rc=$?
else
	# The output share gets the command's output unmixed with printk.
	bash "$out/cmd" </dev/null 2>&1 | tee "$out/output" >/dev/console
	rc=${PIPESTATUS[0]}
fi
echo $rc > $out/status
echo "run-vm: exit status $rc" > /dev/console
sync
umount $out 2>/dev/null
busybox reboot -f
