// SPDX-License-Identifier: GPL-2.0
/*
 * Exclusive symbols selftest: provider E supplies xsym_solo and only half
 * of the xsym_pair group, so it must be refused with nothing claimed.
 */
#include <linux/module.h>

#include "xsym_test.h"

static long xsym_e_solo(long a)
{
	return a;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_solo, xsym_e_solo);

static long xsym_e_sub(long a, long b)
{
	return a - b;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_sub, xsym_e_sub);

MODULE_DESCRIPTION("Exclusive symbols selftest: partial group provider");
MODULE_LICENSE("GPL");
