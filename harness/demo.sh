#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make run: boot the patched kernel into a short narrated demonstration
# (harness/demo-guest.sh).  The console shows the demonstration only; the
# whole boot log goes to a file, named before and after.

set -u
repo=$(dirname "$(dirname "$(realpath "$0")")")
kmod=$(realpath -m "$BUILD")/kmod/install/sbin
results=$(realpath -m "$RESULTS")
log=$results/console-demo.log
mkdir -p "$results"
echo "Booting the patched kernel with virtme-ng; boot log: $log"
"$VM" --kernel "$VMLINUZ" --name demo --timeout 300 \
	--log "$log" --out "$results/vm-demo" \
	-- env DEMO_KMOD="$kmod" bash "$repo/harness/demo-guest.sh" |
	awk '/^xsym-demo-begin\r?$/ { on = 1; next }
	     /^\[ *[0-9]+\.[0-9]+\]/ { next }
	     on { sub(/\r$/, ""); print; fflush() }'
rc=${PIPESTATUS[0]}
echo
echo "The kernel's whole boot log: $log"
exit "$rc"
