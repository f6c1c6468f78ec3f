// SPDX-License-Identifier: GPL-2.0-only
/*
 * A slot owned by vmlinux and a built-in provider of it, for the exclusive
 * symbols selftests: the slot registers at postcore_initcall, the provider
 * binds at late_initcall, and a caller at core_initcall, before either,
 * must be served by the fallback.
 */

#define pr_fmt(fmt) "exclusive_builtin_test: " fmt

#include <linux/atomic.h>
#include <linux/exclusive_symbol.h>
#include <linux/init.h>
#include <linux/moduleparam.h>

#include "exclusive_builtin_test.h"

static atomic_long_t fallback_calls = ATOMIC_LONG_INIT(0);
static atomic_long_t impl_calls = ATOMIC_LONG_INIT(0);

long xsym_builtin_generic(long a)
{
	atomic_long_inc(&fallback_calls);
	return a + 1;
}
EXPORT_SYMBOL_GPL(xsym_builtin_generic);

DEFINE_EXCLUSIVE_SYMBOL_GPL(xsym_builtin, xsym_builtin_generic);

/*
 * A second slot, whose built-in provider (exclusive_builtin_nodev.c) fails
 * its init as a provider on a CPU without its instructions would: it must
 * stay on this fallback.
 */
long xsym_builtin_nodev_generic(long a)
{
	return a + 1;
}
EXPORT_SYMBOL_GPL(xsym_builtin_nodev_generic);

DEFINE_EXCLUSIVE_SYMBOL_GPL(xsym_builtin_nodev, xsym_builtin_nodev_generic);

static long xsym_builtin_impl(long a)
{
	atomic_long_inc(&impl_calls);
	return a + 1;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_builtin, xsym_builtin_impl);

/* "fallback" or "impl": who served the core_initcall caller. */
static char *early = "none";
module_param(early, charp, 0444);

static int __init xsym_builtin_early_call(void)
{
	long before = atomic_long_read(&fallback_calls);

	if (exclusive_call(xsym_builtin)(41) == 42)
		early = atomic_long_read(&fallback_calls) == before + 1 ?
			"fallback" : "impl";
	return 0;
}
core_initcall(xsym_builtin_early_call);

/* Reading 'call' calls the slot now and says who served it. */
static int call_get(char *buf, const struct kernel_param *kp)
{
	long before = atomic_long_read(&impl_calls);

	if (exclusive_call(xsym_builtin)(41) != 42)
		return sysfs_emit(buf, "wrong\n");
	return sysfs_emit(buf, "%s\n", atomic_long_read(&impl_calls) == before + 1 ?
			  "impl" : "fallback");
}

static const struct kernel_param_ops call_ops = { .get = call_get };
module_param_cb(call, &call_ops, NULL, 0444);
