/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Body of the consumer modules: reading /sys/module/<consumer>/parameters/add
 * calls xsym_add(40, 2) through the slot and prints the result.
 */
#include <linux/module.h>

#include "xsym_test.h"

static int add_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", exclusive_call(xsym_add)(40, 2));
}

static const struct kernel_param_ops add_ops = { .get = add_get };
module_param_cb(add, &add_ops, NULL, 0444);

static int sub_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", exclusive_call(xsym_sub)(40, 2));
}

static const struct kernel_param_ops sub_ops = { .get = sub_get };
module_param_cb(sub, &sub_ops, NULL, 0444);

MODULE_LICENSE("GPL");
