#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-check.sh SELFTEST-DIR [SUITE...]: runs inside the guest.  Prints
# one KTAP document: a subtest per KUnit suite and per selftest script.
# T (from the host) is a pattern: only suites and scripts whose name
# contains it run.

dir=$1
shift
n=0
tests=()

want() { [ -z "${T:-}" ] || [[ $1 == *"$T"* ]]; }

for s in "$@"; do want "kunit:$s" && tests+=("kunit:$s"); done
# A script that declares a boot of its own (xsym-boot:) gets it from the host.
for f in "$dir"/test-*.sh; do
	grep -q '^# xsym-boot:' "$f" && continue
	want "$(basename "$f")" && tests+=("$f")
done

echo "KTAP version 1"
echo "1..${#tests[@]}"

for t in "${tests[@]}"; do
	n=$((n + 1))
	case $t in
	kunit:*)
		suite=${t#kunit:}
		name=$t
		mod=${suite%%=*} suite=${suite#*=}
		if ! modprobe "$mod"; then
			echo "not ok $n $name # modprobe $mod failed"
			continue
		fi
		res=/sys/kernel/debug/kunit/$suite/results
		sed 's/^/    /' "$res"
		last=$(grep -E '^(not )?ok ' "$res" | tail -1)
		rmmod "$mod"
		case $last in
		"ok "*) echo "ok $n $name" ;;
		*) echo "not ok $n $name" ;;
		esac
		;;
	*)
		name=selftests:$(basename "$t")
		echo "    # Subtest: $name"
		bash "$t" 2>&1 | sed 's/^/    /'
		rc=${PIPESTATUS[0]}
		if [ "$rc" = 4 ]; then
			echo "ok $n $name # SKIP"
		elif [ "$rc" = 0 ]; then
			echo "ok $n $name"
		else
			echo "not ok $n $name"
		fi
		;;
	esac
done
