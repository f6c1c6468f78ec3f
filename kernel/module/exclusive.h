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
#include <linux/srcu.h>

/* Longest slot or module name in a pin, and the whole pin list. */
#define EXCLUSIVE_NAME_MAX	64
#define EXCLUSIVE_PIN_MAX	512

/*
 * The word sysfs, the pin, modprobe.d and the messages use for a slot's
 * fallback where a provider's name would stand; no module may be named so.
 */
#define EXCLUSIVE_FALLBACK	"fallback"

struct exclusive_mod;

/*
 * What the loader keeps, in memory it allocated.  An owner's and a
 * provider's declarations (struct exclusive_symbol, exclusive_group,
 * exclusive_export in their read-only data) are copied here once they were
 * checked, and are not read again: their addresses only serve as the
 * slots' identities, which providers and sequences name.
 */

/**
 * struct exclusive_group_state - a group, as the loader keeps it
 * @decl: the owner's declaration, as an identity only
 * @name: copy of the declared name
 * @kat: the declared known-answer test, or NULL
 * @holder: the provider holding the group, valid unless @state is FREE
 * @state: where the group stands
 * @slots: its slots, in the owner's order (struct exclusive_slot_state)
 * @nslots: number of slots in @slots
 * @binds: how many times a provider was bound
 * @autoload: a request for a provider is due at @autoload_at
 * @autoload_at: when the request is due
 * @autoload_loader: the process that loaded the owner (its thread group
 *	id); the request also waits while it runs, EXCLUSIVE_AUTOLOAD_MAX
 *	at most
 * @seqs: the sequences begun on the group (exclusive_seq_begin())
 */
struct exclusive_group_state {
	const struct exclusive_group *decl;
	const char *name;
	bool (*kat)(const struct exclusive_seq *seq);
	struct exclusive_mod *holder;
	enum exclusive_state state;
	struct list_head slots;
	unsigned int nslots;
	unsigned long binds;
	bool autoload;
	unsigned long autoload_at;
	pid_t autoload_loader;
	struct srcu_struct seqs;
};

/**
 * struct exclusive_slot_state - a slot, as the loader keeps it
 * @decl: the owner's exported declaration, as an identity only
 * @name: copy of the declared name
 * @group: the slot's group
 * @key: the static call key, found in the owner's unexported definition
 * @tramp: the static call trampoline
 * @fallback: the generic implementation
 * @gpl_only: only GPL-compatible modules may call the slot
 * @impl: the holder's implementation, set while the group is held
 * @owner: the owner, NULL for vmlinux
 * @list: in exclusive_slots
 * @hnode: in the table that maps a declaration to its slot
 * @group_node: in @group's slots
 * @kobj: its sysfs directory, or NULL
 */
struct exclusive_slot_state {
	const struct exclusive_symbol *decl;
	const char *name;
	struct exclusive_group_state *group;
	struct static_call_key *key;
	void *tramp;
	void *fallback;
	bool gpl_only;
	void *impl;
	struct module *owner;
	struct list_head list;
	struct hlist_node hnode;
	struct list_head group_node;
	struct kobject *kobj;
};

/**
 * struct exclusive_entry - a provider's entry, as the loader copied it
 * @slot: the slot it provides
 * @impl: the implementation
 */
struct exclusive_entry {
	struct exclusive_slot_state *slot;
	void *impl;
};

/**
 * struct exclusive_mod - what the loader keeps for one owner or provider
 * @list: in exclusive_mods (modules only; built-in providers are not)
 * @mod: the module, NULL for vmlinux and built-in providers
 * @name: the name messages and sysfs use
 * @slots: the slots it owns
 * @nslots: number of @slots
 * @ents: its entries, copied when it claimed
 * @nents: number of @ents
 */
struct exclusive_mod {
	struct list_head list;
	struct module *mod;
	const char *name;
	struct exclusive_slot_state **slots;
	unsigned int nslots;
	struct exclusive_entry *ents;
	unsigned int nents;
};

/*
 * exclusive_lock protects the slot registry (exclusive_slots and the
 * table of declarations), the list of records (exclusive_mods), the
 * members of every slot and group state, and the parsed pin.  Read
 * without it: the table by __exclusive_seq_begin(), under RCU; a group's
 * state and its slots' implementations by sequences
 * (__exclusive_seq_begin() and __exclusive_seq_target(), ordered by the
 * release when a group binds); a held group's slots and known-answer test
 * by exclusive_run_kats(), which nobody changes while the group is held.
 */
extern struct mutex exclusive_lock;
extern struct list_head exclusive_slots;

/* A group held by vmlinux has a NULL module: the state tells it from free. */
static inline bool exclusive_held_by(const struct exclusive_group_state *group,
				     const struct exclusive_mod *xm)
{
	return group->state != EXCLUSIVE_FREE && group->holder == xm;
}

static inline const char *exclusive_modname(const struct module *mod)
{
	return mod ? mod->name : "vmlinux";
}

/* exclusive_sysfs.c */
void exclusive_sysfs_init(void);
int exclusive_slot_sysfs_add(struct exclusive_slot_state *slot);
void exclusive_slot_sysfs_del(struct exclusive_slot_state *slot);

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
void exclusive_request_providers(struct exclusive_mod *xm);

/* vmlinux's slots, built-in providers' entries and inits (vmlinux.lds.h) */
extern const struct exclusive_slot __start___exclusive_slots[];
extern const struct exclusive_slot __stop___exclusive_slots[];
extern const struct exclusive_export __start___exclusive_exports[];
extern const struct exclusive_export __stop___exclusive_exports[];
extern const struct exclusive_builtin_init __start___exclusive_inits[];
extern const struct exclusive_builtin_init __stop___exclusive_inits[];

/*
 * The KUnit suite drives the core directly: these functions are visible
 * outside exclusive.c only when it is configured.
 */
#if IS_ENABLED(CONFIG_KUNIT)
int exclusive_pin_parse(const char *text, struct exclusive_pins *pins,
			const char **err);
const char *exclusive_pin_find(const struct exclusive_pins *pins,
			       const char *slot);
int exclusive_register_slots(struct exclusive_mod *xm,
			     const struct exclusive_slot *defs,
			     unsigned int num);
bool exclusive_unregister_slots(struct exclusive_mod *xm);
void exclusive_free_slots(struct exclusive_mod *xm);
struct exclusive_slot_state *exclusive_slot_of(const struct exclusive_symbol *decl);
int exclusive_claim_exports(struct exclusive_mod *xm,
			    const struct exclusive_export *ex, unsigned int num);
void exclusive_release_exports(struct exclusive_mod *xm);
int exclusive_bind_exports(struct exclusive_mod *xm);
bool exclusive_unbind_exports(struct exclusive_mod *xm);
void exclusive_lock_for_test(void);
void exclusive_unlock_for_test(void);
#endif

#endif /* _KERNEL_MODULE_EXCLUSIVE_H */
