#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit-guest.sh MODULE SUITE: runs in a guest.  Loads the KUnit module
# and prints one TAP document with a single result, kunit:MODULE=SUITE,
# whose subtests are the suite's results as debugfs shows them; then
# unloads the module.

mod=$1 suite=$2
res=/sys/kernel/debug/kunit/$suite/results
name=kunit:$mod=$suite

echo "TAP version 13"
echo "1..1"
if ! modprobe "$mod"; then
	echo "not ok 1 $name # modprobe $mod failed"
	exit 1
fi
sed 's/^/    /' "$res"
last=$(grep -E '^(not )?ok ' "$res" | tail -1)
rmmod "$mod"
case $last in
"ok "*) echo "ok 1 $name" ;;
*) echo "not ok 1 $name"; exit 1 ;;
esac
