// SPDX-License-Identifier: GPL-2.0
/* Malformed: one owner defines a slot name twice. */
#include "xsym_bad_owner.h"

XSYM_BAD_SLOT(xsym_bad_slot0);
XSYM_BAD_DEF(xsym_bad_def0, &xsym_bad_slot0, XSYM_BAD_KEY);
XSYM_BAD_SLOT(xsym_bad_slot1);
XSYM_BAD_DEF(xsym_bad_def1, &xsym_bad_slot1, XSYM_BAD_KEY);
MODULE_DESCRIPTION("Exclusive symbols selftest: slot name defined twice");
