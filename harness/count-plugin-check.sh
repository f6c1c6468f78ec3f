#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The instruction-count plugin counts known loops exactly: the cases of
# tools/testing/vm/count-plugin-test.S, run under qemu-x86_64 with the
# plugin and a map of the test's own thunks and entry points, must give
# the counts written beside them, line for line.

set -eu
repo=$(dirname "$(dirname "$(realpath "$0")")")
work=$(realpath -m "${BUILD:-$repo/build}")/count/test
so=$("$repo/harness/count-plugin.sh" build)
rm -rf "$work"
mkdir -p "$work"
gcc -nostdlib -static -no-pie -o "$work/loops" "$repo/tools/testing/vm/count-plugin-test.S"
nm -n "$work/loops" | awk '{ a[$3] = $1 }
	END {
		print a["ind_thunk"], a["ind_thunk_end"], "ind"
		print a["ret_thunk"], a["ret_thunk_end"], "ret"
		print a["fake_entry"], a["fake_entry_end"], "entry"
		print a["stubs"], a["stubs_end"], "stubs"
	}' > "$work/map"
qemu-x86_64 -plugin "$so,map=$work/map,out=$work/counts" "$work/loops"

# N = 1000 (10 for the two interrupt cases), as in the test's comments.
cat > "$work/expected" <<'EXPECTED'
xcount vcpu=0 insns=2001 ind=0 rets=0 locks=0 slocks=0 thunkins=0 irqs=0 irqins=0
xcount vcpu=0 insns=4001 ind=0 rets=1000 locks=0 slocks=0 thunkins=0 irqs=0 irqins=0
xcount vcpu=0 insns=4002 ind=1000 rets=1000 locks=0 slocks=0 thunkins=0 irqs=0 irqins=0
xcount vcpu=0 insns=5001 ind=1000 rets=1000 locks=0 slocks=0 thunkins=2000 irqs=0 irqins=0
xcount vcpu=0 insns=31 ind=0 rets=0 locks=0 slocks=0 thunkins=0 irqs=10 irqins=190
xcount vcpu=0 insns=5001 ind=1000 rets=1000 locks=0 slocks=0 thunkins=0 irqs=0 irqins=0
xcount vcpu=0 insns=5001 ind=0 rets=0 locks=2000 slocks=1000 thunkins=0 irqs=0 irqins=0
xcount vcpu=0 insns=31 ind=0 rets=0 locks=0 slocks=0 thunkins=0 irqs=10 irqins=130
EXPECTED
if ! diff -u "$work/expected" "$work/counts"; then
	echo "count-plugin: the counts of the known loops differ (above)"
	exit 1
fi
echo "count-plugin: 8 known loops counted exactly"
