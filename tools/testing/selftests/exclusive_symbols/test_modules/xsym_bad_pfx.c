// SPDX-License-Identifier: GPL-2.0
/*
 * Malformed: an implementation that points at the padding before a
 * function (the __pfx_ symbol of CALL_PADDING), not at the function.
 */
#include "xsym_bad.h"

XSYM_BAD_ENTRY(&__exclusive_slot_xsym_solo,
	       (char *)xsym_bad_solo - CONFIG_FUNCTION_PADDING_BYTES);
MODULE_DESCRIPTION("Exclusive symbols selftest: padding as an implementation");
