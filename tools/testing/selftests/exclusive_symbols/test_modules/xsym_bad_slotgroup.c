// SPDX-License-Identifier: GPL-2.0
/* Malformed: a slot whose group pointer is its own read-only name. */
#include "xsym_bad_owner.h"

XSYM_BAD_SLOT(xsym_bad_slot0, .group = (void *)"xsym_bad_sc");
XSYM_BAD_DEF(xsym_bad_def0, &xsym_bad_slot0, XSYM_BAD_KEY);
MODULE_DESCRIPTION("Exclusive symbols selftest: slot with a bad group");
