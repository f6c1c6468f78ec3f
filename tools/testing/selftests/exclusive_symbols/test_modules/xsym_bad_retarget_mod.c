// SPDX-License-Identifier: GPL-2.0
/*
 * A module that retargets xsym_solo, a slot of the module xsym_owner,
 * with static_call_update(), past claim, known-answer test, pin and
 * unbind wait.  The slot's key is not exported, so the module must not
 * load.  It only links because unexported-keys.symvers pretends that the
 * key is exported, as a stale or forged Module.symvers would.
 */
#include <linux/module.h>
#include <linux/static_call.h>

#include "xsym_test.h"

static long xsym_hijack(long a)
{
	return a;
}

static int __init xsym_bad_retarget_mod_init(void)
{
	static_call_update(xsym_solo, xsym_hijack);
	return 0;
}
module_init(xsym_bad_retarget_mod_init);

MODULE_DESCRIPTION("Exclusive symbols selftest: retargets a module slot behind the loader");
MODULE_LICENSE("GPL");
