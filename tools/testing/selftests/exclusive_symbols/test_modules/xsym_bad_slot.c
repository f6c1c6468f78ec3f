// SPDX-License-Identifier: GPL-2.0
/* Malformed: an owner's slot descriptor without group, key or fallback. */
#include "xsym_bad.h"

static const struct exclusive_symbol xsym_bad_slot = { .name = "xsym_bad_slot" };

static const struct exclusive_slot __used __section("__exclusive_slots")
	__aligned(sizeof(void *)) xsym_bad_slot_def = { .symbol = &xsym_bad_slot };

MODULE_DESCRIPTION("Exclusive symbols selftest: malformed slot descriptor");
