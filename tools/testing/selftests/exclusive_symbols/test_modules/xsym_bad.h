/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Malformed exclusive exports, written by hand past the type-checking
 * macro, as a broken toolchain or a hostile module could produce them.
 */
#include <linux/module.h>

#include "xsym_test.h"

#define XSYM_BAD_ENTRY(_slot, _impl)					\
	static const struct exclusive_export __used			\
	__section("__exclusive_exports") __aligned(sizeof(void *))	\
	__UNIQUE_ID(xsym_bad) = { .slot = (_slot), .impl = (_impl) }

static long __maybe_unused xsym_bad_solo(long a)
{
	return a;
}

MODULE_LICENSE("GPL");
