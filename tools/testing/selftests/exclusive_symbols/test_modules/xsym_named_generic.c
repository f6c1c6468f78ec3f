// SPDX-License-Identifier: GPL-2.0
/*
 * A well-formed provider built as "generic.ko": the word sysfs and the pin
 * use for the fallback, which no provider may be named.
 */
#include <linux/module.h>

#include "xsym_test.h"

static long xsym_generic_solo(long a)
{
	return a;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_solo, xsym_generic_solo);

MODULE_DESCRIPTION("Exclusive symbols selftest: a provider with a reserved name");
MODULE_LICENSE("GPL");
