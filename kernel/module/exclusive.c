// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exclusive symbol providers
 *
 * A slot is a static call with a generic fallback, defined by its owner.
 * Provider modules carry entries in __exclusive_exports naming a slot and an
 * implementation.  The loader lets at most one provider hold a slot's group:
 * it claims the group while the module is formed, binds (retargets the
 * static calls) once the module's init succeeded, and unbinds before the
 * module's exit runs, waiting until no caller can still be inside the
 * provider's text.
 *
 * Lock order: module_mutex -> exclusive_lock -> (static call and text
 * patching locks).  Sysfs show() takes exclusive_lock only, so the slot
 * directories are removed with module_mutex held but exclusive_lock free.
 *
 * The slots' sysfs directories are in exclusive_sysfs.c, the pin and the
 * autoload requests in exclusive_policy.c.
 */

#define pr_fmt(fmt) "exclusive_symbols: " fmt

#include <linux/ctype.h>
#include <linux/exclusive_symbol.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/rcupdate_wait.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/string.h>

#include "internal.h"
#include "exclusive.h"

/* See exclusive.h for what the lock protects. */
DEFINE_MUTEX(exclusive_lock);
LIST_HEAD(exclusive_slots);

/* ---------------------------------------------------------------------- */
/* Claiming: validation of a provider's entries, all-or-nothing             */

static struct exclusive_slot *exclusive_find_slot(const struct exclusive_slot *s)
{
	struct exclusive_slot *slot;

	list_for_each_entry(slot, &exclusive_slots, list)
		if (slot == s)
			return slot;
	return NULL;
}

/*
 * A provider supplies every slot of each group it holds, so its entries
 * visit each of its groups once at the entry for the group's first slot.
 * The group's slots do not change while it is held: they are the owner's,
 * and the owner stays while a provider refers to it.
 */
static bool exclusive_leads(const struct exclusive_slot *slot)
{
	return list_first_entry(&slot->group->slots, struct exclusive_slot,
				group_node) == slot;
}

#define exclusive_for_each_slot_of(slot, group)				\
	list_for_each_entry(slot, &(group)->slots, group_node)

static unsigned int exclusive_count_group(const struct exclusive_export *ex,
					  unsigned int num,
					  const struct exclusive_group *group)
{
	unsigned int i, n = 0;

	for (i = 0; i < num; i++)
		n += ex[i].slot->group == group;
	return n;
}

static const char *exclusive_missing_slot(const struct exclusive_export *ex,
					  unsigned int num,
					  const struct exclusive_group *group)
{
	struct exclusive_slot *slot;
	unsigned int i;

	exclusive_for_each_slot_of(slot, group) {
		for (i = 0; i < num && ex[i].slot != slot; i++)
			;
		if (i == num)
			return slot->name;
	}
	return "?";
}

/* Each entry on its own: a registered slot, an implementation, no repeat. */
static int exclusive_check_entry(const struct module *mod,
				 const struct exclusive_export *ex,
				 unsigned int i)
{
	const char *modname = exclusive_modname(mod);
	const struct exclusive_export *e = &ex[i];
	unsigned int j;

	if (!exclusive_find_slot(e->slot)) {
		pr_err("%s: exclusive export %u refers to no registered slot\n",
		       modname, i);
		return -ENOEXEC;
	}
	if (!e->impl) {
		pr_err("%s: exclusive export of %s has no implementation\n",
		       modname, e->slot->name);
		return -ENOEXEC;
	}
	for (j = 0; j < i; j++) {
		if (ex[j].slot == e->slot) {
			pr_err("%s: exports %s more than once\n",
			       modname, e->slot->name);
			return -ENOEXEC;
		}
	}
	/* As resolve_symbol() decides for GPL-only exports. */
	if (e->slot->gpl_only && mod &&
	    test_bit(TAINT_PROPRIETARY_MODULE, &mod->taints)) {
		pr_err("%s: not GPL-compatible, may not provide GPL-only slot %s\n",
		       modname, e->slot->name);
		return -EPERM;
	}
	if (e->gpl_only && !e->slot->gpl_only) {
		pr_err("%s: GPL-only implementation of %s, which any module may call\n",
		       modname, e->slot->name);
		return -EPERM;
	}
	return 0;
}

