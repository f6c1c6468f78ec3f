// SPDX-License-Identifier: GPL-2.0
/*
 * Exclusive symbols selftest: a livepatch of both sides of the xsym_add
 * slot, the fallback in xsym_owner and provider A's implementation.
 * Calls through the slot reach these replacements for as long as the
 * patch is enabled, whichever of the two the slot points at; their
 * counters tell which one ran.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/livepatch.h>
#include <linux/module.h>

static atomic_long_t generic_calls = ATOMIC_LONG_INIT(0);
static atomic_long_t prov_calls = ATOMIC_LONG_INIT(0);

static long xsym_lp_add_generic(long a, long b)
{
	atomic_long_inc(&generic_calls);
	return a + b;
}

static long xsym_lp_prov_add(long a, long b)
{
	atomic_long_inc(&prov_calls);
	return a + b;
}

static struct klp_func xsym_lp_owner_funcs[] = {
	{ .old_name = "xsym_add_generic", .new_func = xsym_lp_add_generic },
	{ }
};

static struct klp_func xsym_lp_prov_funcs[] = {
	{ .old_name = "xsym_prov_add", .new_func = xsym_lp_prov_add },
	{ }
};

/* Provider A need not be loaded: it is patched whenever it comes. */
static struct klp_object xsym_lp_objs[] = {
	{ .name = "xsym_owner", .funcs = xsym_lp_owner_funcs },
	{ .name = "xsym_prov_a", .funcs = xsym_lp_prov_funcs },
	{ }
};

static struct klp_patch xsym_lp_patch = {
	.mod = THIS_MODULE,
	.objs = xsym_lp_objs,
};

static int count_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(kp->arg));
}

static const struct kernel_param_ops count_ops = { .get = count_get };
module_param_cb(generic_calls, &count_ops, &generic_calls, 0444);
module_param_cb(prov_calls, &count_ops, &prov_calls, 0444);

static int __init xsym_lp_init(void)
{
	return klp_enable_patch(&xsym_lp_patch);
}

static void __exit xsym_lp_exit(void)
{
}

module_init(xsym_lp_init);
module_exit(xsym_lp_exit);

MODULE_DESCRIPTION("Exclusive symbols selftest: livepatch of a fallback and a provider");
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
