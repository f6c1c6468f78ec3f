#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kmod.sh build: fetch Debian 13's kmod source once (apt-get source, with a
#   sources list of its own: the machine's apt sources stay as they are),
#   apply Debian's quilt series and ours (patches/kmod/series, no fuzz),
#   build it with meson and install it into build/kmod/install.  The guest
#   runs build/kmod/install/sbin/modprobe, modinfo and depmod (symlinks to
#   bin/kmod, which has libkmod built in) at their host path.
# kmod.sh check [--tap FILE]: run kmod's own testsuite (meson test) in the
#   patched tree; one TAP line per kmod test case.  Non-zero on failure.
#   Its test modules are built against the newest kernel headers installed
#   (linux-headers-<arch>), or KDIR.
# kmod.sh deb [--tap FILE]: kmod as Debian builds it: Debian's source
#   package with our series added to its debian/patches and the packaging
#   changes of patches/kmod-debian/, built with dpkg-buildpackage (which
#   runs kmod's testsuite; --tap reports its cases) into build/deb/, in a
#   trixie chroot (build/kmod/chroot: debian-image.sh's debootstrap with
#   the package's Build-Depends installed by apt, kept while both are the
#   same), so that the packages link against trixie's libraries and
#   depend on their trixie versions.
#
# The tree is extracted afresh whenever the series, a patch or this script
# changes; otherwise ninja only rebuilds what changed.

set -eu

repo=$(dirname "$(dirname "$(realpath "$0")")")
build=$(realpath -m "${BUILD:-$repo/build}")
top=$build/kmod
dl=$top/dl
aptdir=$top/apt
src=$top/src
obj=$top/obj
inst=$top/install
series=$repo/patches/kmod/series
debseries=$repo/patches/kmod-debian/series
debdir=$build/deb
imagedir=$build/image
root=$top/chroot
# Debian 13's kmod, from the suite below; if the archive moved on, the
# newest is taken and the series must still apply with no fuzz.
suite=${KMOD_SUITE:-trixie}
version=${KMOD_VERSION:-34.2-2}
# Paths as Debian's: the guest's modprobe reads the host's /etc and
# /usr/lib/modprobe.d and /lib/modules.  No docs (gtk-doc), no shell
# completions (they would go to the host's directories).
mesonflags="--prefix=/usr --sysconfdir=/etc --buildtype=plain
	    -Dbuild-tests=true -Ddocs=false -Dmanpages=true
	    -Dzstd=enabled -Dxz=enabled -Dzlib=enabled -Dopenssl=enabled
	    -Dbashcompletiondir=no -Dfishcompletiondir=no -Dzshcompletiondir=no"

die() { echo "kmod.sh: $*" >&2; exit 1; }

