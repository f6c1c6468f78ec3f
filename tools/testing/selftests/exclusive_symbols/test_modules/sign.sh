#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sign.sh KDIR DIR: sign the test modules in DIR with the key of the kernel
# built in KDIR, as modules_install signs a kernel's own modules, so that
# they load where signatures are enforced.  xsym_unsigned.ko, a copy of
# xsym_prov_b.ko, stays unsigned for test-sig-enforce.sh.  Nothing to do
# for a kernel without CONFIG_MODULE_SIG.

set -eu
kdir=$1 dir=$2
magic='~Module signature appended~'

conf() { sed -n "s/^$1=\"\{0,1\}\([^\"]*\)\"\{0,1\}\$/\1/p" "$kdir/.config"; }

[ "$(conf CONFIG_MODULE_SIG)" = y ] || exit 0
key=$(conf CONFIG_MODULE_SIG_KEY)
case $key in /*|pkcs11:*) ;; *) key=$kdir/$key ;; esac
hash=$(conf CONFIG_MODULE_SIG_HASH)

signed() { [ "$(tail -c 28 "$1" | tr -d '\0')" = "$magic" ]; }

if [ -f "$dir/xsym_prov_b.ko" ] && ! signed "$dir/xsym_prov_b.ko"; then
	cp "$dir/xsym_prov_b.ko" "$dir/xsym_unsigned.ko"
fi
for m in "$dir"/*.ko; do
	[ "$(basename "$m")" = xsym_unsigned.ko ] && continue
	signed "$m" && continue
	"$kdir/scripts/sign-file" "$hash" "$key" "$kdir/certs/signing_key.x509" "$m"
done
