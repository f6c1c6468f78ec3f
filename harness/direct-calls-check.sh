#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# direct-calls-check.sh OBJ...: the ChaCha providers call their assembly
# directly.  In each provider module of each kernel build given, the glue
# functions (chacha_provider_*) contain no indirect call or jump: none
# through a register or memory, and no retpoline thunk.  An indirect call
# there would cost a retpoline per chunk, and under kCFI it traps, for the
# routines carry no type hash.

set -u
rc=0 n=0
for obj in "$@"; do
	for m in chacha-ssse3 chacha-avx2 chacha-avx512vl; do
		f=$obj/arch/x86/crypto/$m.o
		[ -f "$f" ] || continue
		dis=$(objdump -dr --no-show-raw-insn "$f" |
			awk '/^[0-9a-f]+ <chacha_provider/,/^$/')
		[ -n "$dis" ] || { echo "$f: no chacha_provider_* functions"; rc=1; continue; }
		bad=$(echo "$dis" | grep -E '(call|jmp)[[:space:]]+\*|__x86_indirect_(call_|jump_)?thunk')
		if [ -n "$bad" ]; then
			echo "$f: indirect branches in the glue:"
			echo "$bad"
			rc=1
		fi
		calls=$(echo "$dis" | grep -oE 'R_X86_64_PLT32[[:space:]]+h?chacha_[0-9a-z_]+' |
			awk '{print $2}' | sort -u | tr '\n' ' ')
		echo "$(basename "$obj")/$m: direct calls to $calls"
		n=$((n + 1))
	done
done
[ $n -gt 0 ] || { echo "no ChaCha provider module built"; exit 1; }
exit $rc
