#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the build, the guest and the tests need.
# Quiet when everything is there; as a plain user, name the command to run.

set -eu

pkgs="make gcc libc6-dev flex bison bc libelf-dev libssl-dev cpio xz-utils
      patch rsync perl python3 qemu-system-x86 busybox-static kmod
      iproute2 wireguard-tools"
[ -n "${KSRC:-}" ] || pkgs="$pkgs linux-source-6.12"

missing=
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || st=
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "missing packages:$missing; run as root: apt-get install --no-install-recommends$missing" >&2
	exit 1
fi

echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
