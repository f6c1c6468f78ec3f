// SPDX-License-Identifier: GPL-2.0
/* Reaches for the key of xsym_solo, owned by the module xsym_owner. */
#include "xsym_bad_keyreach.h"

static int __init xsym_bad_keyreach_init(void)
{
	return xsym_keyreach(&__exclusive_slot_xsym_solo, xsym_solo_generic);
}
module_init(xsym_bad_keyreach_init);
MODULE_DESCRIPTION("Exclusive symbols selftest: reaches a module slot's key");
