// SPDX-License-Identifier: GPL-2.0
/* Malformed: an entry in writable data, which the module could change. */
#include "xsym_bad.h"

static struct exclusive_export __used
__section("__exclusive_exports") __aligned(sizeof(void *)) xsym_bad_rwentry = {
	.slot = &__exclusive_slot_xsym_solo,
	.impl = xsym_bad_solo,
};
MODULE_DESCRIPTION("Exclusive symbols selftest: an entry in writable data");
