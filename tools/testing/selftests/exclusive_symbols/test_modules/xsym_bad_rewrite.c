// SPDX-License-Identifier: GPL-2.0
/*
 * A provider of xsym_solo that, in its init, rewrites its own entry
 * through a writable alias of the page (the entry is read-only data) so
 * that it names xsym_add and another function.  The loader copied the
 * entry when it claimed: the rewrite must change nothing it does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/module.h>
#include <linux/vmalloc.h>

#include "xsym_test.h"

static long xsym_bad_rewrite_solo(long a)
{
	return xsym_solo_generic(a);
}

static long xsym_bad_rewrite_add(long a, long b)
{
	return xsym_add_generic(a, b);
}

/* One aligned entry: it does not cross a page. */
static const struct exclusive_export __used
__section("__exclusive_exports") __aligned(sizeof(struct exclusive_export))
xsym_bad_rewrite_entry = {
	.slot = &__exclusive_slot_xsym_solo,
	.impl = xsym_bad_rewrite_solo,
	.modname = KBUILD_MODNAME,
};

static int __init xsym_bad_rewrite_init(void)
{
	const void *entry = &xsym_bad_rewrite_entry;
	struct page *page = vmalloc_to_page(entry);
	struct exclusive_export *w;
	void *map;

	map = page ? vmap(&page, 1, VM_MAP, PAGE_KERNEL) : NULL;
	if (!map)
		return -ENOMEM;
	w = map + offset_in_page(entry);
	w->slot = &__exclusive_slot_xsym_add;
	w->impl = xsym_bad_rewrite_add;
	vunmap(map);
	pr_info("entry rewritten to %s\n", READ_ONCE(xsym_bad_rewrite_entry.slot)->name);
	return 0;
}

static void __exit xsym_bad_rewrite_exit(void)
{
}

module_init(xsym_bad_rewrite_init);
module_exit(xsym_bad_rewrite_exit);

MODULE_DESCRIPTION("Exclusive symbols selftest: a provider rewrites its entry after the claim");
MODULE_LICENSE("GPL");
