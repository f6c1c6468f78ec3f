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
		if [[ " $* " == *" --expect-splat "* ]]; then
			[ $rc = 0 ] && echo "ok 1 guest:$name: the expected splat" ||
				echo "not ok 1 guest:$name: no splat, or a hang (run-vm status $rc)"
		elif [ $rc = 0 ] || [ $rc = 1 ]; then
			echo "ok 1 guest:$name: boot clean, no splat"
		else
			echo "not ok 1 guest:$name: run-vm status $rc (124 timeout, 125 splat, 126 crash)"
		fi
	} > "$results/tap/boot-$name.tap"
}

echo "== exclusive symbols: make check${T:+ T=$T}"

# The CONFIG_MODULE_EXCLUSIVE_SYMBOLS=n kernel builds on the second core
# while the guests, one TCG thread, run on the first.
off_pid=
if want config-off; then
	echo "== build (in the background): CONFIG_MODULE_EXCLUSIVE_SYMBOLS=n"
	make -s -C "$repo" kernel OFF=1 JOBS=1 >"$results/build-off.log" 2>&1 &
	off_pid=$!
fi

host_test checkpatch "$repo/harness/checkpatch.sh" "$SRC"
host_test broken-patch-stops-build "$repo/harness/series-check.sh" "$BUILD"
host_test doc-examples "$repo/harness/doc-examples-check.sh" "$SRC" "$OBJ"
host_test kunit-only-exports "$repo/harness/exports-check.sh" "$OBJ"
host_test prototype-mismatch "$repo/harness/prototype-check.sh" "$OBJ" "$SRC"

guest_cmd=("$repo/harness/guest-check.sh" "$selftests"
	   "exclusive_kunit=exclusive_symbols")
export XSYM_MODDIR=$testmods
# The patched modprobe (make kmod) for test-modprobe.sh, at its host path.
export XSYM_KMOD=$(realpath -m "$BUILD")/kmod/install/sbin
guest_tests=(kunit:exclusive_kunit=exclusive_symbols)
own_boot=()
for f in "$selftests"/test-*.sh; do
	if grep -q '^# xsym-boot:' "$f"; then
		own_boot+=("$f")
	else
		guest_tests+=("$(basename "$f")")
	fi
done
for t in "${guest_tests[@]}"; do
	if want "$t"; then
		boot main --timeout 1500 -- "${guest_cmd[@]}"
		break
	fi
done
# Scripts that declare a boot of their own: '# xsym-boot: <run-vm options>'.
for f in "${own_boot[@]}"; do
	name=$(basename "$f" .sh)
	want "$name" || continue
	# shellcheck disable=SC2046 # the options are words
	boot "$name" --timeout 300 $(sed -n 's/^# xsym-boot: //p' "$f") -- \
		env XSYM_MODDIR="$testmods" bash "$f"
done
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

# Each x86 provider binds where the CPU has its instructions and refuses
# with -ENODEV where it lacks them (TCG has no AVX-512 at all).
cpu_models=(
	"qemu64:chacha_ssse3:nodev chacha_avx2:nodev chacha_avx512vl:nodev curve25519_x86_64:nodev poly1305_x86_64:bind"
	"Nehalem:chacha_ssse3:bind chacha_avx2:nodev chacha_avx512vl:nodev curve25519_x86_64:nodev"
	"max:chacha_ssse3:auto chacha_avx2:auto chacha_avx512vl:auto curve25519_x86_64:auto poly1305_x86_64:auto"
)
for m in "${cpu_models[@]}"; do
	model=${m%%:*}
	want "cpu-$model" || continue
	boot "cpu-$model" --cpu "$model" --smp 1 --timeout 300 -- \
		env XSYM_MODDIR="$testmods" XSYM_CPU_NAME="$model" \
		XSYM_CPU_EXPECT="${m#*:}" bash "$selftests/cpu-models.sh"
done

# kmod's own testsuite, with the provider directive's new cases.
if want kmod; then
	host_test kmod-testsuite "$repo/harness/kmod.sh" check \
		--tap "$results/tap/kmod.tap"
fi

# With the option off (exclusive-symbols.rst, 11): the same tree, and test
# modules built against that kernel.
if [ -n "$off_pid" ]; then
	echo "== build: CONFIG_MODULE_EXCLUSIVE_SYMBOLS=n (waiting for it)"
	off_mods=$(realpath -m "$BUILD")/testmods-off
	# Only the modules that exist without the option: a Kbuild file
	# takes precedence over the Makefile's list.
	if wait "$off_pid" && rm -rf "$off_mods" && mkdir -p "$off_mods" &&
	   cp "$testmods"/*.[ch] "$testmods/Makefile" "$off_mods" &&
	   echo "obj-m := xsym_owner.o xsym_cons_pre.o xsym_prov_a.o" \
		> "$off_mods/Kbuild" &&
	   make -s -C "$(realpath "$OBJ")-off" M="$off_mods" ARCH=x86_64 modules \
		>>"$results/build-off.log" 2>&1; then
		host_test off-as-upstream "$repo/harness/off-check.sh" "$BUILD" \
			"$(realpath "$OBJ")-off"
		KIMAGE=$(realpath "$OBJ")-off/arch/x86/boot/bzImage \
		MODROOT=$(realpath "$OBJ")-off/modroot \
		boot config-off --smp 1 --timeout 300 -- \
			env XSYM_MODDIR="$off_mods" bash "$selftests/config-off.sh"
	else
		tail -20 "$results/build-off.log"
		printf 'TAP version 13\n1..1\nnot ok 1 build:config-off\n' \
			> "$results/tap/build-off.tap"
	fi
fi

# The harness itself: a splat and a hang must both fail a run.
host_test vm-splat-fails "$VM" --kernel "$KIMAGE" --modroot "$MODROOT" \
	--timeout 120 --name splat --expect-splat -- insmod "$testmods/vm_warn.ko"
host_test vm-hang-killed "$VM" --kernel "$KIMAGE" --modroot "$MODROOT" \
	--timeout 20 --name hang --expect-timeout -- sleep 1000

echo "== results"
if ! ls "$results"/tap/*.tap >/dev/null 2>&1; then
	echo "no test matches T=$T"
	echo "0 passed, 1 failed"
	exit 1
fi
python3 "$repo/harness/tap-summary.py" --results "$results/results.txt" \
	"$results"/tap/*.tap