series_names() {
	[ -f "$1" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}

patch_names() { series_names "$series"; }

# The machine's Debian archive, for the suite above (debian-archive.sh).
. "$repo/harness/debian-archive.sh"
archive() { debian_archive deb-src "$suite"; }

# apt with the private sources list and package lists of $aptdir
apt_own() {
	local cmd=$1

	shift
	"$cmd" -q -o Dir::Etc::SourceList="$aptdir/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$aptdir/lists" \
		-o Dir::Cache="$aptdir/cache" "$@"
}

# The archive may no longer serve the .dsc that its Sources index names
# (the orig and debian tarballs it still does).  The index is what apt
# verified against the signed Release file, so the .dsc's fields and the
# tarballs' checksums are taken from there, unsigned.
dsc_from_index() {
	local ver=$1

	apt_own apt-cache showsrc kmod | awk -v ver="$ver" '
		/^$/ { if (ok) exit; n = 0; next }
		/^[^ ]/ { k = $1; keep = (k ~ /^(Package|Binary|Architecture|Version|Maintainer|Build-Depends|Format|Files|Checksums-Sha256):$/) }
		/^Version:/ { ok = ($2 == ver) }
		/^ / && / [^ ]+\.dsc$/ { next }
		keep { sub(/^Package:/, "Source:"); line[++n] = $0 }
		END { if (ok) for (i = 1; i <= n; i++) print line[i] }'
}

fetch() {
	local ver dsc

	ls "$dl"/kmod_*.dsc >/dev/null 2>&1 && return 0
	rm -rf "$dl" "$aptdir"
	mkdir -p "$dl" "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	archive > "$aptdir/sources.list"
	echo "  FETCH   kmod $version ($suite, apt-get source: $(cut -d' ' -f3 "$aptdir/sources.list"))"
	# _apt fetches into directories it can write, without a warning.
	chown -R _apt "$dl" "$aptdir/lists" 2>/dev/null || true
	{
		apt_own apt-get update &&
		(cd "$dl" && { apt_own apt-get source --download-only "kmod=$version" ||
			       apt_own apt-get source --download-only kmod; })
	} >"$top/fetch.log" 2>&1 || true
	ver=$(ls "$dl"/kmod_*.debian.tar.* 2>/dev/null | sed -n 's/.*kmod_\(.*\)\.debian\.tar\..*/\1/p' | tail -1)
	if [ -z "$ver" ] || ! ls "$dl"/kmod_*.orig.tar.* >/dev/null 2>&1; then
		cat "$top/fetch.log" >&2
		die "apt-get source kmod ($suite) failed"
	fi
	dsc=$dl/kmod_$ver.dsc
	if [ ! -f "$dsc" ]; then
		echo "  FETCH   kmod_$ver.dsc: not served, made from the verified Sources index"
		dsc_from_index "$ver" > "$dsc.new"
		grep -q '^Checksums-Sha256:' "$dsc.new" ||
			die "kmod $ver is not in the $suite Sources index"
		(cd "$dl" && awk '/^Checksums-Sha256:/ { on = 1; next } /^[^ ]/ { on = 0 }
			on { print $1 "  " $3 }' "$dsc.new" | sha256sum --quiet -c) ||
			die "kmod $ver: tarballs do not match the Sources index"
		mv "$dsc.new" "$dsc"
	fi
}

stamp() {
	{
		cat "$0"
		echo "$mesonflags"
		ls "$dl"/kmod_*.dsc
		for p in $(patch_names); do
			echo "$p"
			cat "$repo/patches/kmod/$p"
		done
	} | sha256sum | cut -d' ' -f1
}

# dpkg-source applies Debian's own quilt series (debian/patches) itself.
extract() {
	local p new=$top/src.new

	echo "  EXTRACT kmod $(basename "$dl"/kmod_*.dsc .dsc)"
	rm -rf "$src" "$new"
	dpkg-source -q -x "$dl"/kmod_*.dsc "$new" >"$top/extract.log" 2>&1 ||
		{ cat "$top/extract.log" >&2; die "dpkg-source -x failed"; }
	git -C "$new" init -q
	for p in $(patch_names); do
		[ -f "$repo/patches/kmod/$p" ] ||
			die "patches/kmod/series names '$p', which does not exist"
		if ! out=$(git -C "$new" apply --whitespace=nowarn \
				"$repo/patches/kmod/$p" 2>&1); then
			echo "$out" >&2
			die "patches/kmod/$p does not apply to Debian's kmod"
		fi
	done
	mv "$new" "$src"
}

configure() {
	echo "  CONFIG  kmod (meson)"
	rm -rf "$obj"
	# shellcheck disable=SC2086
	meson setup $mesonflags "$obj" "$src" >"$top/configure.log" 2>&1 || {
		tail -30 "$top/configure.log" >&2
		die "configuring kmod failed, see $top/configure.log"
	}
}

# The kernel tree kmod's test modules are built against, as Debian's
# debian/rules finds it: the newest /usr/lib/modules/*/build.
kdir() {
	[ -z "${KDIR:-}" ] || { echo "$KDIR"; return; }
	find /usr/lib/modules/ -maxdepth 2 -mindepth 2 -name build 2>/dev/null |
		sort -V | tail -1
}

do_build() {
	local s t

	KMOD=1 "$repo/harness/deps.sh"
	fetch
	s=$(stamp)
	if [ "$(cat "$top/stamp" 2>/dev/null)" != "$s" ] || [ ! -d "$src" ]; then
		rm -f "$top/stamp"
		extract
		configure
		echo "$s" > "$top/stamp"
	fi
	# With the testsuite declared, ninja also builds its test modules.
	KDIR=$(kdir)
	[ -n "$KDIR" ] && [ -d "$KDIR/" ] ||
		die "no kernel headers for kmod's test modules (apt-get install linux-headers-$(dpkg --print-architecture), or KDIR=)"
	export KDIR
	echo "  NINJA   kmod"
	nice -n 10 ninja -C "$obj" -j "${JOBS:-1}" >"$top/make.log" 2>&1 || {
		tail -30 "$top/make.log" >&2
		die "building kmod failed, see $top/make.log"
	}
	# Staged, then moved under $inst: nothing goes to the host's /etc.
	rm -rf "$top/stage" "$inst"
	DESTDIR="$top/stage" meson install -C "$obj" --no-rebuild >>"$top/make.log" 2>&1 ||
		die "installing kmod failed, see $top/make.log"
	mv "$top/stage/usr" "$inst"
	rm -rf "$top/stage"
	mkdir -p "$inst/sbin"
	for t in modprobe modinfo depmod insmod rmmod lsmod; do
		ln -sf ../bin/kmod "$inst/sbin/$t"
	done
	echo "  KMOD    $inst/sbin/modprobe"
}

# kmod's test binaries run many cases each; the .log of every binary says
# "TESTSUITE: running <name>, ..." and then one verdict for the case
# (PASSED, EXPECTED FAIL, SKIPPED, FAILED, UNEXPECTED PASS).  Output buffered
# before a fork shows up again in the log, so the first verdict counts.  A
# case that was started but got no verdict (its binary crashed) fails,
# but for an expected failure (kmod names them xfail_*) that a signal ended
# in a binary that passed: kmod's testsuite prints no verdict for those.
tap_from_logs() {
	awk '
	function add(name, ok, note) {
		if ((FILENAME, name) in done)
			return
		done[FILENAME, name] = 1
		n++
		line[n] = (ok ? "ok " : "not ok ") n " - " name note
		failed += !ok
	}
	function flush(   name) {
		for (name in started)
			if (binok && name ~ /^xfail_/)
				add(name, 1, " # expected failure (ended by a signal)")
			else
				add(name " (no verdict in " file ")", 0, "")
		delete started
	}
	FNR == 1 { flush(); file = FILENAME; sub(/.*\//, "", file); binok = 0 }
	/^result: +exit status 0$/ { binok = 1 }
	{ gsub(/\033\[[0-9;]*m/, "") }
	# A child writing at the same moment can cut a "running" line short:
	# only an intact one ("running <name>, ...") names a case.
	/^TESTSUITE: running [^ ]+,/ { name = $3; sub(/,$/, "", name)
		if (!((FILENAME, name) in done)) started[name] = 1; next }
	/^TESTSUITE: (ERR: )?(PASSED|FAILED|EXPECTED FAIL|UNEXPECTED PASS|SKIPPED):/ {
		name = $NF; delete started[name]
		if ($0 ~ /PASSED: [^ ]+$/ && $0 !~ /UNEXPECTED/) add(name, 1, "")
		else if ($0 ~ /EXPECTED FAIL: [^ ]+$/ && $0 !~ /UNEXPECTED/)
			add(name, 1, " # expected failure")
		else if ($0 ~ /SKIPPED: /) add(name, 1, " # SKIP")
		else add(name, 0, "")
	}
	END {
		flush()
		print "1.." n
		for (i = 1; i <= n; i++)
			print line[i]
		exit failed > 0
	}' "$@"
}

# meson's testlog.txt holds every test binary's output in turn, each after
# a "test: <name>" line: one .log per binary for tap_from_logs.
split_testlog() {
	local log=$1 dir=$2

	rm -rf "$dir"
	mkdir -p "$dir"
	awk -v dir="$dir" '/^test: +/ { f = dir "/" $2 ".log" } f { print > f }' "$log"
}

do_check() {
	local tap=$1 rc=0 logs

	do_build
	echo "  CHECK   kmod testsuite (test modules: $KDIR)"
	nice -n 10 meson test -C "$obj" --num-processes 1 \
		>"$top/check.log" 2>&1 || rc=1
	[ -f "$obj/meson-logs/testlog.txt" ] ||
		{ tail -30 "$top/check.log" >&2; die "no test logs"; }
	split_testlog "$obj/meson-logs/testlog.txt" "$top/testlogs"
	logs=$(ls "$top"/testlogs/test-*.log 2>/dev/null || true)
	[ -n "$logs" ] || { tail -30 "$top/check.log" >&2; die "no test logs"; }
	mkdir -p "$(dirname "$tap")"
	# shellcheck disable=SC2086
	tap_from_logs $logs > "$tap" || rc=1
	grep -E '^(Ok|Expected Fail|Fail|Unexpected Pass|Skipped|Timeout): ' "$top/check.log" |
		tr -s ' ' | tr '\n' ' ' | sed 's/ *$/\n/'
	grep '^not ok' "$tap" || true
	echo "kmod testsuite: $(grep -c '^ok' "$tap") passed," \
	     "$(grep -c '^not ok' "$tap") failed (TAP: $tap)"
	[ $rc = 0 ] || echo "kmod testsuite failed, see $top/check.log" >&2
	return $rc
}

# The series goes into Debian's quilt series as quilt would leave it
# after a push: in debian/patches/series and .pc/applied-patches, so that
# dpkg-source takes it as applied.  quilt itself cannot apply it (the
# testsuite's module index files are binary hunks), git apply can.
deb_extract() {
	local d=$1 p

	dpkg-source -q -x "$dl"/kmod_*.dsc "$d" >"$top/deb-extract.log" 2>&1 ||
		{ cat "$top/deb-extract.log" >&2; die "dpkg-source -x failed"; }
	# A repository of its own: inside ours, git apply would skip paths.
	git -C "$d" init -q
	mkdir -p "$d/debian/patches/exclusive-symbols"
	printf '\n# Exclusive symbol providers\n' >> "$d/debian/patches/series"
	for p in $(patch_names); do
		cp "$repo/patches/kmod/$p" "$d/debian/patches/exclusive-symbols/"
		(cd "$d" && git apply --whitespace=nowarn "$repo/patches/kmod/$p") ||
			die "patches/kmod/$p does not apply to Debian's kmod"
		echo "exclusive-symbols/$p" >> "$d/debian/patches/series"
		echo "exclusive-symbols/$p" >> "$d/.pc/applied-patches"
	done
	for p in $(series_names "$debseries"); do
		(cd "$d" && git apply --whitespace=nowarn "$repo/patches/kmod-debian/$p") ||
			die "patches/kmod-debian/$p does not apply to Debian's kmod"
	done
}

# The build chroot's mounts: /proc, /dev and the source package's
# directory at /build/kmod.  Always taken down again, also those a killed
# run left behind.
chroot_down() {
	local m

	awk -v r="$root" 'index($2, r "/") == 1 || index($2, r ".tmp/") == 1 { print $2 }' \
		/proc/self/mounts | sort -r | while read -r m; do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
}

chroot_up() {
	local r=$1

	chroot_down
	mount -t proc proc "$r/proc"
	mount --bind /dev "$r/dev"
	mkdir -p "$r/build/kmod"
	mount --bind "$debdir/kmod" "$r/build/kmod"
}

in_chroot() {
	local r=$1

	shift
	chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# The Build-Depends fields of the source package in $1.
build_depends() {
	awk '/^$/ { exit } /^[^ \t]/ { on = ($1 ~ /^Build-(Depends|Conflicts)/) } on' \
		"$1/debian/control"
}

# The trixie system of debian-image.sh --base (its debootstrap, kept while
# its package list is the same), copied into $root, with the Build-Depends
# of the prepared source package $1 and build-essential installed by
# apt-get build-dep; kept while the base and the Build-Depends are the
# same.
chroot_prepare() {
	local d=$1 s log=$top/chroot.log t0=$SECONDS

	s=$( { cat "$imagedir/base.stamp"; build_depends "$d"
	       declare -f chroot_prepare; } | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$top/chroot.stamp" 2>/dev/null)" = "$s" ] && [ -d "$root" ]; then
		return 0
	fi
	echo "  CHROOT  $root (trixie, kmod's Build-Depends)"
	chroot_down
	rm -rf --one-file-system "$root" "$root.tmp" "$top/chroot.stamp"
	(flock -s 9 && cp -a "$imagedir/base" "$root.tmp") 9>"$imagedir/base.lock"
	cp /etc/resolv.conf "$root.tmp/etc/resolv.conf"
	# Nothing the packages install starts a service.
	printf '#!/bin/sh\nexit 101\n' > "$root.tmp/usr/sbin/policy-rc.d"
	chmod 755 "$root.tmp/usr/sbin/policy-rc.d"
	chroot_up "$root.tmp"
	{
		in_chroot "$root.tmp" apt-get -q update &&
		in_chroot "$root.tmp" apt-get -q -y --no-install-recommends \
			-P noudeb build-dep /build/kmod/src
	} >"$log" 2>&1 || {
		chroot_down
		tail -30 "$log" >&2
		die "installing kmod's Build-Depends in the chroot failed, see $log"
	}
	in_chroot "$root.tmp" apt-get -q clean >>"$log" 2>&1
	chroot_down
	rm -rf "$root.tmp/var/lib/apt/lists"/*_Packages* \
		"$root.tmp/var/cache/apt"/*.bin
	: > "$root.tmp/etc/resolv.conf"
	mv "$root.tmp" "$root"
	echo "$s" > "$top/chroot.stamp"
	echo "  CHROOT  $root ($(grep -c '^Setting up' "$log") packages, $((SECONDS - t0)) s)"
}

do_deb() {
	local tap=$1 d=$debdir/kmod/src rc=0 s logs

	[ "$(id -u)" = 0 ] || die "kmod.sh deb builds in a chroot: run it as root"
	KMOD=1 "$repo/harness/deps.sh"
	fetch
	# The trixie system the chroot starts from (make check has it made
	# while the kernel builds).
	"$repo/harness/debian-image.sh" --base "$imagedir" ||
		die "no trixie system for the build chroot"
	s=$( { stamp; for p in $(series_names "$debseries"); do
		cat "$repo/patches/kmod-debian/$p"; done
		cat "$imagedir/base.stamp"; } | sha256sum)
	mkdir -p "$debdir"
	if [ "$(cat "$debdir/kmod/stamp" 2>/dev/null)" = "$s" ] &&
	   ls "$debdir"/kmod_*.deb >/dev/null 2>&1; then
		echo "  DEB     kmod (up to date)"
	else
		chroot_down
		rm -rf --one-file-system "$debdir/kmod"
		rm -rf "$debdir"/kmod[-_]* "$debdir"/libkmod*
		mkdir -p "$debdir/kmod"
		deb_extract "$d"
		chroot_prepare "$d"
		echo "  DEB     kmod (dpkg-buildpackage in the trixie chroot, with kmod's testsuite)"
		chroot_up "$root"
		# shellcheck disable=SC2016
		in_chroot "$root" sh -c 'cd /build/kmod/src &&
			DEB_BUILD_OPTIONS="parallel=$1" \
			nice -n 10 dpkg-buildpackage -b -uc -us -Pnoudeb' \
			sh "${JOBS:-$(nproc)}" >"$debdir/kmod/build.log" 2>&1 || rc=1
		chroot_down
		mv "$debdir"/kmod/*.deb "$debdir"/ 2>/dev/null
		[ $rc = 0 ] && echo "$s" > "$debdir/kmod/stamp"
	fi
	if [ -n "$tap" ]; then
		logs=
		if [ -f "$d/build-deb/meson-logs/testlog.txt" ]; then
			split_testlog "$d/build-deb/meson-logs/testlog.txt" \
				"$debdir/kmod/testlogs"
			logs=$(ls "$debdir"/kmod/testlogs/test-*.log 2>/dev/null || true)
		fi
		mkdir -p "$(dirname "$tap")"
		if [ -n "$logs" ]; then
			# shellcheck disable=SC2086
			tap_from_logs $logs > "$tap" || rc=1
		else
			printf '1..1\nnot ok 1 - no testsuite logs\n' > "$tap"
		fi
		echo "kmod testsuite (dpkg-buildpackage): $(grep -c '^ok' "$tap")" \
		     "passed, $(grep -c '^not ok' "$tap") failed"
	fi
	[ $rc = 0 ] || { tail -30 "$debdir/kmod/build.log" >&2
		die "building kmod's packages failed, see $debdir/kmod/build.log"; }
	ls "$debdir"/kmod_*.deb "$debdir"/libkmod2_*.deb
}

cmd=${1:-build}
shift || true
tap=
while [ $# -gt 0 ]; do
	case $1 in
	--tap) tap=$(realpath -m "$2"); shift 2 ;;
	*) die "unknown option $1" ;;
	esac
done
case $cmd in
build)
	do_build
	;;
check)
	do_check "${tap:-$top/kmod-check.tap}"
	;;
deb)
	# One build in the chroot at a time.
	mkdir -p "$top"
	exec 8>"$top/deb.lock"
	flock 8
	trap chroot_down EXIT
	trap 'exit 130' INT TERM
	do_deb "$tap"
	;;
*)
	die "usage: kmod.sh build | check [--tap FILE] | deb [--tap FILE]"
	;;
esac
