#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh - boot a kernel with virtme-ng (vng) on the host's root, run one
# command, return its exit status.  What vng does not do, this adds: a
# hard timeout, the console kept in a file and scanned for kernel splats
# (BUG, WARNING, Oops, KASAN, lockdep, RCU stall, hung task, ...: any of
# them fails the run, whatever the command returned), and the QEMU
# settings the tests need, passed through vng's own options.
#
# Exit status: the command's, or 124 timeout, 125 splat, 126 no status
# (the guest died before the command returned).  --expect-splat and
# --expect-timeout turn those into the success case, for the harness's
# own tests.

set -uo pipefail

here=$(dirname "$(realpath "$0")")
kernel= timeout=600 smp=2 mem=1024 cpu=max append= out= log=
interactive= expect= name=vm envs=() qopts=() vngopts=()

usage() {
	cat <<USAGE >&2
usage: vm.sh --kernel KDIR|BZIMAGE [--timeout SEC] [--smp N] [--mem MB]
             [--cpu MODEL] [--append ARGS] [--out DIR] [--log FILE]
             [--name NAME] [--env NAME=VALUE]... [--plugin SO[,ARG=VALUE...]]
             [--interactive] [--expect-splat | --expect-timeout]
             [--vng VNG-OPTION...] -- COMMAND...

VNG-OPTIONs go to vng as they are, after this script's own.
USAGE
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--cpu) cpu=$2; shift ;;
	--append) append="$append $2"; shift ;;
	--out) out=$2; shift ;;
	--log) log=$2; shift ;;
	--name) name=$2; shift ;;
	--env) envs+=("$2"); shift ;;
	--plugin) qopts+=(-plugin "$2"); VM_ACCEL=tcg; shift ;;
	--interactive) interactive=1 ;;
	--expect-splat) expect=splat ;;
	--expect-timeout) expect=timeout ;;
	--vng)
		shift
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			vngopts+=("$1")
			shift
		done
		continue ;;
	--) shift; break ;;
	*) usage ;;
	esac
	shift
done
[ -n "$kernel" ] && { [ $# -gt 0 ] || [ -n "$interactive" ]; } || usage
[ -e "$kernel" ] || { echo "vm: no kernel at $kernel" >&2; exit 126; }
command -v vng >/dev/null || { echo "vm: no vng (virtme-ng) installed" >&2; exit 126; }

if [ -z "$out" ]; then
	out=$(mktemp -d /tmp/vm.XXXXXX)
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
out=$(realpath "$out")
log=${log:-$out/console.log}

# KVM only when it really works: nested KVM here can hang, so probe once
# with a short timeout and remember the answer.  A TCG plugin (--plugin)
# sees only what TCG translates.
kvm_works() {
	local cache=${TMPDIR:-/tmp}/vm.kvm-probe img=$kernel
	[ -w /dev/kvm ] || return 1
	[ -d "$img" ] && img=$img/arch/x86/boot/bzImage
	if [ ! -f "$cache" ]; then
		if timeout -k 2 20 qemu-system-x86_64 -accel kvm -cpu host \
		   -m 256 -nodefaults -display none -no-reboot \
		   -kernel "$img" -append "console=ttyS0 panic=-1 init=/bin/false" \
		   -serial stdio </dev/null 2>/dev/null | grep -q "Linux version"; then
			echo kvm > "$cache.$$"
		else
			echo tcg > "$cache.$$"
		fi
		# Guests may start at once: the answer appears whole.
		mv -f "$cache.$$" "$cache"
	fi
	[ "$(cat "$cache")" = kvm ]
}

# The output directory is writable in the guest as /tmp/vm-out, named
# by VM_OUT: make bench's guests leave their labels there.  9p, as the
# root is: virtiofsd is not packaged for Debian 12.
vng=(vng --run "$kernel" --name "$name" --cpus "$smp" --memory "${mem}M"
     --verbose --disable-microvm --force-9p --rwdir "/tmp/vm-out=$out")
# A CPU model among the caller's vng options is the one.
[[ " ${vngopts[*]} " =~ [=\ ]-cpu\  ]] && cpu=
if [ "${VM_ACCEL:-}" != tcg ] && kvm_works; then
	[ "$cpu" = max ] && cpu=host
	qopts+=(${cpu:+-cpu "$cpu"})
else
	# Multi-threaded TCG lets a vCPU run code another vCPU has rewritten
	# and synchronised (text_poke_bp() sees its INT3 hit after the final
	# sync), so TCG runs its vCPUs interleaved on one host thread:
	# preemption, IPIs and interrupts between vCPUs stay, truly
	# simultaneous execution goes.  Under TCG the clocksource watchdog
	# sees long read-backs, marks the TSC unstable and falls back to the
	# emulated HPET, which slows every timestamp several times over.
	vng+=(--disable-kvm)
	qopts+=(-accel "tcg,thread=${VM_TCG_THREAD:-single}" ${cpu:+-cpu "$cpu"})
	append="tsc=reliable$append"
fi
# A splat must be seen, and an oops must end the boot; the hung task
# and soft lockup detectors report without killing the run.  vng names
# no root device: a kernel without CONFIG_BLOCK (the kCFI one) finds
# the 9p root only by its tag.
append="root=/dev/root printk.devkmsg=on oops=panic softlockup_panic=0 hung_task_panic=0 $append"
vng+=(--append "$append" "${vngopts[@]}" "--qemu-opts=${qopts[*]}")

if [ -n "$interactive" ]; then
	exec "${vng[@]}"
fi

# The command with the caller's test selection and switches: vng starts
# it with the guest's own environment.
env=()
for v in T DEBUG $(compgen -v XSYM_); do
	[ -n "${!v:-}" ] && env+=("$v=${!v}")
done
env+=("VM_OUT=/tmp/vm-out" "${envs[@]}")

# vng's stdout is the command's; its stderr the console (--verbose).
# timeout signals its whole process group, so that vng, virtme-run and
# QEMU end together (QEMU would otherwise hold the pipe open).
rm -f "$out/status"
# vng joins its command's words with spaces into one line for the
# guest's shell: quote them for it.  The whole command line is kept.
cmd=$(printf '%q ' env "${env[@]}" "$@")
printf '%q ' "${vng[@]}" -- "$cmd" > "$out/cmd"
echo >> "$out/cmd"
timeout -k 5 "$timeout" "${vng[@]}" -- "$cmd" \
	</dev/null 2>"$log" | tee "$out/output" |
	{ [ -n "${VM_QUIET:-}" ] && cat >/dev/null || cat; }
vrc=${PIPESTATUS[0]}

# shellcheck source=../tools/testing/vm/splat.sh
. "$here/../tools/testing/vm/splat.sh"
splat=$(grep -aE -m 1 "$splat_re" "$log")

if [ $vrc = 124 ] || [ $vrc = 137 ]; then
	result=timeout
elif [ -n "$splat" ]; then
	result=splat
elif [ $vrc = 255 ]; then
	# vng's code for a guest that ended without the command's status
	result=nostatus
else
	result=$vrc
fi
echo "$result" > "$out/status"

report() { echo "vm: $name: $*" >&2; }
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
