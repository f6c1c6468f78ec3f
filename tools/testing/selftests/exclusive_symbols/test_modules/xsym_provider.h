/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Body shared by the well-behaved providers: the pair group, computing the
 * fallback's answer and counting its calls.  spin_ms makes xsym_add busy-wait
 * with preemption enabled, so that a caller can be caught inside it; init_ms
 * makes the init sleep, so that a second loader finds the provider coming.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/module.h>

#include "xsym_test.h"

static atomic_long_t calls = ATOMIC_LONG_INIT(0);
static atomic_t inside = ATOMIC_INIT(0);
static unsigned int spin_ms;
module_param(spin_ms, uint, 0644);
MODULE_PARM_DESC(spin_ms, "busy-wait this long in every xsym_add call");
static unsigned int init_ms;
module_param(init_ms, uint, 0444);
MODULE_PARM_DESC(init_ms, "sleep this long in init before it returns");

static long xsym_prov_add(long a, long b)
{
	unsigned int i;

	atomic_long_inc(&calls);
	atomic_inc(&inside);
	for (i = 0; i < READ_ONCE(spin_ms); i++)
		mdelay(1);
	atomic_dec(&inside);
	return a + b;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_add, xsym_prov_add);

static long xsym_prov_sub(long a, long b)
{
	atomic_long_inc(&calls);
	return a - b;
}
EXPORT_SYMBOL_EXCLUSIVE_GPL(xsym_sub, xsym_prov_sub);

static int calls_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&calls));
}

static const struct kernel_param_ops calls_ops = { .get = calls_get };
module_param_cb(calls, &calls_ops, NULL, 0444);

static int inside_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&inside));
}

static const struct kernel_param_ops inside_ops = { .get = inside_get };
module_param_cb(inside, &inside_ops, NULL, 0444);

static int __init xsym_prov_init(void)
{
	msleep(init_ms);
	return XSYM_INIT_RESULT;
}
module_init(xsym_prov_init);

static void __exit xsym_prov_exit(void)
{
	long before = atomic_long_read(&calls);

	/* The loader guarantees both; either failing is a loader bug. */
	WARN(atomic_read(&inside), "exit() while a caller is inside\n");
	exclusive_call(xsym_add)(1, 2);
	WARN(atomic_long_read(&calls) != before, "exit() while still bound\n");
}
module_exit(xsym_prov_exit);

MODULE_LICENSE("GPL");
