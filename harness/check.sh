#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: host-side checks, then the booted-kernel tests, then the
# harness's own tests.  Everything is TAP; tap-summary.py adds it up.
#
# Environment (from the Makefile): SRC OBJ MODROOT KIMAGE VM RESULTS T.

set -u
repo=$(dirname "$(dirname "$(realpath "$0")")")
results=$(realpath -m "$RESULTS")
selftests=$(realpath "$SRC")/tools/testing/selftests/exclusive_symbols
testmods=$selftests/test_modules
rm -rf "$results"
mkdir -p "$results/tap"
log=$results/check.log
exec > >(tee "$log") 2>&1

want() { [ -z "${T:-}" ] || [[ $1 == *"$T"* ]]; }

# host_test NAME COMMAND...: one TAP document with a single result.
host_test() {
	local name=$1 out rc
	shift
	want "$name" || return 0
	echo "== host: $name"
	out=$("$@" 2>&1)
	rc=$?
	{
		echo "TAP version 13"
		echo "1..1"
		echo "$out" | sed 's/^/# /'
		if [ $rc = 0 ]; then echo "ok 1 host:$name"; else echo "not ok 1 host:$name"; fi
	} > "$results/tap/host-$name.tap"
	echo "$out" | tail -20
	[ $rc = 0 ] && echo "ok host:$name" || echo "not ok host:$name"
}

# boot NAME [run-vm options] -- COMMAND...: a guest whose stdout is TAP.
# A splat, a timeout or a missing status is one more failed test.
boot() {
	local name=$1 out=$results/vm-$1 rc
	shift
	echo "== guest: $name"
	mkdir -p "$out"
	VM_QUIET=1 "$VM" --kernel "$KIMAGE" --modroot "$MODROOT" --name "$name" \
		--out "$out" --log "$results/console-$name.log" "$@"
	rc=$?
	cp "$out/output" "$results/tap/guest-$name.tap" 2>/dev/null
	{
		echo "TAP version 13"
		echo "1..1"
		if [ $rc = 0 ] || [ $rc = 1 ]; then
			echo "ok 1 guest:$name: boot clean, no splat"
		else
			echo "not ok 1 guest:$name: run-vm status $rc (124 timeout, 125 splat, 126 crash)"
		fi
	} > "$results/tap/boot-$name.tap"
}

echo "== exclusive symbols: make check${T:+ T=$T}"

host_test checkpatch "$repo/harness/checkpatch.sh" "$SRC"
host_test prototype-mismatch "$repo/harness/prototype-check.sh" "$OBJ" "$SRC"

guest_cmd=("$repo/harness/guest-check.sh" "$selftests"
	   "exclusive_kunit=exclusive_symbols")
export XSYM_MODDIR=$testmods
if want kunit || want selftests || want test-; then
	boot main --timeout 1500 -- "${guest_cmd[@]}"
fi
if want test-policy || want boot-pin; then
	boot boot-pin --timeout 300 \
		--append "module.exclusive_pin=xsym_add:xsym_prov_b" -- \
		env XSYM_BOOT_PIN=1 XSYM_BOOT_PIN_EXPECT=xsym_add:xsym_prov_b \
		XSYM_MODDIR="$testmods" bash "$selftests/test-policy.sh"
	boot boot-pin-malformed --timeout 300 \
		--append "module.exclusive_pin=xsym_add" -- \
		env XSYM_BOOT_PIN=1 XSYM_BOOT_PIN_BAD=1 XSYM_BOOT_PIN_EXPECT= \
		XSYM_MODDIR="$testmods" bash "$selftests/test-policy.sh"
fi

# The harness itself: a splat and a hang must both fail a run.
host_test vm-splat-fails "$VM" --kernel "$KIMAGE" --modroot "$MODROOT" \
	--timeout 120 --name splat --expect-splat -- insmod "$testmods/vm_warn.ko"
host_test vm-hang-killed "$VM" --kernel "$KIMAGE" --modroot "$MODROOT" \
	--timeout 20 --name hang --expect-timeout -- sleep 1000

echo "== results"
python3 "$repo/harness/tap-summary.py" --results "$results/results.txt" \
	"$results"/tap/*.tap
