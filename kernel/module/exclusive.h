/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exclusive symbol providers: the core logic that the KUnit suite drives
 * directly, on slots and entries of its own.
 */
#ifndef _KERNEL_MODULE_EXCLUSIVE_H
#define _KERNEL_MODULE_EXCLUSIVE_H

#include <linux/exclusive_symbol.h>

/* Longest slot or module name in a pin, and the whole pin list. */
#define EXCLUSIVE_NAME_MAX	64
#define EXCLUSIVE_PIN_MAX	512

/* vmlinux's slots, built-in providers' entries and inits (vmlinux.lds.h) */
extern struct exclusive_slot __start___exclusive_slots[];
extern struct exclusive_slot __stop___exclusive_slots[];
extern const struct exclusive_export __start___exclusive_exports[];
extern const struct exclusive_export __stop___exclusive_exports[];
extern const struct exclusive_builtin_init __start___exclusive_inits[];
extern const struct exclusive_builtin_init __stop___exclusive_inits[];

/*
 * The KUnit suite drives the core directly: only when it is configured are
 * these functions visible outside exclusive.c, GPL-only and in the
 * namespace kernel/kunit uses for such exports.
 */
#if IS_ENABLED(CONFIG_MODULE_EXCLUSIVE_SYMBOLS_KUNIT_TEST)
#define VISIBLE_IF_EXCLUSIVE_KUNIT
#define EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT	__exclusive_kunit_export
#define __exclusive_kunit_export(sym)					\
	EXPORT_SYMBOL_NS_GPL(sym, EXPORTED_FOR_KUNIT_TESTING)

int exclusive_pin_parse(const char *pins, const char *slot, char *provider,
			const char **err);
int exclusive_register_slots(struct module *owner, struct exclusive_slot *slots,
			     unsigned int num);
void exclusive_unregister_slots(struct exclusive_slot *slots, unsigned int num);
int exclusive_claim_exports(struct module *mod,
			    const struct exclusive_export *ex, unsigned int num);
void exclusive_release_exports(struct module *mod,
			       const struct exclusive_export *ex,
			       unsigned int num);
int exclusive_bind_exports(struct module *mod,
			   const struct exclusive_export *ex, unsigned int num);
bool exclusive_unbind_exports(struct module *mod,
			      const struct exclusive_export *ex,
			      unsigned int num);
void exclusive_lock_for_test(void);
void exclusive_unlock_for_test(void);
#else
#define VISIBLE_IF_EXCLUSIVE_KUNIT	static
#define EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT	__exclusive_kunit_unexported
#define __exclusive_kunit_unexported(...)
#endif

#endif /* _KERNEL_MODULE_EXCLUSIVE_H */
