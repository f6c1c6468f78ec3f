// SPDX-License-Identifier: GPL-2.0
/* Malformed: an implementation in init text, freed after init. */
#include "xsym_bad.h"

static long __init xsym_bad_init_solo(long a)
{
	return a;
}

XSYM_BAD_ENTRY(&__exclusive_slot_xsym_solo, xsym_bad_init_solo);
MODULE_DESCRIPTION("Exclusive symbols selftest: implementation in init text");
