// SPDX-License-Identifier: GPL-2.0
/*
 * Exclusive symbols selftest: kernel threads that call xsym_add in a tight
 * loop and check every answer while providers come and go.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

#include "xsym_test.h"

static unsigned int threads = 4;
module_param(threads, uint, 0444);

static atomic_long_t calls = ATOMIC_LONG_INIT(0);
static atomic_long_t errors = ATOMIC_LONG_INIT(0);
static struct task_struct *workers[16];

static int xsym_stress_fn(void *arg)
{
	long seed = (long)arg, i = 0;

	while (!kthread_should_stop()) {
		long a = seed * 1000003 + i, b = i ^ 0x5a5a;

		if (exclusive_call(xsym_add)(a, b) != a + b)
			atomic_long_inc(&errors);
		atomic_long_inc(&calls);
		/* A loop that never sleeps must report to tasks-RCU itself. */
		if (!(++i & 255))
			cond_resched_tasks_rcu_qs();
	}
	return 0;
}

static int count_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(kp->arg));
}

static const struct kernel_param_ops count_ops = { .get = count_get };
module_param_cb(calls, &count_ops, &calls, 0444);
module_param_cb(errors, &count_ops, &errors, 0444);

static void xsym_stress_stop(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(workers); i++)
		if (workers[i])
			kthread_stop(workers[i]);
}

static int __init xsym_stress_init(void)
{
	unsigned int i;

	for (i = 0; i < min_t(unsigned int, threads, ARRAY_SIZE(workers)); i++) {
		workers[i] = kthread_run(xsym_stress_fn, (void *)(long)i,
					 "xsym_stress/%u", i);
		if (IS_ERR(workers[i])) {
			int err = PTR_ERR(workers[i]);

			workers[i] = NULL;
			xsym_stress_stop();
			return err;
		}
	}
	return 0;
}
module_init(xsym_stress_init);

static void __exit xsym_stress_exit(void)
{
	xsym_stress_stop();
	pr_info("%ld calls, %ld wrong\n", atomic_long_read(&calls),
		atomic_long_read(&errors));
}
module_exit(xsym_stress_exit);

MODULE_DESCRIPTION("Exclusive symbols selftest: callers under load");
MODULE_LICENSE("GPL");
