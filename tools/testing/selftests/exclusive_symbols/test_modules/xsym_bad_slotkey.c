// SPDX-License-Identifier: GPL-2.0
/* Malformed: a slot whose key is another static call's. */
#include "xsym_bad_owner.h"

XSYM_BAD_SLOT(xsym_bad_slot0);
XSYM_BAD_DEF(xsym_bad_def0, &xsym_bad_slot0, &STATIC_CALL_KEY(xsym_bad_other));
MODULE_DESCRIPTION("Exclusive symbols selftest: slot with a foreign key");
