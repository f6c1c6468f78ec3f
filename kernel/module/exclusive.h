/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exclusive symbol providers: what exclusive.c (the core), exclusive_sysfs.c
 * and exclusive_policy.c share, and the core functions that the KUnit
 * suite drives directly, on slots and entries of its own.
 */
#ifndef _KERNEL_MODULE_EXCLUSIVE_H
#define _KERNEL_MODULE_EXCLUSIVE_H

#include <linux/exclusive_symbol.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>

/* Longest slot or module name in a pin, and the whole pin list. */
#define EXCLUSIVE_NAME_MAX	64
#define EXCLUSIVE_PIN_MAX	512

/*
 * The word sysfs, the pin, modprobe.d and the messages use for a slot's
 * fallback where a provider's name would stand; no module may be named so.
 */
#define EXCLUSIVE_FALLBACK	"fallback"

/*
 * exclusive_lock protects the slot registry (exclusive_slots), the private
 * members of every slot and group, and the parsed pin.  Read without it:
 * the registry by exclusive_tramp_key(), under RCU; a group's state and
 * its slots' implementations by sequences (__exclusive_seq_begin() and
 * __exclusive_seq_target(), ordered by the release when a group binds);
 * a held group's slots and known-answer test by exclusive_run_kats(),
 * which nobody changes while the group is held.
 */
extern struct mutex exclusive_lock;
extern struct list_head exclusive_slots;

static inline const char *exclusive_modname(const struct module *mod)
{
	return mod ? mod->name : "vmlinux";
}

/* A group held by vmlinux has a NULL holder: the state tells it from free. */
static inline bool exclusive_held_by(const struct exclusive_group *group,
				     const struct module *mod)
{
	return group->state != EXCLUSIVE_FREE && group->holder == mod;
}

/* exclusive_sysfs.c */
void exclusive_sysfs_init(void);
int exclusive_slot_sysfs_add(struct exclusive_slot *slot);
void exclusive_slot_sysfs_del(struct exclusive_slot *slot);

/* exclusive_policy.c */
struct exclusive_pin {
	const char *slot;
	const char *provider;
};

/**
 * struct exclusive_pins - a value of module.exclusive_pin, parsed
 * @text: the value as set, for reading it back
 * @names: the same with each ':' and ',' replaced by a NUL
 * @num: number of items
 * @pin: the items, pointing into @names
 */
struct exclusive_pins {
	char text[EXCLUSIVE_PIN_MAX];
	char names[EXCLUSIVE_PIN_MAX];
	unsigned int num;
	struct exclusive_pin pin[EXCLUSIVE_PIN_MAX / 4];
};

const char *exclusive_pin_refuses(const char *slot, const char *modname);
void exclusive_request_providers(struct exclusive_slot *slots,
				 unsigned int num);

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

int exclusive_pin_parse(const char *text, struct exclusive_pins *pins,
			const char **err);
const char *exclusive_pin_find(const struct exclusive_pins *pins,
			       const char *slot);
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
