// SPDX-License-Identifier: GPL-2.0
/*
 * A provider with an init function and no exit function: if it were
 * refused after its init, nothing could undo what the init published.
 */
#include "xsym_bad.h"

XSYM_BAD_ENTRY(&__exclusive_slot_xsym_solo, xsym_bad_solo);

static int __init xsym_bad_initnoexit_init(void)
{
	return 0;
}
module_init(xsym_bad_initnoexit_init);
MODULE_DESCRIPTION("Exclusive symbols selftest: a provider without exit");
