#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# make bench's count tables: joins the labels that harness/bench-count-guest.sh
# wrote with the count plugin's lines (tools/testing/vm/count-plugin.c), in
# order, for the kernel under test and the kernel with the option off.

import sys


def load(d):
    """The measurements of one count boot: {label: counts}, and its notes."""
    with open(f"{d}/labels") as f:
        labels = [line.rstrip("\n") for line in f]
    notes = [line[1:].strip() for line in labels if line.startswith("#")]
    labels = [line for line in labels if not line.startswith("#")]
    with open(f"{d}/counts") as f:
        counts = []
        for line in f:
            fields = dict(kv.split("=") for kv in line.split()[1:])
            counts.append({k: int(v) for k, v in fields.items()})
    if len(counts) != len(labels):
        sys.exit(f"bench-counts: {d}: {len(labels)} measurements, "
                 f"{len(counts)} count lines")
    return dict(zip(labels, counts)), notes


def per_round(m, prefix, key, n=1000):
    """Per loop round: the difference of 2n and n rounds."""
    return (m[f"{prefix} {2 * n}"][key] - m[f"{prefix} {n}"][key]) / n


def verdict(ok):
    return "met" if ok else "**missed**"


def calls(m):
    print("### (f) one call, counted: instructions and indirect branches per call")
    print()
    print("Goal: a call through a slot executes exactly the instructions of a")
    print("direct call and no indirect branch.  Each row is one round of the same")
    print("loop around a noinline wrapper (the difference of 2000 and 1000")
    print("rounds): the loop's own instructions, the wrapper, the call, and")
    print("xsym_add_generic's body; only the call differs between the rows.")
    print("\"in thunks\": the instructions the retpoline and return thunks")
    print("executed for them (interrupts are off in these loops).")
    print()
    print("| call | instructions | indirect | returns | in thunks | vs direct | goal |")
    print("|---|---:|---:|---:|---:|---:|---|")
    d = per_round(m, "call direct", "insns")
    for kind, name in (("slot", "through the slot"), ("direct", "direct call"),
                       ("ptr", "function pointer")):
        i = per_round(m, f"call {kind}", "insns")
        ind = per_round(m, f"call {kind}", "ind")
        ret = per_round(m, f"call {kind}", "rets")
        th = per_round(m, f"call {kind}", "thunkins")
        goal = verdict(i == d and ind == 0) if kind == "slot" else ""
        print(f"| {name} | {i:g} | {ind:g} | {ret:g} | {th:g} | {i - d:+g} | {goal} |")
    print()


ENTRIES = (("chacha", "ChaCha20, 4 KiB", 4096),
           ("poly1305-64", "Poly1305, one 64-byte message", 0),
           ("poly1305-4k", "Poly1305, one 4 KiB message", 4096),
           ("blake2s", "BLAKE2s compress, 4 KiB", 4096),
           ("curve25519", "Curve25519, one scalar multiplication", 0))


def crypto(m, up, notes):
    print("### (g) crypto library entries, counted: slot, direct, upstream")
    print()
    print("Goal: a library call through its slot costs no more than upstream")
    print("6.12's dispatch (the same kernel with the option off): ratio at most")
    print("1.00 per byte at 4 KiB.  \"direct\" calls the bound provider's")
    print("function by name.  Instructions per call (per byte for 4 KiB")
    print("entries), with the indirect branches of one call in brackets;")
    print("interrupts taken are counted apart and left out.")
    for n in notes:
        if n.startswith("ChaCha"):
            print(n + ".")
    print()
    print("| entry | slot | direct | upstream | slot/upstream | goal |")
    print("|---|---:|---:|---:|---:|---|")
    for key, name, nbytes in ENTRIES:
        s, d = m[f"slot {key}"], m[f"direct {key}"]
        u = up.get(f"upstream {key}")
        div = nbytes or 1

        def cell(c):
            return f"{c['insns'] / div:.2f} [{c['ind']}]" if nbytes else \
                f"{c['insns']} [{c['ind']}]"
        ratio = s["insns"] / u["insns"] if u else None
        goal = verdict(ratio <= 1.0) if u and nbytes else ""
        print(f"| {name} | {cell(s)} | {cell(d)} | "
              f"{cell(u) if u else 'n/a'} | "
              f"{f'{ratio:.4f}' if ratio else 'n/a'} | {goal} |")
    print()