/* The refusal names the slot and its holder, and the group if it differs. */
static void exclusive_report_held(const char *modname,
				  const struct exclusive_slot *slot)
{
	const struct exclusive_group *group = slot->group;
	const char *holder = exclusive_modname(group->holder);

	if (strcmp(slot->name, group->name))
		pr_err("%s: refused: %s (group %s) is held by %s\n",
		       modname, slot->name, group->name, holder);
	else
		pr_err("%s: refused: %s is held by %s\n",
		       modname, slot->name, holder);
}

/* Policy and the current holders, entry by entry; entries are valid. */
static int exclusive_check_claim(const char *modname,
				 const struct exclusive_export *ex,
				 unsigned int num)
{
	const char *pinned;
	unsigned int i, n;

	for (i = 0; i < num; i++) {
		const struct exclusive_slot *slot = ex[i].slot;
		struct exclusive_group *group = slot->group;

		n = exclusive_count_group(ex, num, group);
		if (n != group->nslots) {
			pr_err("%s: provides %u of the %u slots of group %s (%s missing)\n",
			       modname, n, group->nslots, group->name,
			       exclusive_missing_slot(ex, num, group));
			return -EINVAL;
		}
		pinned = exclusive_pin_refuses(slot->name, modname);
		if (pinned) {
			pr_err("%s: refused for %s: module.exclusive_pin pins it to %s\n",
			       modname, slot->name, pinned);
			return -EPERM;
		}
		if (group->state != EXCLUSIVE_FREE) {
			exclusive_report_held(modname, slot);
			return -EBUSY;
		}
	}
	return 0;
}

/**
 * exclusive_claim_exports() - claim the groups of a set of entries
 * @mod: the provider
 * @ex: its entries
 * @num: number of entries
 *
 * Either every group the entries touch is now held by @mod, or nothing
 * changed and one message says why.  Caller holds exclusive_lock.
 *
 * Return: 0, -ENOEXEC for a malformed entry, -EINVAL for a partial group,
 * -EPERM for a policy or licence refusal, -EBUSY if a group is held.
 */
VISIBLE_IF_EXCLUSIVE_KUNIT
int exclusive_claim_exports(struct module *mod,
			    const struct exclusive_export *ex,
			    unsigned int num)
{
	const char *name = exclusive_modname(mod);
	unsigned int i;
	int err;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < num; i++) {
		err = exclusive_check_entry(mod, ex, i);
		if (err)
			return err;
	}
	err = exclusive_check_claim(name, ex, num);
	if (err)
		return err;

	/* No call reaches an implementation before its group is bound. */
	for (i = 0; i < num; i++) {
		WRITE_ONCE(ex[i].slot->impl, ex[i].impl);
		WRITE_ONCE(ex[i].slot->group->holder, mod);
		ex[i].slot->group->state = EXCLUSIVE_CLAIMED;
	}
	return 0;
}
EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT(exclusive_claim_exports);

/**
 * exclusive_release_exports() - drop what exclusive_claim_exports() took
 * @mod: the provider
 * @ex: its entries
 * @num: number of entries
 *
 * Caller holds exclusive_lock; every group is unbound already.  Entries
 * whose groups @mod does not hold (a claim that was refused) are left.
 */
VISIBLE_IF_EXCLUSIVE_KUNIT
void exclusive_release_exports(struct module *mod,
			       const struct exclusive_export *ex,
			       unsigned int num)
{
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < num; i++) {
		struct exclusive_slot *slot = ex[i].slot;
		struct exclusive_group *group = slot->group;

		if (!exclusive_leads(slot) || !exclusive_held_by(group, mod))
			continue;
		exclusive_for_each_slot_of(slot, group)
			WRITE_ONCE(slot->impl, NULL);
		WRITE_ONCE(group->holder, NULL);
		group->state = EXCLUSIVE_FREE;
	}
}
EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT(exclusive_release_exports);

/* ---------------------------------------------------------------------- */
/* Binding                                                                  */

static void exclusive_retarget(struct exclusive_slot *slot, void *func)
{
	__static_call_update(slot->key, slot->tramp, func);
}

/*
 * Run the known-answer test of each group the entries touch, before any
 * call can reach the candidate.  Its implementations are in the slots
 * since the claim, but only the test's own sequence reads them: others
 * read them once the group is bound.
 */
