#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ksft-tap.sh NAME < RUNNER-OUTPUT: runs on the host, over what
# run_kselftest.sh printed in a guest.  Prints one TAP document with a
# single result, NAME, whose subtests are the runner's scripts: the
# runner's report of each script, whose own TAP it quotes behind "# ",
# becomes a subtest with that TAP as its results, so that every
# scenario counts.  The runner exits 0 whatever its scripts did; a
# script that failed, or no script at all, fails NAME.

name=$1

echo "TAP version 13"
echo "1..1"
echo "    # Subtest: $name"
awk '
	/^# selftests: / {
		inside = 1
		print "        # Subtest: " substr($0, 3)
		next
	}
	inside && /^#( |$)/ { print "        " substr($0, 3); next }
	/^(not )?ok [0-9]+ selftests: / { inside = 0; n++ }
	/^not ok [0-9]+ selftests: / { failed = 1 }
	{ print "    " $0 }
	END { exit failed || !n }
'
if [ "${PIPESTATUS[0]}" = 0 ]; then
	echo "ok 1 $name"
else
	echo "not ok 1 $name"
fi
