// SPDX-License-Identifier: GPL-2.0
/* Malformed: the module's exit function given as an implementation. */
#include "xsym_bad.h"

static void __exit xsym_bad_exit(void)
{
}
module_exit(xsym_bad_exit);

XSYM_BAD_ENTRY(&__exclusive_slot_xsym_solo, xsym_bad_exit);
MODULE_DESCRIPTION("Exclusive symbols selftest: exit() as an implementation");