static int exclusive_run_kats(struct module *mod,
			      const struct exclusive_export *ex,
			      unsigned int num)
{
	/* The candidate's own sequence: it is not bound, nothing to pin. */
	struct exclusive_seq seq = { .provider = true };
	unsigned int i;

	for (i = 0; i < num; i++) {
		const struct exclusive_group *group = ex[i].slot->group;

		if (!exclusive_leads(ex[i].slot) || !group->kat)
			continue;
		if (!group->kat(&seq)) {
			pr_err("%s: refused: failed the known-answer test of %s\n",
			       exclusive_modname(mod), group->name);
			return -EBADMSG;
		}
	}
	return 0;
}

/* Make calls reach the holder, group by group. */
static void exclusive_bind_groups(struct module *mod,
				  const struct exclusive_export *ex,
				  unsigned int num)
{
	struct exclusive_slot *slot;
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < num; i++) {
		struct exclusive_group *group = ex[i].slot->group;

		if (!exclusive_leads(ex[i].slot) ||
		    WARN_ON_ONCE(!exclusive_held_by(group, mod)))
			continue;
		exclusive_for_each_slot_of(slot, group)
			exclusive_retarget(slot, slot->impl);
		/* Pairs with the acquire in __exclusive_seq_begin(). */
		smp_store_release(&group->state, EXCLUSIVE_BOUND);
		group->binds++;
		pr_info("%s: bound to %s\n", group->name, exclusive_modname(mod));
	}
}

/**
 * exclusive_bind_exports() - test a provider, then make calls reach it
 * @mod: the provider, holder of every group the entries touch
 * @ex: its entries
 * @num: number of entries
 *
 * The known-answer tests run the candidate's code, which may fault: they
 * run without exclusive_lock, so that a candidate that oopses in them
 * leaves its groups claimed (nobody else can bind them meanwhile) and
 * the loader usable.  Called without exclusive_lock.
 *
 * Return: 0, or -EBADMSG if a group's known-answer test failed; then
 * nothing was retargeted.
 */
VISIBLE_IF_EXCLUSIVE_KUNIT
int exclusive_bind_exports(struct module *mod,
			   const struct exclusive_export *ex,
			   unsigned int num)
{
	int err;

	err = exclusive_run_kats(mod, ex, num);
	if (err)
		return err;

	mutex_lock(&exclusive_lock);
	exclusive_bind_groups(mod, ex, num);
	mutex_unlock(&exclusive_lock);
	return 0;
}
EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT(exclusive_bind_exports);

/**
 * exclusive_unbind_exports() - send the entries' slots back to the fallback
 * @mod: the provider
 * @ex: its entries
 * @num: number of entries
 *
 * The groups stay held by @mod, so that no other provider binds while the
 * caller waits for the callers still inside @mod.  Caller holds
 * exclusive_lock.
 *
 * Return: whether any slot was retargeted.
 */
VISIBLE_IF_EXCLUSIVE_KUNIT
bool exclusive_unbind_exports(struct module *mod,
			      const struct exclusive_export *ex,
			      unsigned int num)
{
	struct exclusive_slot *slot;
	unsigned int i;
	bool any = false;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < num; i++) {
		struct exclusive_group *group = ex[i].slot->group;

		if (!exclusive_leads(ex[i].slot) ||
		    group->state != EXCLUSIVE_BOUND || group->holder != mod)
			continue;
		exclusive_for_each_slot_of(slot, group)
			exclusive_retarget(slot, slot->fallback);
		WRITE_ONCE(group->state, EXCLUSIVE_CLAIMED);
		pr_info("%s: unbound from %s, fallback restored\n",
			group->name, exclusive_modname(mod));
		any = true;
	}
	return any;
}
EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT(exclusive_unbind_exports);

/* ---------------------------------------------------------------------- */
/* Sequences: stateful groups stay on one implementation                    */

/**
 * __exclusive_seq_begin() - pin a group's current implementation
 * @seq: the sequence
 * @slot: any slot of the group
 *
 * The sequence enters the group's SRCU domain: an unbind of the provider
 * waits in synchronize_srcu() until every sequence begun on it has ended,
 * so the provider's text stays while it is in use.  This costs a per-CPU
 * count, no write to a line that all CPUs share.  The semaphore-like
 * variant is used because a sequence may end in another task than the
 * one that began it.
 */
