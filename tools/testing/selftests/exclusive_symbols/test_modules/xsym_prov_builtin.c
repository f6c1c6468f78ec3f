// SPDX-License-Identifier: GPL-2.0
/*
 * Exclusive symbols selftest: a module provider of xsym_builtin, the slot
 * vmlinux owns and a built-in provider holds, so it must be refused.
 */
#include <linux/module.h>

#include "xsym_test.h"

static long xsym_prov_builtin_impl(long a)
{
	return a + 1;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_builtin, xsym_prov_builtin_impl);

MODULE_DESCRIPTION("Exclusive symbols selftest: module provider of a built-in slot");
MODULE_LICENSE("GPL");
