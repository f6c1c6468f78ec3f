// SPDX-License-Identifier: GPL-2.0
/* Malformed: a slot whose trampoline pointer is one byte off. */
#include "xsym_bad_owner.h"

XSYM_BAD_SLOT(xsym_bad_slot0,
	      .tramp = (char *)STATIC_CALL_TRAMP_ADDR(xsym_bad_sc) + 1);
XSYM_BAD_DEF(xsym_bad_def0, &xsym_bad_slot0, XSYM_BAD_KEY);
MODULE_DESCRIPTION("Exclusive symbols selftest: slot with a bad trampoline");
