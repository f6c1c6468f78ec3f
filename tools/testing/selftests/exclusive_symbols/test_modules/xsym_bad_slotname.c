// SPDX-License-Identifier: GPL-2.0
/* Malformed: a slot with an empty name. */
#include "xsym_bad_owner.h"

XSYM_BAD_SLOT(xsym_bad_slot0, .name = "");
XSYM_BAD_DEF(xsym_bad_def0, &xsym_bad_slot0, XSYM_BAD_KEY);
MODULE_DESCRIPTION("Exclusive symbols selftest: slot with an empty name");
