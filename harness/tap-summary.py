#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the leaf results of (K)TAP documents.

tap-summary.py [--results FILE] TAP...

Every leaf result (a test with no subtests) counts once.  A parent that
failed although none of its leaves did (a script that crashed, a suite that
did not load) counts as one failure of its own.  Writes one line per result
to --results and prints the failures, each with the last diagnostic lines
written before it (so that a log's tail says why), then
'N passed, N failed, N skipped'.
"""
import re
import sys

RESULT = re.compile(r'^(\s*)(ok|not ok)\s+\d+\s*(?:-\s*)?(.*?)\s*(#\s*(.*))?$')
SUBTEST = re.compile(r'^(\s*)#\s*Subtest:\s*(.*)$')
DIAG = re.compile(r'^\s*#\s?(.*)$')
DIAG_LINES = 6


def parse(path, out):
    frames = []     # (indent, name, failed leaves, leaves) of open subtests
    last_indent = None
    diag = []       # diagnostic lines since the last result
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = SUBTEST.match(line)
            if m:
                frames.append([len(m.group(1)), m.group(2), 0, 0])
                continue
            m = RESULT.match(line)
            if not m:
                d = DIAG.match(line)
                if d and d.group(1).strip():
                    diag = (diag + [d.group(1).rstrip()])[-DIAG_LINES:]
                continue
            why, diag = diag, []
            indent, ok, name = len(m.group(1)), m.group(2) == 'ok', m.group(3)
            directive = (m.group(5) or '').strip()
            skip = directive.upper().startswith('SKIP')
            is_parent = last_indent is not None and last_indent > indent
            last_indent = indent
            # Frames deeper than this line are closed by it.
            inner = [fr for fr in frames if fr[0] > indent]
            frames[:] = [fr for fr in frames if fr[0] <= indent]
            prefix = '/'.join(fr[1] for fr in frames if fr[0] <= indent)
            full = f'{prefix}/{name}' if prefix else name
            if is_parent:
                failed = sum(fr[2] for fr in inner)
                leaves = sum(fr[3] for fr in inner)
                if not ok and not skip and failed == 0:
                    out.append(('fail', full + ' (no failing subtest)', why))
                    bump(frames, indent, True)
                elif skip and leaves == 0:
                    out.append(('skip', full, []))
                continue
            state = 'skip' if skip else ('pass' if ok else 'fail')
            out.append((state, full, why))
            bump(frames, indent, state == 'fail')


def bump(frames, indent, failed):
    for fr in frames:
        if fr[0] <= indent:
            fr[3] += 1
            fr[2] += failed


def main():
    args = sys.argv[1:]
    results = None
    if args[:1] == ['--results']:
        results, args = args[1], args[2:]
    out = []
    for path in args:
        parse(path, out)
    if results:
        with open(results, 'w') as f:
            for state, name, _ in out:
                f.write(f'{state.upper():4} {name}\n')
    count = {s: sum(1 for st, _, _ in out if st == s)
             for s in ('pass', 'fail', 'skip')}
    for state, name, why in out:
        if state == 'fail':
            print(f'FAIL {name}')
            for line in why:
                print(f'  # {line}')
    line = f"{count['pass']} passed, {count['fail']} failed"
    if count['skip']:
        line += f", {count['skip']} skipped"
    print(line)
    return 1 if count['fail'] else 0


if __name__ == '__main__':
    sys.exit(main())
