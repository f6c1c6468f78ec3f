// SPDX-License-Identifier: GPL-2.0
/* Owner of the selftests' slots; its fallbacks count their calls. */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/module.h>

#include "xsym_test.h"

static atomic_long_t fallback_calls = ATOMIC_LONG_INIT(0);

long xsym_add_generic(long a, long b)
{
	atomic_long_inc(&fallback_calls);
	return a + b;
}
EXPORT_SYMBOL_GPL(xsym_add_generic);

long xsym_sub_generic(long a, long b)
{
	atomic_long_inc(&fallback_calls);
	return a - b;
}
EXPORT_SYMBOL_GPL(xsym_sub_generic);

long xsym_solo_generic(long a)
{
	atomic_long_inc(&fallback_calls);
	return a;
}
EXPORT_SYMBOL_GPL(xsym_solo_generic);

DEFINE_EXCLUSIVE_GROUP(xsym_pair);
DEFINE_EXCLUSIVE_GROUP_SYMBOL_GPL(xsym_pair, xsym_add, xsym_add_generic);
DEFINE_EXCLUSIVE_GROUP_SYMBOL_GPL(xsym_pair, xsym_sub, xsym_sub_generic);
DEFINE_EXCLUSIVE_SYMBOL_GPL(xsym_solo, xsym_solo_generic);

static int fallback_calls_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&fallback_calls));
}

static const struct kernel_param_ops fallback_calls_ops = {
	.get = fallback_calls_get,
};
module_param_cb(fallback_calls, &fallback_calls_ops, NULL, 0444);

MODULE_DESCRIPTION("Exclusive symbols selftest: slot owner");
MODULE_LICENSE("GPL");