void __exclusive_seq_begin(struct exclusive_seq *seq,
			   const struct exclusive_slot *slot)
{
	const struct exclusive_group *group = slot->group;

	seq->group = group;
	seq->idx = srcu_down_read(group->seqs);
	/* Pairs with the release in exclusive_bind_groups(): impl is set. */
	seq->provider = smp_load_acquire(&group->state) == EXCLUSIVE_BOUND;
}
EXPORT_SYMBOL_GPL(__exclusive_seq_begin);

/**
 * exclusive_seq_end() - end a sequence begun with exclusive_seq_begin()
 * @seq: the sequence; its provider may be unbound from now on
 */
void exclusive_seq_end(struct exclusive_seq *seq)
{
	if (seq->group)
		srcu_up_read(seq->group->seqs, seq->idx);
	seq->group = NULL;
	seq->provider = false;
}
EXPORT_SYMBOL_GPL(exclusive_seq_end);

/**
 * __exclusive_seq_target() - the function a sequence calls for a slot
 * @seq: the sequence
 * @slot: a slot of the sequence's group
 *
 * Return: the pinned provider's implementation, or the slot's fallback.
 */
void *__exclusive_seq_target(const struct exclusive_seq *seq,
			     const struct exclusive_slot *slot)
{
	void *impl = seq->provider ? READ_ONCE(slot->impl) : NULL;

	return impl ?: slot->fallback;
}
EXPORT_SYMBOL_GPL(__exclusive_seq_target);

/*
 * After the slots point at their fallbacks again, no new call can enter the
 * provider, but calls already made may still be running in it:
 *
 *  - in hard or soft interrupt context or with preemption disabled, on any
 *    CPU, idle ones included (RCU watches inside interrupts taken from
 *    idle): synchronize_rcu() waits for all of them;
 *  - in a task that was preempted inside the provider: only tasks-RCU waits
 *    for such a task to run again and leave voluntarily;
 *  - in a sequence begun on the provider (a Poly1305 message between init
 *    and final): the group's SRCU domain counts those.
 *
 * Tasks-RCU counts a voluntary sleep as leaving, which is why a provider's
 * functions must not sleep (Documentation/core-api/exclusive-symbols.rst).
 */
static void exclusive_wait_callers(struct module *mod)
{
	const struct exclusive_export *ex = mod->exclusive_exports;
	unsigned int i;

	synchronize_rcu();
	synchronize_rcu_tasks();
	/* And for the sequences begun on the provider, group by group. */
	for (i = 0; i < mod->num_exclusive_exports; i++)
		if (exclusive_leads(ex[i].slot))
			synchronize_srcu(ex[i].slot->group->seqs);
}

/* ---------------------------------------------------------------------- */
/* Slots: registration                                                       */

