#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftest-list-check.sh DIR: the kselftest Makefile runs every scenario.
# Each test-*.sh is in TEST_PROGS, or declares boots of its own
# ('# xsym-boot:') and is installed through TEST_PROGS_EXTENDED; every
# listed file exists.

set -u
dir=$1
# A variable of the Makefile, its continuation lines joined.
list() {
	sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$dir/Makefile" |
		sed -n "s/^$1[[:space:]]*:=//p" | tr -s '\t ' '  '
}
progs=" $(list TEST_PROGS) "
extended=" $(list TEST_PROGS_EXTENDED) "
rc=0
for f in "$dir"/test-*.sh; do
	t=$(basename "$f")
	if grep -q '^# xsym-boot:' "$f"; then
		[[ $extended == *" $t "* ]] ||
			{ echo "$t declares its own boot but is not in TEST_PROGS_EXTENDED"; rc=1; }
		[[ $progs != *" $t "* ]] ||
			{ echo "$t declares its own boot but is in TEST_PROGS"; rc=1; }
	else
		[[ $progs == *" $t "* ]] || { echo "$t is not in TEST_PROGS"; rc=1; }
	fi
done
for t in $progs $extended; do
	[ -f "$dir/$t" ] || { echo "listed but missing: $t"; rc=1; }
done
[ $rc = 0 ] && echo "$(echo $progs | wc -w) scripts in TEST_PROGS, $(echo $extended | wc -w) in TEST_PROGS_EXTENDED"
exit $rc
