#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: the main kernel's build, host-side checks, the booted-kernel
# tests, the harness's own tests; beside them, at a lower priority, the
# option-off check and the kCFI kernel with its tests.  Everything is TAP;
# tap-summary.py adds it up.
#
# Environment (from the Makefile): SRC OBJ MODROOT VMLINUZ VM RESULTS KSFT
# KLLVM OFF T.

set -u
repo=$(dirname "$(dirname "$(realpath "$0")")")
results=$(realpath -m "$RESULTS")
# The selftests as kselftest installed them (make testmods).
ksft=$(realpath -m "$KSFT")
selftests=$ksft/exclusive_symbols
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

# boot NAME [vm.sh options] -- COMMAND...: a guest whose stdout is TAP.
# A splat, a timeout or a missing status is one more failed test.
boot() {
	local name=$1 out=$results/vm-$1 rc
	shift
	echo "== guest: $name"
	mkdir -p "$out"
	# TCG's CPU is not affected by Retbleed, and the kernel would patch
	# the return thunks out again: force them, with call-depth tracking,
	# which also wants retpolines (and gets them on eIBRS hosts under KVM).
	VM_QUIET=1 "$VM" --kernel "$VMLINUZ" --name "$name" \
		--out "$out" --log "$results/console-$name.log" \
		--append "spectre_v2=retpoline retbleed=force,stuff" "$@"
	rc=$?
	cp "$out/output" "$results/tap/guest-$name.tap" 2>/dev/null
	{
		echo "TAP version 13"
		echo "1..1"
		if [[ " $* " == *" --expect-splat "* ]]; then
			[ $rc = 0 ] && echo "ok 1 guest:$name: the expected splat" ||
				echo "not ok 1 guest:$name: no splat, or a hang (vm.sh status $rc)"
		elif [ $rc = 0 ] || [ $rc = 1 ]; then
			echo "ok 1 guest:$name: boot clean, no splat"
		else
			echo "not ok 1 guest:$name: vm.sh status $rc (124 timeout, 125 splat, 126 crash)"
		fi
	} > "$results/tap/boot-$name.tap"
}

echo "== exclusive symbols: make check${T:+ T=$T}"
# Every package any part needs, now: the parts run side by side, and two
# apt-get runs at once would fight over dpkg's lock.
KMOD=1 DEB=1 IMAGE=1 PLUGIN=1 "$repo/harness/deps.sh" || exit 1

# Where a second kernel of this run is built (make print-obj).
obj_of() { make -s --no-print-directory -C "$repo" print-obj "$@"; }

