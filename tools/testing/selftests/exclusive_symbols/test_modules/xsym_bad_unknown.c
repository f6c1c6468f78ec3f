// SPDX-License-Identifier: GPL-2.0
/* Malformed: an entry whose slot pointer is no registered slot. */
#include "xsym_bad.h"

static struct exclusive_symbol xsym_bad_fake = { .name = "xsym_fake" };

XSYM_BAD_ENTRY(&xsym_bad_fake, xsym_bad_solo);
MODULE_DESCRIPTION("Exclusive symbols selftest: entry for an unknown slot");
