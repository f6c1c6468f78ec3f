#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kmod.sh build: fetch Debian's kmod source once, apply Debian's quilt series
#   and ours (patches/kmod/series, no fuzz), build and install it into
#   build/kmod/install.  The guest runs build/kmod/install/sbin/modprobe,
#   modinfo and depmod (symlinks to bin/kmod) at their host path.
# kmod.sh check [--tap FILE]: run kmod's own testsuite (make check) in the
#   patched tree; one TAP line per kmod test case.  Non-zero on failure.
# kmod.sh deb [--tap FILE]: kmod as Debian builds it: Debian's source
#   package with our series added to its debian/patches and the packaging
#   changes of patches/kmod-debian/, built with dpkg-buildpackage (which
#   runs kmod's testsuite; --tap reports its cases) into build/deb/.
#
# The tree is extracted afresh whenever the series, a patch or this script
# changes; otherwise make only rebuilds what changed.

set -eu

repo=$(dirname "$(dirname "$(realpath "$0")")")
build=$(realpath -m "${BUILD:-$repo/build}")
top=$build/kmod
dl=$top/dl
src=$top/src
inst=$top/install
series=$repo/patches/kmod/series
debseries=$repo/patches/kmod-debian/series
debdir=$build/deb
# Debian 12's kmod; if the archive moved on, the newest is taken and the
# series must still apply with no fuzz.
version=${KMOD_VERSION:-30+20221128-1}
confflags="--prefix=$inst --sysconfdir=/etc --with-xz --with-zstd
	   --with-zlib --with-openssl --disable-test-modules --disable-debug"

die() { echo "kmod.sh: $*" >&2; exit 1; }

series_names() {
	[ -f "$1" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}

patch_names() { series_names "$series"; }

fetch() {
	ls "$dl"/kmod_*.dsc >/dev/null 2>&1 && return 0
	mkdir -p "$dl"
	echo "  FETCH   kmod $version (apt-get source)"
	# _apt fetches into a directory it can write, without a warning.
	chown _apt "$dl" 2>/dev/null || true
	if ! (cd "$dl" && apt-get source -q --download-only "kmod=$version" ||
	      apt-get source -q --download-only kmod) >"$top/fetch.log" 2>&1; then
		cat "$top/fetch.log" >&2
		die "apt-get source kmod failed (is there a deb-src entry? make kmod adds one)"
	fi
}

stamp() {
	{
		cat "$0"
		echo "$confflags"
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
	echo "  CONFIG  kmod"
	# shellcheck disable=SC2086
	(cd "$src" &&
	 gtkdocize --docdir libkmod/docs &&
	 autoreconf -fi &&
	 ./configure -q $confflags) >"$top/configure.log" 2>&1 || {
		tail -30 "$top/configure.log" >&2
		die "configuring kmod failed, see $top/configure.log"
	}
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
	echo "  MAKE    kmod"
	nice -n 10 make -C "$src" -s -j1 >"$top/make.log" 2>&1 || {
		tail -30 "$top/make.log" >&2
		die "building kmod failed, see $top/make.log"
	}
	make -C "$src" -s install >>"$top/make.log" 2>&1 ||
		die "installing kmod failed, see $top/make.log"
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
# case that was started but got no verdict (its binary crashed) fails.
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
			add(name " (no verdict in " file ")", 0, "")
		delete started
	}
	FNR == 1 { flush(); file = FILENAME; sub(/.*\//, "", file) }
	{ gsub(/\033\[[0-9;]*m/, "") }
	/^TESTSUITE: running / { name = $3; sub(/,$/, "", name)
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

do_check() {
	local tap=$1 rc=0 logs

	do_build
	echo "  CHECK   kmod testsuite"
	nice -n 10 make -C "$src" -j1 check >"$top/check.log" 2>&1 || rc=1
	logs=$(ls "$src"/testsuite/test-*.log 2>/dev/null || true)
	[ -n "$logs" ] || { tail -30 "$top/check.log" >&2; die "no test logs"; }
	mkdir -p "$(dirname "$tap")"
	# shellcheck disable=SC2086
	tap_from_logs $logs > "$tap" || rc=1
	grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):' "$top/check.log" |
		tr '\n' ' ' | sed 's/ *$/\n/'
	grep '^not ok' "$tap" || true
	echo "kmod testsuite: $(grep -c '^ok' "$tap") passed," \
	     "$(grep -c '^not ok' "$tap") failed (TAP: $tap)"
	[ $rc = 0 ] || echo "kmod testsuite failed, see $top/check.log" >&2
	return $rc
}

# The series goes into Debian's quilt series as quilt would leave it
# after a push: in debian/patches/series and .pc/applied-patches, so that
# dpkg-source takes it as applied.  quilt itself cannot apply it (the
# testsuite's prebuilt modules are binary hunks), git apply can.
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

do_deb() {
	local tap=$1 d=$debdir/kmod/src rc=0 s logs

	KMOD=1 DEB=1 "$repo/harness/deps.sh"
	fetch
	s=$( { stamp; for p in $(series_names "$debseries"); do
		cat "$repo/patches/kmod-debian/$p"; done; } | sha256sum)
	mkdir -p "$debdir"
	if [ "$(cat "$debdir/kmod/stamp" 2>/dev/null)" = "$s" ] &&
	   ls "$debdir"/kmod_*.deb >/dev/null 2>&1; then
		echo "  DEB     kmod (up to date)"
	else
		echo "  DEB     kmod (dpkg-buildpackage, with kmod's testsuite)"
		rm -rf "$debdir/kmod" "$debdir"/kmod[-_]* "$debdir"/libkmod*
		mkdir -p "$debdir/kmod"
		deb_extract "$d"
		(cd "$d" && DEB_BUILD_OPTIONS="parallel=${JOBS:-$(nproc)}" \
		 nice -n 10 dpkg-buildpackage -b -uc -us -Pnoudeb) \
			>"$debdir/kmod/build.log" 2>&1 || rc=1
		mv "$debdir"/kmod/*.deb "$debdir"/ 2>/dev/null
		[ $rc = 0 ] && echo "$s" > "$debdir/kmod/stamp"
	fi
	if [ -n "$tap" ]; then
		logs=$(ls "$d"/build-deb/testsuite/test-*.log 2>/dev/null || true)
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
	do_deb "$tap"
	;;
*)
	die "usage: kmod.sh build | check [--tap FILE] | deb [--tap FILE]"
	;;
esac
