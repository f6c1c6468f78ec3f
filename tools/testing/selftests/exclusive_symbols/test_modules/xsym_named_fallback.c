// SPDX-License-Identifier: GPL-2.0
/*
 * A well-formed provider built as "fallback.ko": the word sysfs, the pin and modprobe.d
 * use for the fallback, which no provider may be named.
 */
#include <linux/module.h>

#include "xsym_test.h"

static long xsym_fallback_solo(long a)
{
	return a;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_solo, xsym_fallback_solo);

MODULE_DESCRIPTION("Exclusive symbols selftest: a provider with a reserved name");
MODULE_LICENSE("GPL");
