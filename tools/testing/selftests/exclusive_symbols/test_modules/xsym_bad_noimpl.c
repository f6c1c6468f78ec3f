// SPDX-License-Identifier: GPL-2.0
/* Malformed: an entry without an implementation. */
#include "xsym_bad.h"

XSYM_BAD_ENTRY(&__exclusive_slot_xsym_solo, NULL);
MODULE_DESCRIPTION("Exclusive symbols selftest: entry with a NULL implementation");
