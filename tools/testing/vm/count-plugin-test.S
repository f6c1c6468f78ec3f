/* SPDX-License-Identifier: GPL-2.0 */
/*
 * count-plugin-test.S - known loops for count-plugin.c, run under
 * qemu-x86_64 by harness/count-plugin-check.sh.  Each case runs between
 * the two markers; the check compares the plugin's lines, in order, with
 * the counts written beside each case.  N is 1000 (10 for the interrupt).
 */

#define MARK_START	.byte 0x0f, 0x1f, 0x80; .long 0x58430001
#define MARK_STOP	.byte 0x0f, 0x1f, 0x80; .long 0x58430002
#define N		1000

/* Leave an "interrupt" for \target: 10 instructions. */
.macro IRET_TO target
	mov	%rsp, %rdx
	mov	%ss, %eax
	push	%rax
	push	%rdx
	pushfq
	mov	%cs, %eax
	push	%rax
	lea	\target(%rip), %rax
	push	%rax
	iretq
.endm

	.text
	.globl _start
_start:
	/* 1. a plain loop: insns 1 + 2N */
	MARK_START
	mov	$N, %ecx
1:	dec	%ecx
	jnz	1b
	MARK_STOP

	/* 2. direct calls: insns 1 + 4N, rets N */
	MARK_START
	mov	$N, %ecx
1:	call	leaf
	dec	%ecx
	jnz	1b
	MARK_STOP

	/* 3. indirect calls through a register: insns 2 + 4N, ind N, rets N */
	MARK_START
	lea	leaf(%rip), %rbx
	mov	$N, %ecx
1:	call	*%rbx
	dec	%ecx
	jnz	1b
	MARK_STOP

	/*
	 * 4. a retpoline-style thunk and a return thunk, each entered once
	 * per round and counted as the branch it stands for, never for what
	 * it executes (thunkins): insns 1 + 5N, ind N, rets N, thunkins 2N
	 */
	MARK_START
	mov	$N, %ecx
1:	lea	thunked(%rip), %rax
	call	ind_thunk
	dec	%ecx
	jnz	1b
	MARK_STOP

	/* 5. an "interrupt": insns 1 + 3 * 10, irqs 10, irqins 10 * 19 */
	MARK_START
	mov	$10, %ecx
1:	jmp	fake_entry
back:	dec	%ecx
	jnz	1b
	MARK_STOP

	/* 6. a jump through memory: insns 1 + 5N, ind N, rets N */
	MARK_START
	mov	$N, %ecx
1:	call	via_mem
	dec	%ecx
	jnz	1b
	MARK_STOP

	/* 7. atomics: insns 1 + 5N, locks 2N, slocks N (smp_mb()'s) */
	MARK_START
	mov	$N, %ecx
1:	lock incl counter(%rip)
	xchg	%rax, counter(%rip)
	lock addl $0, -4(%rsp)
	dec	%ecx
	jnz	1b
	MARK_STOP

	/* 8. a vector stub's "interrupt": insns 1 + 3 * 10, irqs 10, irqins 10 * 13 */
	MARK_START
	mov	$10, %ecx
1:	jmp	stub_1
back2:	dec	%ecx
	jnz	1b
	MARK_STOP

	mov	$60, %eax
	xor	%edi, %edi
	syscall

leaf:
	ret

thunked:
	jmp	ret_thunk

via_mem:
	jmp	*jump_slot(%rip)

	.globl ind_thunk, ind_thunk_end, ret_thunk, ret_thunk_end
	.globl fake_entry, fake_entry_end
ind_thunk:
	jmp	*%rax
ind_thunk_end:

ret_thunk:
	ret
ret_thunk_end:

/*
 * An IRETQ to itself first, as sync_core() does in an IPI handler, then
 * an IRETQ frame back to the loop, as an interrupt's exit would build.
 */
fake_entry:
	mov	%ss, %eax
	push	%rax
	push	%rsp
	addq	$8, (%rsp)
	pushfq
	mov	%cs, %eax
	push	%rax
	push	$1f
	iretq
1:	IRET_TO	back
fake_entry_end:

	.globl stubs, stubs_end
	.align 8
stubs:
	push	$0
	jmp	fake_common
	.align 8
stub_1:
	push	$1
	jmp	fake_common
	.align 8
stubs_end:

fake_common:
	pop	%rax
	IRET_TO	back2

	.data
jump_slot:
	.quad	leaf
counter:
	.quad	0
