#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# orc-check.sh OBJ: the ORC unwind data of return_to_handler, the function
# graph tracer's return trampoline, as objtool wrote it into vmlinux.o.
# Once its frame is dropped, the traced function's return address is only
# in %rdi, so the entries of its tail must say "undefined" (patches/0008):
# an interrupt there that walks the current stack would otherwise unwind
# to a frame whose stack pointer did not move, and the unwinder warns
# "stack going in the wrong direction".  Fails if any entry of the
# function describes a CALL frame at sp+0, or if its last entry is not
# undefined.

set -euo pipefail
obj=$(realpath "$1")
cd "$obj"
read -r start size < <(readelf -sW vmlinux.o |
	awk '$8 == "return_to_handler" { print $2, $3; exit }')
[ -n "${start:-}" ] || { echo "no return_to_handler in vmlinux.o"; exit 1; }
tools/objtool/objtool --dump=orc vmlinux.o 2>/dev/null |
python3 -c '
import sys
start, size = int(sys.argv[1], 16), int(sys.argv[2])
inside = []
for line in sys.stdin:
    if not line.startswith(".text+"):
        continue
    off = int(line.split(":")[0][len(".text+"):], 16) - start
    if 0 <= off < size:
        inside.append((off, line.split(":", 1)[1].strip()))
bad = [e for e in inside if e[1].startswith("type:call sp:sp+0 ")]
for off, e in inside:
    print(f"return_to_handler+{off:#x}: {e}")
if not inside:
    sys.exit("no ORC entry inside return_to_handler")
if bad:
    sys.exit("a CALL frame at sp+0: the unwinder would walk a frame that did not move")
if not inside[-1][1].startswith("type:(und)"):
    sys.exit("the tail after the frame is dropped is not undefined")
print("the tail of return_to_handler is undefined for the unwinder")
' "$start" "$size"
