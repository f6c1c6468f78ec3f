// SPDX-License-Identifier: GPL-2.0
/*
 * Exclusive symbols benchmark probes, read through module parameters:
 *
 *  site  - the bytes of this module's call site of xsym_add as patched in
 *          the running kernel, and where the call goes
 *  calls - ns per call through the slot, by a direct call and through a
 *          function pointer, all reaching xsym_add_generic
 *  gp    - ns of one synchronize_rcu() and one synchronize_rcu_tasks()
 *  count - written "slot N", "direct N" or "ptr N": N calls of that kind,
 *          with interrupts off, between the markers of xsym_count.h
 */

#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/rcupdate_wait.h>
#include <linux/static_call.h>

#include "xsym_count.h"
#include "xsym_test.h"

static unsigned int loops = 1000000;
module_param(loops, uint, 0644);

static noinline long xsym_bench_call(long a, long b)
{
	long r = exclusive_call(xsym_add)(a, b);

	barrier();	/* a call, not a tail jump */
	return r;
}

static noinline long xsym_bench_direct(long a, long b)
{
	long r = xsym_add_generic(a, b);

	barrier();
	return r;
}

static long (*xsym_bench_ptr)(long a, long b) = xsym_add_generic;

static noinline long xsym_bench_indirect(long a, long b)
{
	/* READ_ONCE: a real indirect call, not one folded into a direct one */
	long r = READ_ONCE(xsym_bench_ptr)(a, b);

	barrier();
	return r;
}

static int site_get(char *buf, const struct kernel_param *kp)
{
#ifdef CONFIG_HAVE_STATIC_CALL_INLINE
	struct static_call_site *site = THIS_MODULE->static_call_sites;
	int i, n = 0;

	/* xsym_bench_call() holds this module's only static call site. */
	for (i = 0; i < THIS_MODULE->num_static_call_sites; i++, site++) {
		u8 *insn = (u8 *)((long)&site->addr + site->addr);
		s32 rel;

		memcpy(&rel, insn + 1, sizeof(rel));
		n += sysfs_emit_at(buf, n, "%5ph %s %pS\n", insn,
				   insn[0] == 0xe8 ? "call" : insn[0] == 0xe9 ? "jmp" : "?",
				   insn + 5 + rel);
	}
	return n ?: sysfs_emit(buf, "no static call site found\n");
#else
	return sysfs_emit(buf, "no inline static calls on this architecture\n");
#endif
}

static const struct kernel_param_ops site_ops = { .get = site_get };
module_param_cb(site, &site_ops, NULL, 0444);

static u64 xsym_bench_time(long (*fn)(long, long))
{
	unsigned int i;
	u64 t0;
	long sum = 0;

	t0 = ktime_get_ns();
	for (i = 0; i < loops; i++)
		sum += fn(i, 1);
	t0 = ktime_get_ns() - t0;
	if (sum == 42)	/* keep the loop */
		pr_debug("sum\n");
	return div_u64(t0 * 1000, max(loops, 1U));
}

static int calls_get(char *buf, const struct kernel_param *kp)
{
	u64 slot = U64_MAX, direct = U64_MAX, ptr = U64_MAX;
	int round;

	/* Interleaved rounds, best of each: noise only ever adds time. */
	for (round = 0; round < 5; round++) {
		slot = min(slot, xsym_bench_time(xsym_bench_call));
		direct = min(direct, xsym_bench_time(xsym_bench_direct));
		ptr = min(ptr, xsym_bench_time(xsym_bench_indirect));
	}

	/* picoseconds per call, so that sub-ns differences survive */
	return sysfs_emit(buf, "%llu %llu %llu\n", slot, direct, ptr);
}

static const struct kernel_param_ops calls_ops = { .get = calls_get };
module_param_cb(calls, &calls_ops, NULL, 0444);

/* The same loop around each kind of call, so that only the call differs. */
#define XSYM_COUNT_LOOP(kind)						\
static noinline long xsym_count_##kind(unsigned int n)			\
{									\
	unsigned int i;							\
	long sum = 0;							\
									\
	xsym_count_start();						\
	for (i = 0; i < n; i++)						\
		sum += xsym_bench_##kind(i, 1);				\
	xsym_count_stop();						\
	return sum;							\
}

XSYM_COUNT_LOOP(call)
XSYM_COUNT_LOOP(direct)
XSYM_COUNT_LOOP(indirect)

static int count_set(const char *val, const struct kernel_param *kp)
{
	long (*loop)(unsigned int n);
	unsigned long flags;
	char kind[8];
	unsigned int n;

	if (sscanf(val, "%7s %u", kind, &n) != 2)
		return -EINVAL;
	if (!strcmp(kind, "slot"))
		loop = xsym_count_call;
	else if (!strcmp(kind, "direct"))
		loop = xsym_count_direct;
	else if (!strcmp(kind, "ptr"))
		loop = xsym_count_indirect;
	else
		return -EINVAL;
	local_irq_save(flags);
	loop(n);
	local_irq_restore(flags);
	return 0;
}

static const struct kernel_param_ops count_ops = { .set = count_set };
module_param_cb(count, &count_ops, NULL, 0200);

static int gp_get(char *buf, const struct kernel_param *kp)
{
	u64 t0, rcu, tasks;

	t0 = ktime_get_ns();
	synchronize_rcu();
	rcu = ktime_get_ns() - t0;
	t0 = ktime_get_ns();
	synchronize_rcu_tasks();
	tasks = ktime_get_ns() - t0;
	return sysfs_emit(buf, "%llu %llu\n", rcu, tasks);
}

static const struct kernel_param_ops gp_ops = { .get = gp_get };
module_param_cb(gp, &gp_ops, NULL, 0444);

MODULE_DESCRIPTION("Exclusive symbols benchmark probes");
MODULE_LICENSE("GPL");
