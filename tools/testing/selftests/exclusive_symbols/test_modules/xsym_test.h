/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slots of the exclusive symbols selftests, owned by xsym_owner.
 *
 * Group xsym_pair = { xsym_add, xsym_sub } and slot xsym_solo.  Every
 * implementation computes the same answer as the fallback; which one ran
 * shows only in its module's 'calls' counter (the side channel).
 */
#ifndef _XSYM_TEST_H
#define _XSYM_TEST_H

#include <linux/exclusive_symbol.h>

long xsym_add_generic(long a, long b);
long xsym_sub_generic(long a, long b);
long xsym_solo_generic(long a);

DECLARE_EXCLUSIVE_SYMBOL(xsym_add, xsym_add_generic);
DECLARE_EXCLUSIVE_SYMBOL(xsym_sub, xsym_sub_generic);
DECLARE_EXCLUSIVE_SYMBOL(xsym_solo, xsym_solo_generic);

/* Owned by vmlinux (CONFIG_MODULE_EXCLUSIVE_SYMBOLS_BUILTIN_TEST). */
long xsym_builtin_generic(long a);
DECLARE_EXCLUSIVE_SYMBOL(xsym_builtin, xsym_builtin_generic);

#endif
