/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Owners whose slot descriptors are written by hand, each wrong in one
 * way that the macros would never produce.  XSYM_BAD_SLOT() gives the
 * descriptor of a real static call, xsym_bad_sc; a module changes one
 * member of it.
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

static struct exclusive_group xsym_bad_group = { .name = "xsym_bad_sc" };

#define XSYM_BAD_SLOT(_id, ...)						\
	static struct exclusive_slot __used __section("__exclusive_slots") \
	__aligned(sizeof(void *)) _id = {				\
		.name = "xsym_bad_sc",					\
		.group = &xsym_bad_group,				\
		.key = &STATIC_CALL_KEY(xsym_bad_sc),			\
		.tramp = STATIC_CALL_TRAMP_ADDR(xsym_bad_sc),		\
		.fallback = xsym_bad_fallback,				\
		__VA_ARGS__						\
	}

MODULE_LICENSE("GPL");
