#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the build, the guest and the tests need.
# Quiet when everything is there; as a plain user, name the command to run.
# With KMOD=1 (make kmod), also what building Debian 13's kmod source (meson,
# scdoc man pages) and running its testsuite (test modules built against the
# installed kernel headers) need; harness/kmod.sh fetches that source with a
# sources list of its own.
# With PLUGIN=1 (harness/count-plugin.sh), that deb-src entry for
# `apt-get source qemu` (the TCG plugin header).
# With DEB=1 (make deb), what dpkg-buildpackage needs for the kernel's
# packages (kmod's are built in a trixie chroot, which harness/kmod.sh
# makes with debootstrap's system and apt); with IMAGE=1 (the Debian
# image of the real-boot test, and that chroot), debootstrap.

set -eu

# clang-16, lld-16 and llvm-16 build the kCFI kernel; openssl makes the
# module signing key; qemu-user runs the instruction-count plugin's own
# test (harness/count-plugin.sh).
# virtme-ng (vng) boots the test kernels; it is Debian 13's package
# (architecture all, below), and its init wants udev and file.
pkgs="make gcc libc6-dev flex bison bc libelf-dev libssl-dev openssl cpio
      xz-utils patch rsync perl python3 qemu-system-x86 busybox-static kmod
      iproute2 wireguard-tools clang-16 lld-16 llvm-16 qemu-user udev file
      python3-argcomplete python3-requests python3-pkg-resources"
[ -n "${KSRC:-}" ] || pkgs="$pkgs linux-source-6.12"
# kmod's Build-Depends (apt-cache showsrc kmod) but debhelper and gtk-doc,
# plus what `apt-get source` and the patches (git apply: binary hunks) use.
[ -z "${KMOD:-}" ] || pkgs="$pkgs git dpkg-dev meson ninja-build scdoc
      pkg-config liblzma-dev libzstd-dev zstd zlib1g-dev pahole
      linux-headers-$(dpkg --print-architecture)"
[ -z "${DEB:-}" ] || pkgs="$pkgs dpkg-dev debhelper"
[ -z "${IMAGE:-}" ] || pkgs="$pkgs debootstrap e2fsprogs wireguard-tools"

# The deb-src twin of every enabled deb entry of the machine's sources, in
# deb822 (Debian 12) or one-line (sources.list) form.
srcfile=/etc/apt/sources.list.d/exclusive-symbols-src.sources
deb_src() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		if [ ! -f "$f" ] || [ "$f" = "$srcfile" ]; then
			continue
		fi
		awk 'function flush() {
			if (deb && uris != "" && on)
				printf "\nTypes: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n%s",
				       uris, suites, comps, signed
			deb = 0; on = 1; uris = suites = comps = signed = ""
		}
		BEGIN { flush() }
		/^#/ { next }
		/^[[:space:]]*$/ { flush(); next }
		/^[[:space:]]/ { if (k == "signed-by:") signed = signed $0 "\n"; next }
		{ k = tolower($1); v = $0; sub(/^[^:]*:[[:space:]]*/, "", v) }
		k == "types:" { deb = (" " v " ") ~ / deb / }
		k == "enabled:" { on = (v != "no") }
		k == "uris:" { uris = v }
		k == "suites:" { suites = v }
		k == "components:" { comps = v }
		k == "signed-by:" { signed = "Signed-By: " v "\n" }
		END { flush() }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f"
	done
}

missing=
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || st=
	[ "$st" = installed ] || missing="$missing $p"
done
need_src=
if [ -n "${PLUGIN:-}" ] && ! grep -qsE '^[[:space:]]*(deb-src|Types:.*deb-src)' \
	/etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	/etc/apt/sources.list.d/*.sources; then
	need_src=1
fi
need_vng=
st=$(dpkg-query -W -f='${db:Status-Status}' virtme-ng 2>/dev/null) || st=
[ "$st" = installed ] || need_vng=1
[ -z "$missing$need_src$need_vng" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	[ -z "$missing" ] ||
		echo "missing packages:$missing; run as root: apt-get install --no-install-recommends$missing" >&2
	[ -z "$need_src" ] ||
		echo "no deb-src entry for apt-get source qemu; run as root: harness/count-plugin.sh" >&2
	[ -z "$need_vng" ] ||
		echo "virtme-ng is not installed; run as root: make deps" >&2
	exit 1
fi

if [ -n "$need_src" ]; then
	src=$(deb_src)
	if [ -z "$src" ]; then
		echo "deps: no deb entry in /etc/apt to derive a deb-src entry from" >&2
		exit 1
	fi
	echo "adding $srcfile"
	printf '%s\n' "# deb-src twins of the deb entries, for apt-get source qemu" \
		"$src" > "$srcfile"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
if [ -n "$missing" ]; then
	echo "installing:$missing"
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
[ -n "$need_vng" ] || exit 0

# virtme-ng as Debian 13 packages it; its dependencies are Debian 12's.
echo "installing: virtme-ng (Debian 13's)"
. "$(dirname "$0")/debian-archive.sh"
vngdir=/var/cache/exclusive-symbols/trixie
rm -rf "$vngdir"
mkdir -p "$vngdir/deb"
chown _apt "$vngdir/deb" 2>/dev/null || true
(cd "$vngdir/deb" && apt_suite "$vngdir" trixie deb apt-get download virtme-ng) >/dev/null
apt-get install -y -q --no-install-recommends "$vngdir"/deb/virtme-ng_*_all.deb >/dev/null
