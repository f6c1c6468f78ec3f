#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# objtool-check.sh OBJ MODDIR: objtool says nothing about the new code.
# kbuild runs objtool once per object, so an incremental build shows no
# warning of an object it did not rebuild: each object is made again
# here, into a scratch directory, with its own recorded command (kbuild's
# .cmd file), and objtool runs on that copy with the arguments kbuild gave
# it.  Objects: vmlinux.o (the loader, the vmlinux-owned slots, the
# built-in providers), the crypto library modules and their x86
# providers, the KUnit suite, WireGuard as a consumer, and every test
# module.

set -u
obj=$(realpath "$1")
moddir=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$obj" || exit 1

objects="vmlinux.o kernel/module/exclusive_kunit.o
	 arch/x86/crypto/chacha-ssse3.o arch/x86/crypto/chacha-avx2.o
	 arch/x86/crypto/chacha-avx512vl.o arch/x86/crypto/curve25519-x86_64.o
	 arch/x86/crypto/poly1305-x86_64.o lib/crypto/libchacha.o
	 lib/crypto/libpoly1305.o lib/crypto/libcurve25519-generic.o
	 lib/crypto/libchacha20poly1305.o drivers/net/wireguard/wireguard.o"
# Not xsym_unsigned.ko (a copy of a module, no object of its own), nor
# xsym_bad_pfx.ko, whose entry points into a function's padding on
# purpose: objtool rightly flags that address as a call target without
# ENDBR, the defect the loader must refuse.
for ko in "$moddir"/*.ko; do
	case $(basename "$ko") in
	xsym_unsigned.ko | xsym_bad_pfx.ko) ;;
	*) objects+=" ${ko%.ko}.o" ;;
	esac
done

rc=0 n=0
for o in $objects; do
	cmdfile=$(dirname "$o")/.$(basename "$o").cmd
	if [ ! -f "$cmdfile" ]; then
		echo "$o: not built (no $cmdfile)"
		rc=1
		continue
	fi
	cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$cmdfile")
	case $cmd in
	*"/objtool "*) ;;
	*) echo "$o: kbuild ran no objtool on it"; rc=1; continue ;;
	esac
	out=$tmp/$n.o
	build=${cmd%%; ./tools/objtool/objtool *}
	tool=./tools/objtool/objtool\ ${cmd#*; ./tools/objtool/objtool }
	# The same command, writing elsewhere and no dependency file.
	build=$(echo "$build" | sed -E "s@ -Wp,-MMD,[^ ]+@@; s@ -o [^ ]+@ -o $out@")
	tool=${tool% *}
	if ! eval "$build" >"$tmp/log" 2>&1; then
		echo "$o: could not be made again:"
		cat "$tmp/log"
		rc=1
		continue
	fi
	eval "$tool $out" >"$tmp/log" 2>&1
	if [ -s "$tmp/log" ]; then
		echo "$o: objtool:"
		sed "s@$out@$o@" "$tmp/log"
		rc=1
	fi
	n=$((n + 1))
done
[ $rc = 0 ] && echo "objtool silent on $n objects"
exit $rc
