// SPDX-License-Identifier: GPL-2.0
/* Reaches for the key of xsym_builtin, owned by vmlinux. */
#include "xsym_bad_keyreach.h"

static int __init xsym_bad_keyreach_vml_init(void)
{
	return xsym_keyreach(&__exclusive_slot_xsym_builtin, xsym_builtin_generic);
}
module_init(xsym_bad_keyreach_vml_init);
MODULE_DESCRIPTION("Exclusive symbols selftest: reaches a vmlinux slot's key");
