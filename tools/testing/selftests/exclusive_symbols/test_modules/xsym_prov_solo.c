// SPDX-License-Identifier: GPL-2.0
/* Exclusive symbols selftest: provider of xsym_solo alone. */
#include <linux/module.h>

#include "xsym_test.h"

static long xsym_solo_impl(long a)
{
	return a;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_solo, xsym_solo_impl);

MODULE_DESCRIPTION("Exclusive symbols selftest: xsym_solo provider");
MODULE_LICENSE("GPL");
