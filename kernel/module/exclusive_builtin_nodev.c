// SPDX-License-Identifier: GPL-2.0-only
/*
 * A built-in provider of the test slot xsym_builtin_nodev whose init fails
 * with -ENODEV, as a provider on a CPU without its instructions does: the
 * loader must leave the slot on its fallback and bind the other built-in
 * providers all the same (CONFIG_MODULE_EXCLUSIVE_SYMBOLS_BUILTIN_TEST).
 */

#include <linux/errno.h>
#include <linux/init.h>

#include "exclusive_builtin_test.h"

static long xsym_builtin_nodev_impl(long a)
{
	return a + 1;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_builtin_nodev, xsym_builtin_nodev_impl);

static int __init xsym_builtin_nodev_init(void)
{
	return -ENODEV;
}
exclusive_provider_initcall(xsym_builtin_nodev_init);
