// SPDX-License-Identifier: GPL-2.0
/* Malformed: a section whose size is not a multiple of the entry size. */
#include "xsym_bad.h"

XSYM_BAD_ENTRY(&__exclusive_slot_xsym_solo, xsym_bad_solo);
static const char __used __section("__exclusive_exports") xsym_bad_tail = 1;
MODULE_DESCRIPTION("Exclusive symbols selftest: truncated export section");
