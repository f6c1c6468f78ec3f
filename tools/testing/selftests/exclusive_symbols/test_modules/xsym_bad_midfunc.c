// SPDX-License-Identifier: GPL-2.0
/* Malformed: an implementation one byte into a function. */
#include "xsym_bad.h"

XSYM_BAD_ENTRY(&__exclusive_slot_xsym_solo, (char *)xsym_bad_solo + 1);
MODULE_DESCRIPTION("Exclusive symbols selftest: implementation inside a function");