/* Each group counts its open sequences in an SRCU domain of its own. */
static int exclusive_init_seqs(struct exclusive_group *group)
{
	group->seqs = kzalloc(sizeof(*group->seqs), GFP_KERNEL);
	if (!group->seqs)
		return -ENOMEM;
	if (init_srcu_struct(group->seqs)) {
		kfree(group->seqs);
		group->seqs = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void exclusive_free_seqs(struct exclusive_group *group)
{
	cleanup_srcu_struct(group->seqs);
	kfree(group->seqs);
	group->seqs = NULL;
}

static struct exclusive_slot *exclusive_slot_by_name(const char *name)
{
	struct exclusive_slot *slot;

	list_for_each_entry(slot, &exclusive_slots, list)
		if (!strcmp(slot->name, name))
			return slot;
	return NULL;
}

/**
 * exclusive_unregister_slots() - remove an owner's slots from the registry
 * @slots: the slot descriptors
 * @num: number of slots
 *
 * Caller holds exclusive_lock.
 */
VISIBLE_IF_EXCLUSIVE_KUNIT
void exclusive_unregister_slots(struct exclusive_slot *slots,
				unsigned int num)
{
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < num; i++) {
		list_del_rcu(&slots[i].list);
		list_del(&slots[i].group_node);
		if (!--slots[i].group->nslots)
			exclusive_free_seqs(slots[i].group);
	}
}
EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT(exclusive_unregister_slots);

/**
 * exclusive_register_slots() - add an owner's slots to the registry
 * @owner: the owner, NULL for vmlinux
 * @slots: its slot descriptors
 * @num: number of slots
 *
 * Caller holds exclusive_lock.
 *
 * Return: 0, or -EEXIST if a slot of that name is registered already.
 */
VISIBLE_IF_EXCLUSIVE_KUNIT
int exclusive_register_slots(struct module *owner,
			     struct exclusive_slot *slots,
			     unsigned int num)
{
	struct exclusive_slot *other;
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < num; i++) {
		other = exclusive_slot_by_name(slots[i].name);
		if (other) {
			pr_err("%s: slot %s is defined by %s already\n",
			       exclusive_modname(owner), slots[i].name,
			       exclusive_modname(other->owner));
			return -EEXIST;
		}
	}
	for (i = 0; i < num; i++) {
		struct exclusive_group *group = slots[i].group;

		if (!group->nslots) {
			if (exclusive_init_seqs(group)) {
				exclusive_unregister_slots(slots, i);
				return -ENOMEM;
			}
			INIT_LIST_HEAD(&group->slots);
		}
		slots[i].owner = owner;
		group->nslots++;
		list_add_tail(&slots[i].group_node, &group->slots);
		list_add_tail_rcu(&slots[i].list, &exclusive_slots);
	}
	return 0;
}
EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT(exclusive_register_slots);

/**
 * exclusive_tramp_key() - the static call key of a slot's trampoline
 * @tramp: the address a module's static_call_mod() call site names
 *
 * Slots export their trampolines only, and the static call core knows the
 * key of vmlinux's trampolines alone: it asks here for those of slots that
 * modules own.  Called with the static call lock held, which ranks below
 * exclusive_lock, so the registry is walked under RCU; a slot leaves it a
 * grace period before its owner is freed (free_module()).
 *
 * Return: the key's address, or 0 if @tramp is no slot's trampoline.
 */
unsigned long exclusive_tramp_key(unsigned long tramp)
{
	struct exclusive_slot *slot;
	unsigned long key = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(slot, &exclusive_slots, list) {
		if ((unsigned long)slot->tramp == tramp) {
			key = (unsigned long)slot->key;
			break;
		}
	}
	rcu_read_unlock();
	return key;
}

/* ---------------------------------------------------------------------- */
/* Validation: a module's sections are input, and no pointer is trusted    */

#define EXCLUSIVE_ANY_DATA						\
	(BIT(MOD_DATA) | BIT(MOD_RODATA) | BIT(MOD_RO_AFTER_INIT))

/* Does [@p, @p + @size) lie inside one of @mod's core regions in @types? */
static bool exclusive_within(const struct module *mod, const void *p,
			     size_t size, unsigned long types)
{
	unsigned long addr = (unsigned long)p;

	for_each_mod_mem_type(type) {
		const struct module_memory *mem = &mod->mem[type];

		if ((types & BIT(type)) && within_module_mem_type(addr, mod, type) &&
		    size <= mem->size - (addr - (unsigned long)mem->base))
			return true;
	}
	return false;
}

/* A name is a C identifier, NUL-terminated inside @mod's data. */
static bool exclusive_valid_name(const struct module *mod, const char *name)
{
	size_t len;

	for (len = 0; len < EXCLUSIVE_NAME_MAX; len++) {
		if (!exclusive_within(mod, name + len, 1, EXCLUSIVE_ANY_DATA))
			return false;
		if (!name[len])
			break;
		if (!isalnum(name[len]) && name[len] != '_')
			return false;
	}
	return len && len < EXCLUSIVE_NAME_MAX;
}

#ifdef CONFIG_KALLSYMS
/* Is @addr where a function of @mod's own symbol table starts? */
static bool exclusive_func_start(struct module *mod, const void *addr)
{
	const struct mod_kallsyms *kallsyms;
	bool found = false;
	unsigned int i;

	preempt_disable();
	kallsyms = rcu_dereference_sched(mod->kallsyms);
	for (i = 0; i < kallsyms->num_symtab && !found; i++) {
		const Elf_Sym *sym = &kallsyms->symtab[i];

		found = sym->st_shndx != SHN_UNDEF &&
			ELF_ST_TYPE(sym->st_info) == STT_FUNC &&
			kallsyms_symbol_value(sym) == (unsigned long)addr;
	}
	preempt_enable();
	return found;
}