# Test modules of the selftests, built against a second kernel in a
# directory of their own.
build_testmods() {
	local obj=$1 dir=$2 llvm=${3:-}
	rm -rf "$dir" && mkdir -p "$dir" &&
	cp "$srcmods"/*.[ch] "$srcmods"/*.sh "$srcmods/Makefile" "$dir" &&
	make -s -C "$dir" KDIR="$obj" ${llvm:+LLVM=$llvm}
}

# The host test NAME, run in the background: its output and status are
# kept for host_result.
host_bg() {
	local name=$1
	shift
	"$@" > "$results/$name.out" 2>&1
	echo $? > "$results/$name.rc"
}

host_result() {
	host_test "$1" sh -c "cat '$results/$1.out'; exit \$(cat '$results/$1.rc' 2>/dev/null || echo 1)"
}

# The kCFI kernel (exclusive-symbols.rst, 5.3): the crypto providers,
# their known-answer gate and WireGuard, with every indirect call checked.
# It is also built without preemption (NOPREEMPT=1): there
# test-preempt removes a provider from a second CPU under a caller.
cfi_tests() {
	if [ ! -f "$cfi_mods/xsym_owner.ko" ]; then
		printf 'TAP version 13\n1..1\nnot ok 1 build:cfi\n' \
			> "$results/tap/build-cfi.tap"
		return
	fi
	host_bg chacha-direct-calls-cfi "$repo/harness/direct-calls-check.sh" "$cfi_obj"
	# The scripts are the ones the main build installs.
	while [ ! -f "$results/main-built" ]; do sleep 5; done
	for t in test-crypto test-wireguard test-preempt; do
		want cfi || want "$t" || continue
		VMLINUZ=$cfi_obj/modroot/boot/vmlinuz \
		boot "cfi-$t" --smp "$([ $t = test-preempt ] && echo 2 || echo 1)" \
			--timeout 900 -- \
			env XSYM_MODDIR="$cfi_mods" bash "$selftests/$t.sh"
	done
	# The checks were on: the kernel patched its indirect calls for them.
	host_bg cfi-enforced grep -h -m1 -E 'SMP alternatives: Using (kCFI|FineIBT)' \
		"$results"/console-cfi-*.log
}

# Beside the main kernel's build and tests, at a lower priority so that
# they take what the foreground leaves (the guests are one TCG thread):
# the check that the option off builds what upstream builds, then (for a
# gcc run) the kCFI kernel, with Debian's clang-16, its test modules and
# its guests.  The tree was prepared before make check started; the
# builds here leave it as it is (NOTREE=1).
background() {
	renice -n 10 -p "$BASHPID" >/dev/null
	# The Debian system of the real-boot test: mostly downloads, while
	# the main kernel builds.
	if [ -n "$debian" ]; then
		echo "  debootstrap"
		"$repo/harness/debian-image.sh" --base "$BUILD/image" ||
			echo "background: debootstrap failed"
	fi
	if [ -z "${OFF:-}" ] && want off-as-upstream; then
		echo "  off-as-upstream"
		host_bg off-as-upstream "$repo/harness/off-check.sh" "$BUILD"
	fi
	[ -n "$cfi_obj" ] || return 0
	echo "  build $cfi_obj"
	if make -s -C "$repo" kernel LLVM=1 SLIM=1 NOPREEMPT=1 NOTREE=1 &&
	   build_testmods "$cfi_obj" "$cfi_mods" /usr/lib/llvm-16/bin/; then
		cfi_tests
	else
		echo "background: the kCFI kernel failed"
		printf 'TAP version 13\n1..1\nnot ok 1 build:cfi\n' \
			> "$results/tap/build-cfi.tap"
	fi
}

srcmods=$(realpath "$SRC")/tools/testing/selftests/exclusive_symbols/test_modules
cfi_obj=''
cfi_mods=$(realpath -m "$BUILD")/testmods-cfi
# Not beside a DEBUG=1 run: that one is about the checkers on the main kernel.
if [ -z "${KLLVM:-}${OFF:-}${DEBUG:-}" ] &&
   { want cfi || want test-crypto || want test-wireguard || want test-preempt; }; then
	cfi_obj=$(obj_of LLVM=1 SLIM=1 NOPREEMPT=1)
fi
# The real boot of a Debian system with the packages (make deb, make
# image): on the main kernel, not beside DEBUG=1 or OFF=1 runs.
debian=''
if [ -z "${OFF:-}${DEBUG:-}" ] && { want debian || want kmod; }; then
	debian=1
fi
echo "== in the background: off-as-upstream${cfi_obj:+, the kCFI kernel and its tests}${debian:+, the Debian image}"
# In a process group of its own, so that it goes when make check does,
# interrupted or not, with every build and guest it started.
set -m
background >"$results/background.log" 2>&1 &
background_pid=$!
set +m
trap 'kill -- -"$background_pid" 2>/dev/null' EXIT
trap 'exit 130' INT TERM

# KASAN and lockdep (DEBUG=1) make the guests about three times slower.
slow=1
[ -z "${DEBUG:-}" ] || slow=3

# The main kernel, its selftests as kselftest installs them, and kmod.
echo "== build: the main kernel, the selftests, kmod"
if ! make -s -C "$repo" testmods kmod NOTREE=1 ${KLLVM:+LLVM=1}; then
	printf 'TAP version 13\n1..1\nnot ok 1 build:main\n' > "$results/tap/build-main.tap"
	echo "the main kernel did not build"
	python3 "$repo/harness/tap-summary.py" "$results"/tap/*.tap
	exit 1
fi
touch "$results/main-built"

# The packages, the image and its two boots, beside the guests below.
# kmod's testsuite runs in its package's build: that is its TAP.
debian_tests() {
	renice -n 5 -p "$BASHPID" >/dev/null
	echo "== debian: make deb, make image"
	if ! make -s -C "$repo" deb-only image-only NOTREE=1 \
		KMOD_TAP="$results/tap/kmod.tap" ${KLLVM:+LLVM=1}; then
		printf 'TAP version 13\n1..1\nnot ok 1 build:debian-image\n' \
			> "$results/tap/build-debian-image.tap"
		return
	fi
	SLOW=$slow "$repo/harness/debian-boot.sh" "$BUILD/image" "$results"
}
debian_pid=''
if [ -n "$debian" ]; then
	set -m
	debian_tests >"$results/debian.log" 2>&1 &
	debian_pid=$!
	set +m
	trap 'kill -- -"$background_pid" ${debian_pid:+-"$debian_pid"} 2>/dev/null' EXIT
fi

host_test checkpatch "$repo/harness/checkpatch.sh" "$SRC"
host_test broken-patch-stops-build "$repo/harness/series-check.sh" "$BUILD"
host_test doc-examples "$repo/harness/doc-examples-check.sh" "$SRC" "$OBJ"
host_test kunit-only-exports "$repo/harness/exports-check.sh" "$OBJ"
host_test prototype-mismatch "$repo/harness/prototype-check.sh" "$OBJ" "$SRC"
host_test objtool-silent "$repo/harness/objtool-check.sh" "$OBJ" "$srcmods"
host_test orc-return-to-handler "$repo/harness/orc-check.sh" "$OBJ"
host_test chacha-direct-calls "$repo/harness/direct-calls-check.sh" "$OBJ"
host_test selftest-makefile "$repo/harness/selftest-list-check.sh" \
	"$repo/tools/testing/selftests/exclusive_symbols"
host_test upstream-am "$repo/harness/upstream-am-check.sh" "$repo" "$BUILD"
host_test count-plugin "$repo/harness/count-plugin-check.sh"
host_test vng-kconfig "$repo/harness/vng-kconfig-check.sh" "$SRC"

export XSYM_MODDIR=$testmods
# The patched modprobe (make kmod) for test-modprobe.sh, at its host path.
export XSYM_KMOD=$(realpath -m "$BUILD")/kmod/install/sbin
# The KUnit suite, in a boot of its own.  With the option off,
# config-off.sh below is the only guest.
if [ -z "${OFF:-}" ] && want kunit:exclusive_kunit=exclusive_symbols; then
	boot kunit --timeout $((300 * slow)) -- \
		"$repo/harness/kunit-guest.sh" exclusive_kunit exclusive_symbols
fi
# The main boot: the kselftests as the README runs them, vng starting
# run_kselftest.sh from the directory that 'make -C tools/testing/selftests
# install' wrote; the scripts find their modules beside them.  The
# runner's report becomes one subtest per script (ksft-tap.sh).
main_tests=()
if [ -z "${OFF:-}" ]; then
	while read -r t; do
		want "${t#*:}" && main_tests+=(-t "$t")
	done < <("$ksft/run_kselftest.sh" -l)
fi
if [ ${#main_tests[@]} -gt 0 ]; then
	XSYM_MODDIR='' boot main --timeout $((2400 * slow)) -- \
		"$ksft/run_kselftest.sh" "${main_tests[@]}"
	"$repo/harness/ksft-tap.sh" kselftest < "$results/vm-main/output" \
		> "$results/tap/guest-main.tap"
fi
# Scripts that declare boots of their own, one per '# xsym-boot:' line of
# vng options (quoted as in a shell); '# xsym-boot-expects: splat' marks
# the boots that must oops.
for f in "$selftests"/test-*.sh; do
	name=$(basename "$f" .sh)
	[ -z "${OFF:-}" ] && want "$name" || continue
	mapfile -t lines < <(sed -n 's/^# xsym-boot: //p' "$f")
	expect=()
	grep -q '^# xsym-boot-expects: splat' "$f" && expect=(--expect-splat)
	k=0
	for opts in "${lines[@]}"; do
		k=$((k + 1))
		bname=$name
		[ ${#lines[@]} = 1 ] || bname=$name-$k
		mapfile -d '' words < <(xargs printf '%s\0' <<<"$opts")
		boot "$bname" --timeout $((300 * slow)) "${expect[@]}" \
			--vng "${words[@]}" -- "$f"
	done
done

# The main guest ran with return thunks and call-depth accounting live.
if [ -f "$results/console-main.log" ]; then
	host_test return-thunks-live grep -h -E \
		'RETBleed: Mitigation: Stuffing|active return thunk: call_depth_return_thunk' \
		"$results/console-main.log"
fi

# kmod's own testsuite, with the provider directive's new cases (in the
# Debian package's build when that runs).
if want kmod && [ -z "$debian" ]; then
	host_test kmod-testsuite "$repo/harness/kmod.sh" check \
		--tap "$results/tap/kmod.tap"
fi

echo "== the background jobs (waiting for them)"
wait "$background_pid"
sed 's/^/  /' "$results/background.log" | tail -20
if [ -n "$debian_pid" ]; then
	wait "$debian_pid"
	sed 's/^/  /' "$results/debian.log" | tail -40
fi
for t in off-as-upstream chacha-direct-calls-cfi cfi-enforced; do
	[ -f "$results/$t.rc" ] && host_result "$t"
done

# A kernel with the option off (make check OFF=1): no trace of the
# feature, and test modules built against it behave as upstream's
# (exclusive-symbols.rst, 11).
if [ -n "${OFF:-}" ] && want config-off; then
	boot config-off --smp 1 --timeout 300 -- bash "$selftests/config-off.sh"
fi

# The harness itself: a splat and a hang must both fail a run.
host_test vm-splat-fails "$VM" --kernel "$VMLINUZ" \
	--timeout $((120 * slow)) --name splat --expect-splat -- insmod "$testmods/vm_warn.ko"
host_test vm-hang-killed "$VM" --kernel "$VMLINUZ" \
	--timeout 20 --name hang --expect-timeout -- sleep 1000

echo "== results"
if ! ls "$results"/tap/*.tap >/dev/null 2>&1; then
	echo "no test matches T=$T"
	echo "0 passed, 1 failed"
	exit 1
fi
python3 "$repo/harness/tap-summary.py" --results "$results/results.txt" \
	"$results"/tap/*.tap
