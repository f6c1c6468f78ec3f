#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-check.sh KSELFTEST-DIR [SUITE...]: runs inside the guest.  Prints
# one KTAP document: a subtest per KUnit suite, then the kselftests as a
# kernel developer runs them, with run_kselftest.sh from the directory
# that 'make -C tools/testing/selftests install' wrote.  The runner's
# report of each script, whose own TAP it quotes behind "# ", becomes a
# subtest with that TAP as its results, so every scenario counts.
# T (from the host) is a pattern: only suites and scripts whose name
# contains it run.

ksft=$1
shift
kunit=()

want() { [ -z "${T:-}" ] || [[ $1 == *"$T"* ]]; }

for s in "$@"; do want "kunit:$s" && kunit+=("$s"); done
selected=()
while read -r t; do
	want "${t#*:}" && selected+=(-t "$t")
done < <("$ksft/run_kselftest.sh" -l)

echo "KTAP version 1"
echo "1..$((${#kunit[@]} + 1))"

n=0
for s in "${kunit[@]}"; do
	n=$((n + 1))
	mod=${s%%=*} suite=${s#*=}
	if ! modprobe "$mod"; then
		echo "not ok $n kunit:$s # modprobe $mod failed"
		continue
	fi
	res=/sys/kernel/debug/kunit/$suite/results
	sed 's/^/    /' "$res"
	last=$(grep -E '^(not )?ok ' "$res" | tail -1)
	rmmod "$mod"
	case $last in
	"ok "*) echo "ok $n kunit:$s" ;;
	*) echo "not ok $n kunit:$s" ;;
	esac
done

n=$((n + 1))
if [ ${#selected[@]} = 0 ]; then
	echo "ok $n kselftest # SKIP no script matches"
	exit 0
fi
# Scripts find their modules beside them, as in any kselftest install.
unset XSYM_MODDIR
echo "    # Subtest: kselftest"
"$ksft/run_kselftest.sh" "${selected[@]}" 2>&1 | awk '
	/^# selftests: / {
		inside = 1
		print "        # Subtest: " substr($0, 3)
		next
	}
	inside && /^#( |$)/ { print "        " substr($0, 3); fflush(); next }
	/^(not )?ok [0-9]+ selftests: / { inside = 0 }
	/^not ok [0-9]+ selftests: / { failed = 1 }
	{ print "    " $0; fflush() }
	END { exit failed }
'
# The runner exits 0 whatever its scripts did: their results tell.
if [ "${PIPESTATUS[1]}" = 0 ]; then
	echo "ok $n kselftest"
else
	echo "not ok $n kselftest"
fi
