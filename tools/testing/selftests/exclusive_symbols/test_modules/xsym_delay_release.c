// SPDX-License-Identifier: GPL-2.0
/*
 * Widens the window in which a provider being freed still holds its
 * claim: a kprobe on module_exclusive_release() spins for a while when
 * the module named by 'target' is released.  Meanwhile its owner must not
 * go away (the provider still refers to it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kprobes.h>
#include <linux/module.h>

static char *target = "xsym_prov_solo";
module_param(target, charp, 0444);
static unsigned int delay_ms = 1000;
module_param(delay_ms, uint, 0444);

static int xsym_delay_pre(struct kprobe *p, struct pt_regs *regs)
{
	const struct module *mod = (const struct module *)regs_get_kernel_argument(regs, 0);

	if (mod && !strcmp(mod->name, target)) {
		pr_info("delaying the release of %s\n", mod->name);
		mdelay(delay_ms);
	}
	return 0;
}

static struct kprobe xsym_delay_kp = {
	.symbol_name = "module_exclusive_release",
	.pre_handler = xsym_delay_pre,
};

static int __init xsym_delay_init(void)
{
	return register_kprobe(&xsym_delay_kp);
}

static void __exit xsym_delay_exit(void)
{
	unregister_kprobe(&xsym_delay_kp);
}

module_init(xsym_delay_init);
module_exit(xsym_delay_exit);

MODULE_DESCRIPTION("Exclusive symbols selftest: delays a provider's release");
MODULE_LICENSE("GPL");