/* Is @addr @mod's symbol <@prefix><@name>? */
static bool exclusive_is_symbol(struct module *mod, const void *addr,
				const char *prefix, const char *name)
{
	char sym[KSYM_NAME_LEN];

	snprintf(sym, sizeof(sym), "%s%s", prefix, name);
	return find_kallsyms_symbol_value(mod, sym) == (unsigned long)addr;
}

/* A fallback may also be a function of vmlinux or of a live module. */
static bool exclusive_any_func_start(struct module *mod, const void *addr)
{
	unsigned long size, offset;

	if (within_module_mem_type((unsigned long)addr, mod, MOD_TEXT))
		return exclusive_func_start(mod, addr);
	return kernel_text_address((unsigned long)addr) &&
	       kallsyms_lookup_size_offset((unsigned long)addr, &size, &offset) &&
	       !offset;
}
#else
static bool exclusive_func_start(struct module *mod, const void *addr)
{
	return within_module_mem_type((unsigned long)addr, mod, MOD_TEXT);
}

static bool exclusive_is_symbol(struct module *mod, const void *addr,
				const char *prefix, const char *name)
{
	return true;
}

static bool exclusive_any_func_start(struct module *mod, const void *addr)
{
	return kernel_text_address((unsigned long)addr);
}
#endif

/* What is wrong with an owner's slot descriptor, or NULL. */
static const char *exclusive_bad_slot(struct module *mod, unsigned int n)
{
	const struct exclusive_slot *s = &mod->exclusive_slots[n];
	const struct exclusive_group *g = s->group;
	unsigned int i;

	if (!exclusive_valid_name(mod, s->name))
		return "its name is not an identifier in the module's data";
	for (i = 0; i < n; i++)
		if (!strcmp(mod->exclusive_slots[i].name, s->name))
			return "its name is used twice";
	if (!exclusive_within(mod, g, sizeof(*g), BIT(MOD_DATA)) ||
	    !exclusive_valid_name(mod, g->name))
		return "its group is not a group of the module";
	if (g->kat && !(within_module_mem_type((unsigned long)g->kat, mod, MOD_TEXT) &&
			exclusive_func_start(mod, g->kat)))
		return "its group's known-answer test is not a function of the module";
	if (!exclusive_within(mod, s->key, sizeof(*s->key), BIT(MOD_DATA)) ||
	    !exclusive_is_symbol(mod, s->key, "__SCK__", s->name))
		return "its key is not the slot's static call key";
	if (IS_ENABLED(CONFIG_HAVE_STATIC_CALL) &&
	    !exclusive_is_symbol(mod, s->tramp, "__SCT__", s->name))
		return "its trampoline is not the slot's static call trampoline";
	if (!exclusive_any_func_start(mod, s->fallback) ||
	    READ_ONCE(s->key->func) != s->fallback)
		return "its fallback is not the function the static call starts with";
	return NULL;
}

/* What is wrong with a provider's entry, or NULL; its slot is checked later. */
static const char *exclusive_bad_export(struct module *mod, unsigned int n)
{
	const struct exclusive_export *e = &mod->exclusive_exports[n];

	/* Text only: init text goes away, and exit() is no implementation. */
	if (e->impl && (!within_module_mem_type((unsigned long)e->impl, mod, MOD_TEXT) ||
			!exclusive_func_start(mod, e->impl) ||
			e->impl == (void *)mod->exit))
		return "its implementation is not a function in the module's text";
	return NULL;
}

/* Reserved words of sysfs, messages and the pin: no provider is named so. */
static const char * const exclusive_reserved[] = {
	EXCLUSIVE_FALLBACK, "vmlinux",
};

/*
 * Check every pointer of a module's slots and entries against where it
 * must lie before anything is registered.
 */
