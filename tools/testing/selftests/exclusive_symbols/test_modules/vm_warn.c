// SPDX-License-Identifier: GPL-2.0
/*
 * Warns on purpose when loaded: the harness's own test that a splat in
 * the guest fails the run.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init vm_warn_init(void)
{
	WARN(1, "vm_warn: deliberate warning for the harness self-test\n");
	return 0;
}
module_init(vm_warn_init);

static void __exit vm_warn_exit(void)
{
}
module_exit(vm_warn_exit);

MODULE_DESCRIPTION("Harness self-test: a deliberate WARN");
MODULE_LICENSE("GPL");
