/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Owners whose slot descriptors are written by hand, each wrong in one
 * way that the macros would never produce.  XSYM_BAD_SLOT() gives the
 * descriptor and definition of a real static call, xsym_bad_sc; a module
 * changes one member of them.
 */
#include <linux/exclusive_symbol.h>
#include <linux/module.h>
#include <linux/static_call.h>

static long xsym_bad_fallback(long a)
{
	return a;
}

DEFINE_STATIC_CALL(xsym_bad_sc, xsym_bad_fallback);
DEFINE_STATIC_CALL(xsym_bad_other, xsym_bad_fallback);

static const struct exclusive_group xsym_bad_group = { .name = "xsym_bad_sc" };

#define XSYM_BAD_KEY	(&STATIC_CALL_KEY(xsym_bad_sc))

/* Slot descriptor _id; the varargs change it. */
#define XSYM_BAD_SLOT(_id, ...)						\
	static const struct exclusive_symbol _id = {			\
		.name = "xsym_bad_sc",					\
		.group = &xsym_bad_group,				\
		.tramp = STATIC_CALL_TRAMP_ADDR(xsym_bad_sc),		\
		.fallback = xsym_bad_fallback,				\
		__VA_ARGS__						\
	}

/* The definition _def of the slot at _slot, with key _key. */
#define XSYM_BAD_DEF(_def, _slot, _key)					\
	static const struct exclusive_slot __used			\
	__section("__exclusive_slots") __aligned(sizeof(void *))	\
	_def = { .symbol = (_slot), .key = (_key) }

MODULE_LICENSE("GPL");
