// SPDX-License-Identifier: GPL-2.0
/*
 * A section whose size is not a multiple of the entry size: one entry and
 * a stray byte after it, in one object so that the compiler keeps their
 * order.  The loader refuses it as malformed.
 */
#include "xsym_bad.h"

struct xsym_bad_sized {
	struct exclusive_export entry;
	char tail;
};

static const struct xsym_bad_sized __used
__section("__exclusive_exports") __aligned(sizeof(void *)) xsym_bad_size = {
	.entry = { .slot = &__exclusive_slot_xsym_solo, .impl = xsym_bad_solo },
	.tail = 1,
};
MODULE_DESCRIPTION("Exclusive symbols selftest: a partial entry at the section's end");
