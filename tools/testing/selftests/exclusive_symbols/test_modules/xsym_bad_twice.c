// SPDX-License-Identifier: GPL-2.0
/* Malformed: the same slot provided twice by one module. */
#include "xsym_bad.h"

XSYM_BAD_ENTRY(&__exclusive_slot_xsym_solo, xsym_bad_solo);
XSYM_BAD_ENTRY(&__exclusive_slot_xsym_solo, xsym_bad_solo);
MODULE_DESCRIPTION("Exclusive symbols selftest: slot provided twice");