static int exclusive_check_module(struct module *mod)
{
	size_t nslots = mod->num_exclusive_slots * sizeof(*mod->exclusive_slots);
	size_t nex = mod->num_exclusive_exports * sizeof(*mod->exclusive_exports);
	const char *why;
	unsigned int i;

	if (nslots && !exclusive_within(mod, mod->exclusive_slots, nslots,
					BIT(MOD_DATA))) {
		pr_err("%s: section __exclusive_slots is not in the module's data\n",
		       mod->name);
		return -ENOEXEC;
	}
	if (nex && !exclusive_within(mod, mod->exclusive_exports, nex,
				     EXCLUSIVE_ANY_DATA)) {
		pr_err("%s: section __exclusive_exports is not in the module's data\n",
		       mod->name);
		return -ENOEXEC;
	}
	for (i = 0; i < ARRAY_SIZE(exclusive_reserved); i++) {
		if (!strcmp(mod->name, exclusive_reserved[i])) {
			pr_err("%s: the name is reserved, no provider or owner may have it\n",
			       mod->name);
			return -EINVAL;
		}
	}
	for (i = 0; i < mod->num_exclusive_slots; i++) {
		why = exclusive_bad_slot(mod, i);
		if (why) {
			pr_err("%s: slot descriptor %u is malformed: %s\n",
			       mod->name, i, why);
			return -ENOEXEC;
		}
	}
	for (i = 0; i < mod->num_exclusive_exports; i++) {
		why = exclusive_bad_export(mod, i);
		if (why) {
			pr_err("%s: exclusive export %u is malformed: %s\n",
			       mod->name, i, why);
			return -ENOEXEC;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The loader's interface (internal.h)                                      */

static void exclusive_sysfs_del_all(struct module *mod)
{
	unsigned int i;

	for (i = 0; i < mod->num_exclusive_slots; i++)
		exclusive_slot_sysfs_del(&mod->exclusive_slots[i]);
}

/**
 * module_exclusive_claim() - register a module's slots, claim its groups
 * @mod: the module being formed; find_module_sections() found its slots
 *	and entries
 *
 * Called by complete_formation() with module_mutex held, so that two
 * providers of one group loading at once are decided here, one after the
 * other.
 *
 * Return: 0, or a negative errno after one message saying why.
 */
int module_exclusive_claim(struct module *mod)
{
	unsigned int i;
	int err;

	if (!mod->num_exclusive_slots && !mod->num_exclusive_exports)
		return 0;
	err = exclusive_check_module(mod);
	if (err)
		return err;

	mutex_lock(&exclusive_lock);
	err = exclusive_register_slots(mod, mod->exclusive_slots,
				       mod->num_exclusive_slots);
	if (!err) {
		err = exclusive_claim_exports(mod, mod->exclusive_exports,
					      mod->num_exclusive_exports);
		if (err)
			exclusive_unregister_slots(mod->exclusive_slots,
						   mod->num_exclusive_slots);
	}
	mutex_unlock(&exclusive_lock);
	if (err)
		return err;

	for (i = 0; i < mod->num_exclusive_slots; i++) {
		err = exclusive_slot_sysfs_add(&mod->exclusive_slots[i]);
		if (err) {
			module_exclusive_release(mod);
			return err;
		}
	}
	return 0;
}

/**
 * module_exclusive_bind() - bind a provider whose init succeeded
 * @mod: the module, about to become live
 *
 * Called by do_init_module() without locks.  A provider refused here has
 * run its init(): the caller undoes it as for a module being removed.
 *
 * Return: 0, or -EBADMSG if a known-answer test refused the provider.
 */
int module_exclusive_bind(struct module *mod)
{
	int err = 0;

	if (mod->num_exclusive_exports)
		err = exclusive_bind_exports(mod, mod->exclusive_exports,
					     mod->num_exclusive_exports);
	if (err)
		return err;
	exclusive_request_providers(mod->exclusive_slots,
				    mod->num_exclusive_slots);
	return 0;
}

/**
 * module_exclusive_unbind() - unbind a provider before its exit runs
 * @mod: the module being removed
 *
 * Returns once no caller can still be executing in @mod's implementations.
 */
void module_exclusive_unbind(struct module *mod)
{
	bool any;

	if (!mod->num_exclusive_exports)
		return;
	mutex_lock(&exclusive_lock);
	any = exclusive_unbind_exports(mod, mod->exclusive_exports,
				       mod->num_exclusive_exports);
	mutex_unlock(&exclusive_lock);
	if (any)
		exclusive_wait_callers(mod);
}

/**
 * module_exclusive_release() - drop a module's claims and slots
 * @mod: the module being freed, on every path after a successful claim
 */
void module_exclusive_release(struct module *mod)
{
	bool bound;

	if (!mod->num_exclusive_slots && !mod->num_exclusive_exports)
		return;
	exclusive_sysfs_del_all(mod);
	mutex_lock(&exclusive_lock);
	bound = exclusive_unbind_exports(mod, mod->exclusive_exports,
					 mod->num_exclusive_exports);
	mutex_unlock(&exclusive_lock);
	/*
	 * delete_module() unbinds: only a bug gets here bound, and even then
	 * no text that calls can reach is freed before they left it.
	 */
	if (WARN_ON_ONCE(bound))
		exclusive_wait_callers(mod);

	mutex_lock(&exclusive_lock);
	exclusive_release_exports(mod, mod->exclusive_exports,
				  mod->num_exclusive_exports);
	exclusive_unregister_slots(mod->exclusive_slots,
				   mod->num_exclusive_slots);
	mutex_unlock(&exclusive_lock);
}

/* ---------------------------------------------------------------------- */
/* vmlinux                                                                  */

static int __init exclusive_init(void)
{
	unsigned int nslots = __stop___exclusive_slots - __start___exclusive_slots;
	unsigned int i;
	int err;

	exclusive_sysfs_init();

	mutex_lock(&exclusive_lock);
	err = exclusive_register_slots(NULL, __start___exclusive_slots, nslots);
	mutex_unlock(&exclusive_lock);
	if (err)
		return err;
	for (i = 0; i < nslots; i++)
		exclusive_slot_sysfs_add(&__start___exclusive_slots[i]);
	return 0;
}
postcore_initcall(exclusive_init);

/* How the init of a built-in provider went, if it told (NULL if not). */
static const struct exclusive_builtin_init * __init
exclusive_builtin_init_of(const char *modname)
{
	const struct exclusive_builtin_init *init;

	for (init = __start___exclusive_inits; init < __stop___exclusive_inits;
	     init++)
		if (!strcmp(init->modname, modname))
			return init;
	return NULL;
}

/*
 * One built-in provider, claimed and bound on its own: its init failing,
 * its known-answer test failing or the pin refusing it leaves the others
 * alone.  All are held by "vmlinux".
 */
static void __init exclusive_bind_builtin_one(const struct exclusive_export *ex,
					      unsigned int num)
{
	const struct exclusive_builtin_init *init;
	int err;

	init = exclusive_builtin_init_of(ex->modname);
	if (init && !init->done) {
		pr_info("%s: not bound: its init has not run\n", ex->modname);
		return;
	}
	if (init && init->result < 0) {
		pr_info("%s: not bound: its init returned %d\n", ex->modname,
			init->result);
		return;
	}
	mutex_lock(&exclusive_lock);
	err = exclusive_claim_exports(NULL, ex, num);
	mutex_unlock(&exclusive_lock);
	if (err || !exclusive_bind_exports(NULL, ex, num))
		return;
	mutex_lock(&exclusive_lock);
	exclusive_release_exports(NULL, ex, num);
	mutex_unlock(&exclusive_lock);
}

/* Built-in providers bind once every built-in init has run. */
static int __init exclusive_bind_builtin(void)
{
	const struct exclusive_export *ex = __start___exclusive_exports;
	unsigned int num = __stop___exclusive_exports - ex;
	unsigned int i, n;

	/* A provider's entries are adjacent: the linker keeps each object's. */
	for (i = 0; i < num; i += n) {
		for (n = 1; i + n < num; n++)
			if (strcmp(ex[i + n].modname, ex[i].modname))
				break;
		exclusive_bind_builtin_one(ex + i, n);
	}
	return 0;
}
late_initcall(exclusive_bind_builtin);

#if IS_ENABLED(CONFIG_MODULE_EXCLUSIVE_SYMBOLS_KUNIT_TEST)
/* The KUnit suite calls the functions above, which expect the lock held. */
void exclusive_lock_for_test(void)
{
	mutex_lock(&exclusive_lock);
}
EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT(exclusive_lock_for_test);

void exclusive_unlock_for_test(void)
{
	mutex_unlock(&exclusive_lock);
}
EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT(exclusive_unlock_for_test);
#endif
