/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The slots of CONFIG_MODULE_EXCLUSIVE_SYMBOLS_BUILTIN_TEST, owned by
 * vmlinux: xsym_builtin with a built-in provider that binds, and
 * xsym_builtin_nodev with one whose init fails.
 */
#ifndef _KERNEL_MODULE_EXCLUSIVE_BUILTIN_TEST_H
#define _KERNEL_MODULE_EXCLUSIVE_BUILTIN_TEST_H

#include <linux/exclusive_symbol.h>

long xsym_builtin_generic(long a);
DECLARE_EXCLUSIVE_SYMBOL(xsym_builtin, xsym_builtin_generic);

long xsym_builtin_nodev_generic(long a);
DECLARE_EXCLUSIVE_SYMBOL(xsym_builtin_nodev, xsym_builtin_nodev_generic);

#endif /* _KERNEL_MODULE_EXCLUSIVE_BUILTIN_TEST_H */
