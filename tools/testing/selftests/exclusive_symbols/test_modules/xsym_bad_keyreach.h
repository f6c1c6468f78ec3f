/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A module that looks for a slot's static call key through what it links
 * against, the slot's exported descriptor, and retargets the slot past the
 * loader if it finds one.  It loads only if it found one, which a module
 * must not be able to; otherwise it fails with -ENOKEY.  It reads through
 * two levels of pointers, nofault.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/static_call.h>
#include <linux/uaccess.h>

#include "xsym_test.h"

static long xsym_keyreach_hijack(long a)
{
	return a;
}

/* A key by its name, or by its target while the slot is on its fallback. */
static bool xsym_keyreach_is_key(unsigned long addr, void *fallback)
{
	struct static_call_key key;
	char name[KSYM_SYMBOL_LEN];

	if (copy_from_kernel_nofault(&key, (void *)addr, sizeof(key)))
		return false;
	if (key.func == fallback)
		return true;
	sprint_symbol(name, addr);
	return !strncmp(name, "__SCK__", 7) && !strstr(name, "+0x");
}

static struct static_call_key *xsym_keyreach_scan(const void *obj, void *fallback,
						  int depth)
{
	struct static_call_key *found = NULL;
	unsigned long word;
	unsigned int i;

	for (i = 0; i < 8 && !found; i++) {
		if (copy_from_kernel_nofault(&word, (const unsigned long *)obj + i,
					     sizeof(word)))
			break;
		if (word < PAGE_OFFSET)
			continue;
		if (xsym_keyreach_is_key(word, fallback))
			found = (void *)word;
		else if (depth)
			found = xsym_keyreach_scan((void *)word, fallback, depth - 1);
	}
	return found;
}

static int xsym_keyreach(const struct exclusive_symbol *slot, void *fallback)
{
	struct static_call_key *key = xsym_keyreach_scan(slot, fallback, 1);

	if (!key) {
		pr_info("no key reachable from %s's descriptor\n", slot->name);
		return -ENOKEY;
	}
	pr_info("retargeting %s through its key\n", slot->name);
	__static_call_update(key, slot->tramp, xsym_keyreach_hijack);
	return 0;
}

static void __exit xsym_keyreach_exit(void)
{
}
module_exit(xsym_keyreach_exit);

MODULE_LICENSE("GPL");