def inflight(m):
    print("### (h) the unbind, as a caller in flight sees it; Poly1305's pin")
    print()
    print("Goal: an unbind adds nothing to a caller in flight; Poly1305's pin")
    print("adds no atomic read-modify-write on a shared line.  The caller loops")
    print("on CPU 1 with preemption off while `rmmod` unbinds the provider on")
    print("CPU 0; the provider's and the fallback's bodies are the same")
    print("instructions, so every call costs the same whichever it reaches.")
    print("The text patching interrupts the caller (its IPIs, and the INT3")
    print("if the caller meets it); those instructions are counted apart,")
    print("and so are the refills its return thunk does after interrupts.")
    print()
    prov = per_round(m, "steady provider", "insns")
    fb = per_round(m, "steady fallback", "insns")
    base = m["steady provider 1000"]["insns"] - 1000 * prov
    runs = [k for k in m if k.startswith("inflight ")]
    print("| what | value |")
    print("|---|---:|")
    print(f"| instructions per call, provider bound | {prov:g} |")
    print(f"| instructions per call, fallback | {fb:g} |")
    if runs:
        k = runs[-1]
        _, n, seen = k.split()
        n = int(n)
        c = m[k]
        added = c["insns"] - (base + n * prov)
        switched = seen == "provider,fallback"
        print(f"| calls in flight across the unbind | {n} |")
        print(f"| reached first, last | {seen} |")
        tpc = per_round(m, "steady provider", "thunkins")
        refill = c["thunkins"] - n * tpc - (m["steady provider 1000"]["thunkins"] - 1000 * tpc)
        print(f"| instructions added to the caller | {added:+g} |")
        print(f"| return-thunk instructions added (RSB refills after its interrupts) | "
              f"{refill:+g} |")
        print(f"| interrupts the caller took (instructions in them) | "
              f"{c['irqs']} ({c['irqins']}) |")
        print(f"| goal | {verdict(added == 0 and switched and prov == fb)} |")
    s, d = m["slot poly1305-64"], m["direct poly1305-64"]
    print(f"| Poly1305 message through the slot vs direct: instructions | "
          f"{s['insns'] - d['insns']:+d} |")
    print(f"| ... indirect branches | {s['ind'] - d['ind']:+d} |")
    print(f"| ... atomics on shared lines | {s['locks'] - d['locks']:+d} |")
    print(f"| ... atomics on the stack (smp_mb()) | "
          f"{s['slocks'] - d['slocks']:+d} |")
    print(f"| goal (no shared atomic) | "
          f"{verdict(s['locks'] - d['locks'] <= 0)} |")
    print()


def main():
    m, notes = load(sys.argv[1])
    up, upnotes = load(sys.argv[2]) if len(sys.argv) > 2 else ({}, [])
    print("## Instruction counts (QEMU TCG plugin, exact: the same in every run)")
    print()
    print("Counted by tools/testing/vm/count-plugin.c between two markers,")
    print("per vCPU, in boots without KASLR; the plugin's own test")
    print("(harness/count-plugin-check.sh) counts known loops exactly.")
    print("Instructions inside retpoline and return thunks are not in the")
    print("instruction columns: each thunk counts as the one branch it stands")
    print("for, and a return thunk's refills of the return stack buffer")
    print("(call-depth tracking) depend on when interrupts came.")
    for n in notes:
        if n.startswith("kernel"):
            print(f"Under test: {n}.")
    for n in upnotes:
        if n.startswith("kernel"):
            print(f"Upstream's dispatch: {n}.")
    if not up:
        print("No upstream column: BENCH_UPSTREAM=0.")
    print()
    calls(m)
    crypto(m, up, notes)
    inflight(m)


main()
