#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh - boot a kernel under QEMU on the host's own root, run one
# command, return its exit status.
#
# The guest sees the host's root read-only over 9p plus tmpfs (as virtme-ng
# does).  Every boot has a hard timeout.  A kernel splat on the console
# (BUG, WARNING, Oops, KASAN, lockdep, RCU stall, hung task, ...) fails the
# run and is printed, whatever the command returned.
#
# Exit status: the command's, or 124 timeout, 125 splat, 126 no status.
# --expect-splat / --expect-timeout turn those into the success case, for
# the harness's own tests.

set -uo pipefail

here=$(dirname "$(realpath "$0")")
kernel= modroot= timeout=600 smp=2 mem=1024 cpu=max append= out= log=
interactive= expect= name=vm envs=() plugin=()

usage() {
	cat <<USAGE >&2
usage: run-vm.sh --kernel BZIMAGE [--modroot DIR] [--timeout SEC] [--smp N]
                 [--mem MB] [--cpu MODEL] [--append ARGS] [--out DIR]
                 [--log FILE] [--name NAME] [--env NAME=VALUE]...
                 [--plugin SO[,ARG=VALUE...]]
                 [--interactive] [--expect-splat | --expect-timeout]
                 -- COMMAND...
USAGE
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift ;;
	--modroot) modroot=$(realpath "$2"); shift ;;
	--timeout) timeout=$2; shift ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--cpu) cpu=$2; shift ;;
	--append) append="$append $2"; shift ;;
	--out) out=$2; shift ;;
	--log) log=$2; shift ;;
	--name) name=$2; shift ;;
	--env) envs+=("$2"); shift ;;
	--plugin) plugin=(-plugin "$2"); shift ;;
	--interactive) interactive=1 ;;
	--expect-splat) expect=splat ;;
	--expect-timeout) expect=timeout ;;
	--) shift; break ;;
	*) usage ;;
	esac
	shift
done
[ -n "$kernel" ] && [ $# -gt 0 ] || usage
[ -f "$kernel" ] || { echo "run-vm: no kernel at $kernel" >&2; exit 126; }

if [ -z "$out" ]; then
	out=$(mktemp -d /tmp/run-vm.XXXXXX)
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
out=$(realpath "$out")
log=${log:-$out/console.log}
rm -f "$out/status"

printf '%q ' "$@" > "$out/cmd"
echo >> "$out/cmd"
{
	echo "VM_MODROOT=${modroot@Q}"
	echo "VM_CWD=${PWD@Q}"
	echo "VM_OUT=/run/vm/out"
	echo "VM_INTERACTIVE=$interactive"
	# Pass the caller's test selection and switches through.
	for v in T DEBUG $(compgen -v XSYM_); do
		[ -n "${!v:-}" ] && echo "$v=${!v@Q}"
	done
	for e in "${envs[@]}"; do
		v=${e#*=}
		echo "${e%%=*}=${v@Q}"
	done
} > "$out/env"

# KVM only when it really works: nested KVM here can hang, so probe once
# with a short timeout and remember the answer.
accel=${VM_ACCEL:-}
# A TCG plugin sees only what TCG translates.
[ ${#plugin[@]} = 0 ] || accel=tcg
if [ -z "$accel" ]; then
	accel=tcg
	cache=${TMPDIR:-/tmp}/run-vm.kvm-probe
	if [ -w /dev/kvm ]; then
		if [ ! -f "$cache" ]; then
			if timeout -k 2 20 qemu-system-x86_64 -accel kvm -cpu host \
			   -m 256 -nodefaults -display none -no-reboot \
			   -kernel "$kernel" -append "console=ttyS0 panic=-1 init=/bin/false" \
			   -serial stdio </dev/null 2>/dev/null | grep -q "Linux version"; then
				echo kvm > "$cache.$$"
			else
				echo tcg > "$cache.$$"
			fi
			# Guests may start at once: the answer appears whole.
			mv -f "$cache.$$" "$cache"
		fi
		accel=$(cat "$cache")
	fi
fi
[ "$accel" = kvm ] && [ "$cpu" = max ] && cpu=host

cmdline="console=ttyS0 root=/dev/root rootfstype=9p"
cmdline+=" rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose ro"
cmdline+=" init=$here/guest-init.sh panic=-1 oops=panic softlockup_panic=0"
cmdline+=" hung_task_panic=0 printk.devkmsg=on"
# Under TCG the clocksource watchdog sees long read-backs, marks the TSC
# unstable and falls back to the emulated HPET, which slows every
# timestamp (and the stress test) several times over.
[ "$accel" = kvm ] || cmdline+=" tsc=reliable"
cmdline+="$append"

# Multi-threaded TCG lets a vCPU run code another vCPU has rewritten and
# synchronised (text_poke_bp() sees its INT3 hit after the final sync), so
# TCG runs its vCPUs interleaved on one host thread: preemption, IPIs and
# interrupts between vCPUs stay, truly simultaneous execution goes.
[ "$accel" = tcg ] && accel=tcg,thread=${VM_TCG_THREAD:-single}

qemu=(qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp "$smp" -m "$mem"
      -nodefaults -display none -no-reboot "${plugin[@]}"
      -kernel "$kernel" -append "$cmdline"
      -fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
      -device virtio-9p-pci,fsdev=root,mount_tag=/dev/root
      -fsdev local,id=out,path="$out",security_model=none,multidevs=remap
      -device virtio-9p-pci,fsdev=out,mount_tag=vmout)

if [ -n "$interactive" ]; then
	"${qemu[@]}" -serial mon:stdio
	exit $?
fi

timeout -k 5 "$timeout" "${qemu[@]}" -serial stdio </dev/null 2>&1 |
	tee "$log" | { [ -n "${VM_QUIET:-}" ] && cat >/dev/null || cat; }
qrc=${PIPESTATUS[0]}

# shellcheck source=splat.sh
. "$here/splat.sh"
splat=$(grep -aE -m 1 "$splat_re" "$log")

if [ $qrc = 124 ] || [ $qrc = 137 ]; then
	result=timeout
elif [ -n "$splat" ]; then
	result=splat
elif [ -f "$out/status" ]; then
	result=$(cat "$out/status")
else
	result=nostatus
fi

report() { echo "run-vm: $name: $*" >&2; }
case $result in
timeout) report "killed after ${timeout}s timeout (hung guest)"; rc=124 ;;
splat)
	report "kernel splat on the console:"
	grep -aE -A 20 -m 1 "$splat_re" "$log" | sed 's/^/  | /' >&2
	rc=125 ;;
nostatus) report "guest ended without an exit status (crash or early panic)"; rc=126 ;;
*) rc=$result ;;
esac

case $expect in
splat) [ $rc = 125 ] && { report "splat was expected"; exit 0; }
       report "expected a splat, got status $rc"; exit 1 ;;
timeout) [ $rc = 124 ] && { report "timeout was expected"; exit 0; }
	 report "expected a timeout, got status $rc"; exit 1 ;;
esac
exit "$rc"
