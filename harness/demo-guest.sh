#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demonstration, inside the guest: one slot group, two providers.

m=$XSYM_MODDIR
S=/sys/kernel/exclusive_symbols
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { echo "\$ $*"; "$@"; }
# klog: the feature's kernel messages since the last klog.
seen=0
klog() {
	local all
	all=$(dmesg --notime | grep -E '^exclusive_symbols')
	echo "$all" | tail -n +$((seen + 1)) | grep . | sed 's/^/   kernel: /'
	seen=$(echo "$all" | grep -c .)
}
show() {
	for s in xsym_add xsym_sub; do
		printf '   %-9s provider=%-12s fallback=%s binds=%s\n' "$s" \
			"$(cat $S/$s/provider)" "$(cat $S/$s/fallback)" "$(cat $S/$s/binds)"
	done
}

cd "$m" || exit 1
# The test modules are not where modprobe looks: no autoload requests.
echo 0 > /sys/module/module/parameters/exclusive_autoload
klog >/dev/null
say "The owner defines the slots xsym_add and xsym_sub (group xsym_pair)"
run insmod ./xsym_owner.ko
run insmod ./xsym_cons_pre.ko
show
echo "   consumer calls xsym_add(40, 2) = $(cat /sys/module/xsym_cons_pre/parameters/add)" \
	"(fallback calls: $(cat /sys/module/xsym_owner/parameters/fallback_calls))"

say "Provider A loads and binds; the consumer loaded earlier now reaches A"
run insmod ./xsym_prov_a.ko
klog
show
echo "   consumer calls xsym_add(40, 2) = $(cat /sys/module/xsym_cons_pre/parameters/add)" \
	"(A's calls: $(cat /sys/module/xsym_prov_a/parameters/calls))"

say "Provider B is refused while A holds the group"
run insmod ./xsym_prov_b.ko
klog
run lsmod

say "A is unloaded: the fallback serves again, then B binds"
run rmmod xsym_prov_a
klog
run insmod ./xsym_prov_b.ko
klog
show

say "Policy: pin xsym_add to the fallback"
run rmmod xsym_prov_b
echo 'xsym_add:fallback' > /sys/module/module/parameters/exclusive_pin
echo "\$ cat /sys/module/module/parameters/exclusive_pin: $(cat /sys/module/module/parameters/exclusive_pin)"
run insmod ./xsym_prov_a.ko
klog
echo
echo "Done: see README.md and Documentation/core-api/exclusive-symbols.rst."
