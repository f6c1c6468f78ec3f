// SPDX-License-Identifier: GPL-2.0
/*
 * Malformed: an owner whose __exclusive_slots section is shorter than one
 * slot definition.
 */
#include <linux/exclusive_symbol.h>
#include <linux/module.h>

static const char __used __section("__exclusive_slots")
	xsym_bad_slotshort[sizeof(struct exclusive_slot) - 3] = { 1 };

MODULE_DESCRIPTION("Exclusive symbols selftest: a section shorter than a slot");
MODULE_LICENSE("GPL");
