// SPDX-License-Identifier: GPL-2.0
/*
 * A module that publishes a trampoline-to-key pair for a trampoline that
 * is not its own (xsym_solo's, in the module xsym_owner) and a key that
 * is: were the pair believed, the call sites of modules loaded later would
 * be resolved to this module's key.  The static call core must refuse it.
 */
#include <linux/module.h>
#include <linux/static_call.h>

#include "xsym_test.h"

static long xsym_decoy(long a)
{
	return a;
}

DEFINE_STATIC_CALL(xsym_decoy_call, xsym_decoy);

asm(".pushsection .static_call_tramp_key, \"a\"\n"
	".long " STATIC_CALL_TRAMP_STR(xsym_solo) " - .\n"
	".long " STATIC_CALL_KEY_STR(xsym_decoy_call) " - .\n"
	".popsection\n");

static int __init xsym_bad_trampkey_init(void)
{
	return static_call(xsym_decoy_call)(0);
}
module_init(xsym_bad_trampkey_init);

MODULE_DESCRIPTION("Exclusive symbols selftest: publishes another module's trampoline with its own key");
MODULE_LICENSE("GPL");
