/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Markers for the benchmark's instruction counts (make bench): the QEMU
 * plugin tools/testing/vm/count-plugin.c counts what the vCPU executes
 * between xsym_count_start() and xsym_count_stop() and prints one line per
 * stop.  Both are NOPs with a tag in their displacement, so code built
 * with them runs unchanged anywhere else.
 */
#ifndef _XSYM_COUNT_H
#define _XSYM_COUNT_H

static __always_inline void xsym_count_start(void)
{
	asm volatile(".byte 0x0f, 0x1f, 0x80; .long 0x58430001" ::: "memory");
}

static __always_inline void xsym_count_stop(void)
{
	asm volatile(".byte 0x0f, 0x1f, 0x80; .long 0x58430002" ::: "memory");
}

#endif
