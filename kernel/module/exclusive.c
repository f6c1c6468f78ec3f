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
 * What owners and providers declare is read-only input: it is checked, then
 * copied into a record the loader allocates for the module (struct
 * exclusive_mod, as static_call_inline.c keeps a struct static_call_mod),
 * and never read again.  The declarations' addresses remain the slots'
 * identities, which providers and sequences name.
 *
 * Lock order: module_mutex -> exclusive_lock -> (static call and text
 * patching locks).  Sysfs show() takes exclusive_lock only, so the slot
 * directories are removed with exclusive_lock free.
 *
 * The slots' sysfs directories are in exclusive_sysfs.c, the pin and the
 * autoload requests in exclusive_policy.c.
 */

#define pr_fmt(fmt) "exclusive_symbols: " fmt

#include <kunit/visibility.h>
#include <linux/ctype.h>
#include <linux/exclusive_symbol.h>
#include <linux/hashtable.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/rcupdate_wait.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/string.h>

#include "internal.h"
#include "exclusive.h"

/* How long a removal waits for the sequences begun on the provider. */
#define EXCLUSIVE_SEQ_WAIT_MS	1000

/* See exclusive.h for what the lock protects. */
DEFINE_MUTEX(exclusive_lock);
LIST_HEAD(exclusive_slots);
static LIST_HEAD(exclusive_mods);
/* Declaration -> slot, for the sequences, which take no lock. */
static DEFINE_HASHTABLE(exclusive_slot_table, 6);

static struct exclusive_slot_state *
exclusive_slot_lookup(const struct exclusive_symbol *decl)
{
	struct exclusive_slot_state *slot;

	hash_for_each_possible_rcu(exclusive_slot_table, slot, hnode,
				   (unsigned long)decl)
		if (slot->decl == decl)
			return slot;
	return NULL;
}

/**
 * exclusive_slot_of() - the slot a declaration names
 * @decl: an owner's exported declaration
 *
 * Return: the registered slot, or NULL.  Caller holds exclusive_lock.
 */
VISIBLE_IF_KUNIT
struct exclusive_slot_state *exclusive_slot_of(const struct exclusive_symbol *decl)
{
	struct exclusive_slot_state *slot;

	lockdep_assert_held(&exclusive_lock);
	rcu_read_lock();
	slot = exclusive_slot_lookup(decl);
	rcu_read_unlock();
	return slot;
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_slot_of);

/*
 * A provider supplies every slot of each group it holds, so its entries
 * visit each of its groups once at the entry for the group's first slot.
 */
static bool exclusive_leads(const struct exclusive_slot_state *slot)
{
	return list_first_entry(&slot->group->slots, struct exclusive_slot_state,
				group_node) == slot;
}

static unsigned int exclusive_count_group(const struct exclusive_mod *xm,
					  const struct exclusive_group_state *group)
{
	unsigned int i, n = 0;

	for (i = 0; i < xm->nents; i++)
		n += xm->ents[i].slot->group == group;
	return n;
}

static const char *exclusive_missing_slot(const struct exclusive_mod *xm,
					  const struct exclusive_group_state *group)
{
	struct exclusive_slot_state *slot;
	unsigned int i;

	list_for_each_entry(slot, &group->slots, group_node) {
		for (i = 0; i < xm->nents && xm->ents[i].slot != slot; i++)
			;
		if (i == xm->nents)
			return slot->name;
	}
	return "?";
}

/* Copy entry @i into @xm: a registered slot, an implementation, no repeat. */
static int exclusive_copy_entry(struct exclusive_mod *xm,
				const struct exclusive_export *e, unsigned int i)
{
	const struct exclusive_symbol *decl = READ_ONCE(e->slot);
	struct exclusive_entry *ent = &xm->ents[i];
	unsigned int j;

	ent->slot = exclusive_slot_of(decl);
	ent->impl = READ_ONCE(e->impl);
	if (!ent->slot) {
		pr_err("%s: exclusive export %u refers to no registered slot\n",
		       xm->name, i);
		return -ENOEXEC;
	}
	if (!ent->impl) {
		pr_err("%s: exclusive export of %s has no implementation\n",
		       xm->name, ent->slot->name);
		return -ENOEXEC;
	}
	for (j = 0; j < i; j++) {
		if (xm->ents[j].slot == ent->slot) {
			pr_err("%s: exports %s more than once\n",
			       xm->name, ent->slot->name);
			return -ENOEXEC;
		}
	}
	if (READ_ONCE(e->gpl_only) && !ent->slot->gpl_only) {
		pr_err("%s: GPL-only implementation of %s, which any module may call\n",
		       xm->name, ent->slot->name);
		return -EPERM;
	}
	return 0;
}

/* The refusal names the slot and its holder, and the group if it differs. */
static void exclusive_report_held(const char *modname,
				  const struct exclusive_slot_state *slot)
{
	const struct exclusive_group_state *group = slot->group;
	const char *holder = group->holder->name;

	if (strcmp(slot->name, group->name))
		pr_err("%s: refused: %s (group %s) is held by %s\n",
		       modname, slot->name, group->name, holder);
	else
		pr_err("%s: refused: %s is held by %s\n",
		       modname, slot->name, holder);
}

/* Policy and the current holders, entry by entry; entries are valid. */
static int exclusive_check_claim(const struct exclusive_mod *xm)
{
	const char *pinned;
	unsigned int i, n;

	for (i = 0; i < xm->nents; i++) {
		const struct exclusive_slot_state *slot = xm->ents[i].slot;
		struct exclusive_group_state *group = slot->group;

		n = exclusive_count_group(xm, group);
		if (n != group->nslots) {
			pr_err("%s: provides %u of the %u slots of group %s (%s missing)\n",
			       xm->name, n, group->nslots, group->name,
			       exclusive_missing_slot(xm, group));
			return -EINVAL;
		}
		pinned = exclusive_pin_refuses(slot->name, xm->name);
		if (pinned) {
			pr_err("%s: refused for %s: module.exclusive_pin pins it to %s\n",
			       xm->name, slot->name, pinned);
			return -EPERM;
		}
		if (group->state != EXCLUSIVE_FREE) {
			exclusive_report_held(xm->name, slot);
			return -EBUSY;
		}
	}
	return 0;
}

/**
 * exclusive_claim_exports() - copy a provider's entries, claim their groups
 * @xm: the provider's record, without entries yet
 * @ex: its declared entries, read here and never again
 * @num: number of entries
 *
 * Either every group the entries touch is now held by @xm, or nothing
 * changed, @xm has no entries and one message says why.  Caller holds
 * exclusive_lock.
 *
 * Return: 0, -ENOEXEC for a malformed entry, -EINVAL for a partial group,
 * -EPERM for a policy or licence refusal, -EBUSY if a group is held,
 * -ENOMEM.
 */
VISIBLE_IF_KUNIT
int exclusive_claim_exports(struct exclusive_mod *xm,
			    const struct exclusive_export *ex, unsigned int num)
{
	unsigned int i;
	int err = 0;

	lockdep_assert_held(&exclusive_lock);

	if (!num)
		return 0;
	/*
	 * A provider runs inside its owner's calls, whoever makes them: every
	 * slot asks for a GPL-compatible provider, as resolve_symbol() does
	 * for GPL-only exports.
	 */
	if (xm->mod && test_bit(TAINT_PROPRIETARY_MODULE, &xm->mod->taints)) {
		pr_err("%s: not GPL-compatible, may not provide exclusive symbols\n",
		       xm->name);
		return -EPERM;
	}
	xm->ents = kcalloc(num, sizeof(*xm->ents), GFP_KERNEL);
	if (!xm->ents)
		return -ENOMEM;
	xm->nents = num;
	for (i = 0; i < num && !err; i++)
		err = exclusive_copy_entry(xm, &ex[i], i);
	if (!err)
		err = exclusive_check_claim(xm);
	if (err) {
		kfree(xm->ents);
		xm->ents = NULL;
		xm->nents = 0;
		return err;
	}

	/* No call reaches an implementation before its group is bound. */
	for (i = 0; i < num; i++) {
		WRITE_ONCE(xm->ents[i].slot->impl, xm->ents[i].impl);
		xm->ents[i].slot->group->holder = xm;
		xm->ents[i].slot->group->state = EXCLUSIVE_CLAIMED;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_claim_exports);

/**
 * exclusive_release_exports() - drop what exclusive_claim_exports() took
 * @xm: the provider's record
 *
 * Caller holds exclusive_lock; every group is unbound already.  Groups
 * that @xm does not hold are left alone.
 */
VISIBLE_IF_KUNIT
void exclusive_release_exports(struct exclusive_mod *xm)
{
	struct exclusive_slot_state *slot;
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < xm->nents; i++) {
		struct exclusive_group_state *group = xm->ents[i].slot->group;

		if (!exclusive_leads(xm->ents[i].slot) ||
		    !exclusive_held_by(group, xm))
			continue;
		list_for_each_entry(slot, &group->slots, group_node)
			WRITE_ONCE(slot->impl, NULL);
		group->holder = NULL;
		group->state = EXCLUSIVE_FREE;
	}
	kfree(xm->ents);
	xm->ents = NULL;
	xm->nents = 0;
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_release_exports);

static void exclusive_retarget(struct exclusive_slot_state *slot, void *func)
{
	__static_call_update(slot->key, slot->tramp, func);
}

/*
 * Run the known-answer test of each group the entries touch, before any
 * call can reach the candidate.  Its implementations are in the slots
 * since the claim, but only the test's own sequence reads them: others
 * read them once the group is bound.
 */
static int exclusive_run_kats(struct exclusive_mod *xm)
{
	unsigned int i;

	for (i = 0; i < xm->nents; i++) {
		struct exclusive_group_state *group = xm->ents[i].slot->group;
		/* The candidate's own sequence: it is not bound, nothing to pin. */
		struct exclusive_seq seq = { .group = group, .provider = true };

		if (!exclusive_leads(xm->ents[i].slot) || !group->kat)
			continue;
		if (!group->kat(&seq)) {
			pr_err("%s: refused: failed the known-answer test of %s\n",
			       xm->name, group->name);
			return -EBADMSG;
		}
	}
	return 0;
}

/* Make calls reach the holder, group by group. */
static void exclusive_bind_groups(struct exclusive_mod *xm)
{
	struct exclusive_slot_state *slot;
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < xm->nents; i++) {
		struct exclusive_group_state *group = xm->ents[i].slot->group;

		if (!exclusive_leads(xm->ents[i].slot) ||
		    WARN_ON_ONCE(!exclusive_held_by(group, xm)))
			continue;
		list_for_each_entry(slot, &group->slots, group_node)
			exclusive_retarget(slot, slot->impl);
		/* Pairs with the acquire in __exclusive_seq_begin(). */
		smp_store_release(&group->state, EXCLUSIVE_BOUND);
		/*
		 * A request still pending from the owner's arrival is
		 * answered: were the group unbound again before the work
		 * looks at it, it must not ask for a provider on behalf of
		 * an arrival that this bind already followed.
		 */
		group->autoload = false;
		group->binds++;
		pr_info("%s: bound to %s\n", group->name, xm->name);
	}
}

/**
 * exclusive_bind_exports() - test a provider, then make calls reach it
 * @xm: the provider's record, holder of every group its entries touch
 *
 * The known-answer tests run the candidate's code, which may fault: they
 * run without exclusive_lock, so that a candidate that oopses in them
 * leaves its groups claimed (nobody else can bind them meanwhile) and
 * the loader usable.  Called without exclusive_lock.
 *
 * Return: 0, or -EBADMSG if a group's known-answer test failed; then
 * nothing was retargeted.
 */
VISIBLE_IF_KUNIT
int exclusive_bind_exports(struct exclusive_mod *xm)
{
	int err;

	err = exclusive_run_kats(xm);
	if (err)
		return err;

	mutex_lock(&exclusive_lock);
	exclusive_bind_groups(xm);
	mutex_unlock(&exclusive_lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_bind_exports);

/* The group that @xm's entry @i leads, if @xm holds it in @state. */
static struct exclusive_group_state *
exclusive_led_group(const struct exclusive_mod *xm, unsigned int i,
		    enum exclusive_state state)
{
	struct exclusive_group_state *group = xm->ents[i].slot->group;

	if (!exclusive_leads(xm->ents[i].slot) || group->holder != xm ||
	    group->state != state)
		return NULL;
	return group;
}

/**
 * exclusive_unbind_exports() - send a provider's slots back to the fallback
 * @xm: the provider's record
 *
 * The groups stay held by @xm, so that no other provider binds while the
 * caller waits for the callers still inside the provider.  Caller holds
 * exclusive_lock.
 *
 * Return: whether any slot was retargeted.
 */
VISIBLE_IF_KUNIT
bool exclusive_unbind_exports(struct exclusive_mod *xm)
{
	struct exclusive_group_state *group;
	struct exclusive_slot_state *slot;
	unsigned int i;
	bool any = false;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < xm->nents; i++) {
		group = exclusive_led_group(xm, i, EXCLUSIVE_BOUND) ?:
			exclusive_led_group(xm, i, EXCLUSIVE_UNBINDING);
		if (!group)
			continue;
		list_for_each_entry(slot, &group->slots, group_node)
			exclusive_retarget(slot, slot->fallback);
		WRITE_ONCE(group->state, EXCLUSIVE_CLAIMED);
		pr_info("%s: unbound from %s, fallback restored\n",
			group->name, xm->name);
		any = true;
	}
	return any;
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_unbind_exports);

/*
 * Sequences begun from now on run on the fallbacks; plain calls still
 * reach @xm.  Caller holds exclusive_lock.  Return: whether @xm had a
 * bound group.
 */
static bool exclusive_close_groups(struct exclusive_mod *xm)
{
	struct exclusive_group_state *group;
	unsigned int i;
	bool any = false;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < xm->nents; i++) {
		group = exclusive_led_group(xm, i, EXCLUSIVE_BOUND);
		if (!group)
			continue;
		WRITE_ONCE(group->state, EXCLUSIVE_UNBINDING);
		any = true;
	}
	return any;
}

/* Undo exclusive_close_groups(): @xm stays, and new sequences begin on it. */
static void exclusive_reopen_groups(struct exclusive_mod *xm)
{
	struct exclusive_group_state *group;
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < xm->nents; i++) {
		group = exclusive_led_group(xm, i, EXCLUSIVE_UNBINDING);
		if (!group)
			continue;
		/* Pairs with the acquire in __exclusive_seq_begin(). */
		smp_store_release(&group->state, EXCLUSIVE_BOUND);
		pr_info("%s: stays bound to %s: a sequence begun on it is still open\n",
			group->name, xm->name);
	}
}

/*
 * Wait for the sequences begun on @xm's closed groups to end, but no longer
 * than EXCLUSIVE_SEQ_WAIT_MS in all: a sequence may stay open as long as
 * its caller wants (a hash request that user space feeds through AF_ALG),
 * and a module's removal does not block.  Killable.
 *
 * Return: 0, -EWOULDBLOCK if a sequence is still open, -EINTR if killed.
 */
static int exclusive_wait_seqs(struct exclusive_mod *xm)
{
	unsigned long end = jiffies + msecs_to_jiffies(EXCLUSIVE_SEQ_WAIT_MS);
	unsigned int i;

	for (i = 0; i < xm->nents; i++) {
		struct srcu_struct *seqs = &xm->ents[i].slot->group->seqs;
		unsigned long cookie;

		if (!exclusive_leads(xm->ents[i].slot))
			continue;
		cookie = start_poll_synchronize_srcu(seqs);
		while (!poll_state_synchronize_srcu(seqs, cookie)) {
			if (time_after(jiffies, end))
				return -EWOULDBLOCK;
			schedule_timeout_killable(1);
			if (fatal_signal_pending(current))
				return -EINTR;
		}
	}
	return 0;
}

/**
 * __exclusive_seq_begin() - pin a group's current implementation
 * @seq: the sequence
 * @decl: any slot of the group
 *
 * The sequence enters the group's SRCU domain: an unbind of the provider
 * waits in synchronize_srcu() until every sequence begun on it has ended,
 * so the provider's text stays while it is in use.  This costs a per-CPU
 * count, no write to a line that all CPUs share.  The semaphore-like
 * variant is used because a sequence may end in another task than the
 * one that began it.  A slot not registered yet (a caller before the
 * loader's postcore initcall) gives a sequence on the fallbacks.
 */
void __exclusive_seq_begin(struct exclusive_seq *seq,
			   const struct exclusive_symbol *decl)
{
	struct exclusive_slot_state *slot;
	struct exclusive_group_state *group = NULL;

	rcu_read_lock();
	slot = exclusive_slot_lookup(decl);
	if (slot) {
		group = slot->group;
		seq->idx = srcu_down_read(&group->seqs);
	}
	rcu_read_unlock();
	seq->group = group;
	seq->provider = false;
	/* Pairs with the release in exclusive_bind_groups(): impl is set. */
	if (group && smp_load_acquire(&group->state) == EXCLUSIVE_BOUND)
		seq->provider = true;
}
EXPORT_SYMBOL_GPL(__exclusive_seq_begin);

/**
 * exclusive_seq_end() - end a sequence begun with exclusive_seq_begin()
 * @seq: the sequence; its provider may be unbound from now on
 *
 * Every begun sequence ends exactly once; a copy of @seq is the same
 * sequence, not another one to end.
 */
void exclusive_seq_end(struct exclusive_seq *seq)
{
	if (seq->group)
		srcu_up_read(&seq->group->seqs, seq->idx);
	seq->group = NULL;
	seq->provider = false;
}
EXPORT_SYMBOL_GPL(exclusive_seq_end);

/**
 * __exclusive_seq_target() - the function a sequence calls for a slot
 * @seq: the sequence
 * @decl: a slot of the sequence's group
 *
 * Return: the pinned provider's implementation, or the slot's fallback;
 * the fallback too, with a message, for a slot of another group.
 */
void *__exclusive_seq_target(const struct exclusive_seq *seq,
			     const struct exclusive_symbol *decl)
{
	struct exclusive_slot_state *slot;

	if (!seq->group)
		return decl->fallback;
	/* The group's slots do not change while a sequence pins its owner. */
	list_for_each_entry(slot, &seq->group->slots, group_node) {
		if (slot->decl != decl)
			continue;
		if (seq->provider && READ_ONCE(slot->impl))
			return READ_ONCE(slot->impl);
		return slot->fallback;
	}
	pr_warn_once("%s is not a slot of group %s: a sequence calls its fallback\n",
		     decl->name, seq->group->name);
	return decl->fallback;
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
 * functions must not sleep or call cond_resched()
 * (Documentation/core-api/exclusive-symbols.rst).  Without preemption
 * tasks-RCU is not built, and nothing needs it: no task is preempted
 * inside a provider, and a task that schedules there, voluntarily, ends
 * the grace period synchronize_rcu() waits for as it would end tasks-RCU's.
 * The two grace periods run concurrently.
 */
static void exclusive_wait_calls(void)
{
	synchronize_rcu_mult(call_rcu_hurry, call_rcu_tasks);
}

/* Both, for a provider found bound where it should not be any more. */
static void exclusive_wait_callers(struct exclusive_mod *xm)
{
	unsigned int i;

	exclusive_wait_calls();
	/* And for the sequences begun on the provider, group by group. */
	for (i = 0; i < xm->nents; i++)
		if (exclusive_leads(xm->ents[i].slot))
			synchronize_srcu(&xm->ents[i].slot->group->seqs);
}

static struct exclusive_slot_state *exclusive_slot_by_name(const char *name)
{
	struct exclusive_slot_state *slot;

	list_for_each_entry(slot, &exclusive_slots, list)
		if (!strcmp(slot->name, name))
			return slot;
	return NULL;
}

static void exclusive_free_group(struct exclusive_group_state *group)
{
	cleanup_srcu_struct(&group->seqs);
	kfree(group->name);
	kfree(group);
}

/* A new group, or the one an earlier slot of the same owner declared. */
static struct exclusive_group_state *
exclusive_group_for(struct exclusive_mod *xm, unsigned int n,
		    const struct exclusive_group *decl)
{
	struct exclusive_group_state *group;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (xm->slots[i]->group->decl == decl)
			return xm->slots[i]->group;

	group = kzalloc(sizeof(*group), GFP_KERNEL);
	if (!group)
		return NULL;
	group->decl = decl;
	group->name = kstrdup(decl->name, GFP_KERNEL);
	group->kat = decl->kat;
	INIT_LIST_HEAD(&group->slots);
	if (!group->name || init_srcu_struct(&group->seqs)) {
		kfree(group->name);
		kfree(group);
		return NULL;
	}
	return group;
}

/* Copy a checked definition into a slot of @xm's. */
static struct exclusive_slot_state *
exclusive_new_slot(struct exclusive_mod *xm, unsigned int n,
		   const struct exclusive_slot *def)
{
	const struct exclusive_symbol *decl = def->symbol;
	struct exclusive_slot_state *slot;

	slot = kzalloc(sizeof(*slot), GFP_KERNEL);
	if (!slot)
		return NULL;
	slot->name = kstrdup(decl->name, GFP_KERNEL);
	slot->group = exclusive_group_for(xm, n, decl->group);
	if (!slot->name || !slot->group) {
		if (slot->group && !slot->group->nslots)
			exclusive_free_group(slot->group);
		kfree(slot->name);
		kfree(slot);
		return NULL;
	}
	slot->decl = decl;
	slot->key = def->key;
	slot->tramp = decl->tramp;
	slot->fallback = decl->fallback;
	slot->gpl_only = decl->gpl_only;
	slot->owner = xm->mod;
	slot->group->nslots++;
	list_add_tail(&slot->group_node, &slot->group->slots);
	return slot;
}

static void exclusive_put_slots(struct exclusive_mod *xm)
{
	unsigned int i;

	for (i = 0; i < xm->nslots; i++) {
		struct exclusive_slot_state *slot = xm->slots[i];
		struct exclusive_group_state *group = slot->group;

		list_del(&slot->group_node);
		if (!--group->nslots)
			exclusive_free_group(group);
		kfree(slot->name);
		kfree(slot);
	}
	kfree(xm->slots);
	xm->slots = NULL;
	xm->nslots = 0;
}

/**
 * exclusive_free_slots() - free the slots exclusive_unregister_slots() took
 * @xm: the owner's record
 *
 * Waits for the lockless readers of the registry.  Called without
 * exclusive_lock.
 */
VISIBLE_IF_KUNIT
void exclusive_free_slots(struct exclusive_mod *xm)
{
	if (!xm->nslots)
		return;
	synchronize_rcu();
	exclusive_put_slots(xm);
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_free_slots);

/**
 * exclusive_unregister_slots() - remove an owner's slots from the registry
 * @xm: the owner's record
 *
 * Caller holds exclusive_lock; exclusive_free_slots() frees them after.
 *
 * Return: false if a provider still holds a group of @xm's.  That is a bug
 * (a provider is released before it drops its reference to the owner):
 * it is warned about, and the caller must leave the slots allocated, for
 * the holder's release to find.
 */
VISIBLE_IF_KUNIT
bool exclusive_unregister_slots(struct exclusive_mod *xm)
{
	bool free = true;
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < xm->nslots; i++) {
		struct exclusive_slot_state *slot = xm->slots[i];

		list_del(&slot->list);
		hash_del_rcu(&slot->hnode);
		if (WARN(slot->group->state != EXCLUSIVE_FREE,
			 "%s: slot %s removed while its group is held by %s\n",
			 xm->name, slot->name, slot->group->holder->name))
			free = false;
	}
	return free;
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_unregister_slots);

/**
 * exclusive_register_slots() - add an owner's slots to the registry
 * @xm: the owner's record, without slots yet
 * @defs: its slot definitions, checked, read here and never again
 * @num: number of definitions
 *
 * Caller holds exclusive_lock.
 *
 * Return: 0, -EEXIST if a slot of that name is registered already, or
 * -ENOMEM; then @xm has no slots.
 */
VISIBLE_IF_KUNIT
int exclusive_register_slots(struct exclusive_mod *xm,
			     const struct exclusive_slot *defs,
			     unsigned int num)
{
	struct exclusive_slot_state *other;
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	if (!num)
		return 0;
	for (i = 0; i < num; i++) {
		other = exclusive_slot_by_name(defs[i].symbol->name);
		if (other) {
			pr_err("%s: slot %s is defined by %s already\n",
			       xm->name, other->name,
			       exclusive_modname(other->owner));
			return -EEXIST;
		}
	}
	xm->slots = kcalloc(num, sizeof(*xm->slots), GFP_KERNEL);
	if (!xm->slots)
		return -ENOMEM;
	for (i = 0; i < num; i++) {
		xm->slots[i] = exclusive_new_slot(xm, i, &defs[i]);
		if (!xm->slots[i]) {
			xm->nslots = i;
			/* Nobody saw them: no grace period to wait for. */
			exclusive_put_slots(xm);
			return -ENOMEM;
		}
	}
	xm->nslots = num;
	/* Visible once every group lists all of its slots. */
	for (i = 0; i < num; i++) {
		list_add_tail(&xm->slots[i]->list, &exclusive_slots);
		hash_add_rcu(exclusive_slot_table, &xm->slots[i]->hnode,
			     (unsigned long)xm->slots[i]->decl);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_register_slots);

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

#define EXCLUSIVE_ANY_DATA						\
	(BIT(MOD_DATA) | BIT(MOD_RODATA) | BIT(MOD_RO_AFTER_INIT))

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
/* Padding before a function (CALL_PADDING, kCFI) is not the function. */
static bool exclusive_padding(const char *name)
{
	return str_has_prefix(name, "__pfx_") || str_has_prefix(name, "__cfi_");
}

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
			kallsyms_symbol_value(sym) == (unsigned long)addr &&
			!exclusive_padding(kallsyms->strtab + sym->st_name);
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
	char name[KSYM_NAME_LEN];
	unsigned long size, offset;

	if (within_module_mem_type((unsigned long)addr, mod, MOD_TEXT))
		return exclusive_func_start(mod, addr);
	return kernel_text_address((unsigned long)addr) &&
	       kallsyms_lookup_size_offset((unsigned long)addr, &size, &offset) &&
	       !offset && !lookup_symbol_name((unsigned long)addr, name) &&
	       !exclusive_padding(name);
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

/* An owner's slot definition @n and what it points to, before any copy. */
static int exclusive_check_slot(struct module *mod, unsigned int n)
{
	const struct exclusive_slot *def = &mod->exclusive_slots[n];
	const struct exclusive_symbol *s = def->symbol;
	const struct exclusive_group *g;
	const char *why;
	unsigned int i;

	if (!exclusive_within(mod, s, sizeof(*s), BIT(MOD_RODATA))) {
		why = "it is not in the module's read-only data";
		goto bad;
	}
	if (!exclusive_valid_name(mod, s->name)) {
		why = "its name is not an identifier in the module's data";
		goto bad;
	}
	for (i = 0; i < n; i++) {
		if (!strcmp(mod->exclusive_slots[i].symbol->name, s->name)) {
			why = "its name is used twice";
			goto bad;
		}
	}
	g = s->group;
	if (!exclusive_within(mod, g, sizeof(*g), BIT(MOD_RODATA)) ||
	    !exclusive_valid_name(mod, g->name)) {
		why = "its group is not a group of the module";
		goto bad;
	}
	if (g->kat && !(within_module_mem_type((unsigned long)g->kat, mod, MOD_TEXT) &&
			exclusive_func_start(mod, g->kat))) {
		why = "its group's known-answer test is not a function of the module";
		goto bad;
	}
	if (!exclusive_within(mod, def->key, sizeof(*def->key), BIT(MOD_DATA)) ||
	    !exclusive_is_symbol(mod, def->key, "__SCK__", s->name)) {
		why = "its key is not the slot's static call key";
		goto bad;
	}
	if (IS_ENABLED(CONFIG_HAVE_STATIC_CALL) &&
	    !exclusive_is_symbol(mod, s->tramp, "__SCT__", s->name)) {
		why = "its trampoline is not the slot's static call trampoline";
		goto bad;
	}
	if (!exclusive_any_func_start(mod, s->fallback) ||
	    READ_ONCE(def->key->func) != s->fallback) {
		why = "its fallback is not the function the static call starts with";
		goto bad;
	}
	return 0;
bad:
	pr_err("%s: slot descriptor %u is malformed: %s\n", mod->name, n, why);
	return -ENOEXEC;
}

/* A provider's entry @n; its slot is looked up when it claims. */
static int exclusive_check_export(struct module *mod, unsigned int n)
{
	const void *impl = mod->exclusive_exports[n].impl;

	/* Text only: init text goes away, and exit() is no implementation. */
	if (impl && (!within_module_mem_type((unsigned long)impl, mod, MOD_TEXT) ||
		     !exclusive_func_start(mod, impl) ||
		     impl == (void *)mod->exit)) {
		pr_err("%s: exclusive export %u is malformed: its implementation is not a function in the module's text\n",
		       mod->name, n);
		return -ENOEXEC;
	}
	return 0;
}

/* Reserved words of sysfs, messages and the pin: no provider is named so. */
static const char * const exclusive_reserved[] = {
	EXCLUSIVE_FALLBACK, "vmlinux",
};

/*
 * A section holds whole declarations, in the module's read-only data, so
 * that nothing can change them once they were checked.
 */
static int exclusive_check_section(struct module *mod, const char *name,
				   const void *start, unsigned int num,
				   size_t entsize, unsigned int bytes)
{
	if ((size_t)num * entsize != bytes) {
		pr_err("%s: section %s is not a whole number of %zu-byte entries\n",
		       mod->name, name, entsize);
		return -ENOEXEC;
	}
	if (num && !exclusive_within(mod, start, bytes, BIT(MOD_RODATA))) {
		pr_err("%s: section %s is not in the module's read-only data\n",
		       mod->name, name);
		return -ENOEXEC;
	}
	return 0;
}

/*
 * Check every pointer of a module's slots and entries against where it
 * must lie before anything is copied.
 */
static int exclusive_check_module(struct module *mod,
				  const struct load_info *info)
{
	unsigned int i;
	int err;

	err = exclusive_check_section(mod, "__exclusive_slots",
				      mod->exclusive_slots,
				      mod->num_exclusive_slots,
				      sizeof(*mod->exclusive_slots),
				      info->exclusive_slots_bytes);
	if (err)
		return err;
	err = exclusive_check_section(mod, "__exclusive_exports",
				      mod->exclusive_exports,
				      mod->num_exclusive_exports,
				      sizeof(*mod->exclusive_exports),
				      info->exclusive_exports_bytes);
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(exclusive_reserved); i++) {
		if (!strcmp(mod->name, exclusive_reserved[i])) {
			pr_err("%s: the name is reserved, no provider or owner may have it\n",
			       mod->name);
			return -EINVAL;
		}
	}
	/*
	 * A provider refused after its init (a failed known-answer test) is
	 * taken down through its exit: one without exit could not undo what
	 * its init published, and delete_module() could not remove it either.
	 */
	if (mod->num_exclusive_exports && mod->init && !mod->exit) {
		pr_err("%s: a provider with an init function must have an exit function\n",
		       mod->name);
		return -EINVAL;
	}
	for (i = 0; i < mod->num_exclusive_slots; i++) {
		err = exclusive_check_slot(mod, i);
		if (err)
			return err;
	}
	for (i = 0; i < mod->num_exclusive_exports; i++) {
		err = exclusive_check_export(mod, i);
		if (err)
			return err;
	}
	return 0;
}

/* The record of @mod, or NULL.  Caller holds exclusive_lock. */
static struct exclusive_mod *exclusive_mod_of(const struct module *mod)
{
	struct exclusive_mod *xm;

	list_for_each_entry(xm, &exclusive_mods, list)
		if (xm->mod == mod)
			return xm;
	return NULL;
}

static void exclusive_sysfs_del_all(struct exclusive_mod *xm)
{
	unsigned int i;

	for (i = 0; i < xm->nslots; i++)
		exclusive_slot_sysfs_del(xm->slots[i]);
}

/**
 * module_exclusive_claim() - register a module's slots, claim its groups
 * @mod: the module being formed; find_module_sections() found its slots
 *	and entries
 * @info: the load, with the sizes of the sections
 *
 * Called by complete_formation() with module_mutex held, so that two
 * providers of one group loading at once are decided here, one after the
 * other.
 *
 * Return: 0, or a negative errno after one message saying why.
 */
int module_exclusive_claim(struct module *mod, const struct load_info *info)
{
	struct exclusive_mod *xm;
	unsigned int i;
	int err;

	if (!info->exclusive_slots_bytes && !info->exclusive_exports_bytes)
		return 0;
	err = exclusive_check_module(mod, info);
	if (err)
		return err;
	xm = kzalloc(sizeof(*xm), GFP_KERNEL);
	if (!xm)
		return -ENOMEM;
	xm->mod = mod;
	xm->name = mod->name;

	mutex_lock(&exclusive_lock);
	err = exclusive_register_slots(xm, mod->exclusive_slots,
				       mod->num_exclusive_slots);
	if (!err) {
		err = exclusive_claim_exports(xm, mod->exclusive_exports,
					      mod->num_exclusive_exports);
		if (err)
			exclusive_unregister_slots(xm);
		else
			list_add(&xm->list, &exclusive_mods);
	}
	mutex_unlock(&exclusive_lock);
	if (err) {
		/* Just registered: none of the slots can be held. */
		exclusive_free_slots(xm);
		kfree(xm);
		return err;
	}

	for (i = 0; i < xm->nslots; i++) {
		err = exclusive_slot_sysfs_add(xm->slots[i]);
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
 * run its init(): the caller undoes it as for a module being removed.  Its
 * groups are released at once, so that the next candidate may claim them
 * while the caller waits for what init() handed out.
 *
 * Return: 0, or -EBADMSG if a known-answer test refused the provider.
 */
int module_exclusive_bind(struct module *mod)
{
	struct exclusive_mod *xm;
	int err;

	mutex_lock(&exclusive_lock);
	xm = exclusive_mod_of(mod);
	mutex_unlock(&exclusive_lock);
	/* Only this module's own release frees its record. */
	if (!xm)
		return 0;
	err = exclusive_bind_exports(xm);
	if (err) {
		/* Never bound: the groups are free for the next candidate. */
		mutex_lock(&exclusive_lock);
		exclusive_release_exports(xm);
		mutex_unlock(&exclusive_lock);
		return err;
	}
	exclusive_request_providers(xm);
	return 0;
}

/**
 * module_exclusive_unbind() - unbind a provider before its exit runs
 * @mod: the module being removed
 *
 * First new sequences go to the fallbacks while plain calls still reach
 * @mod, and the sequences begun on it are waited for, a bounded time;
 * then the slots are retargeted and the plain calls still inside @mod
 * are waited for.  A provider whose sequence stays open keeps its groups,
 * bound as before, and the removal fails.
 *
 * Return: 0 once no caller can still be executing in @mod's
 * implementations; -EWOULDBLOCK if a sequence begun on @mod is still
 * open, -EINTR if the caller was killed while waiting for one.
 */
int module_exclusive_unbind(struct module *mod)
{
	struct exclusive_mod *xm;
	bool any = false;
	int err;

	mutex_lock(&exclusive_lock);
	xm = exclusive_mod_of(mod);
	if (xm)
		any = exclusive_close_groups(xm);
	mutex_unlock(&exclusive_lock);
	if (!any)
		return 0;

	err = exclusive_wait_seqs(xm);
	mutex_lock(&exclusive_lock);
	if (err)
		exclusive_reopen_groups(xm);
	else
		exclusive_unbind_exports(xm);
	mutex_unlock(&exclusive_lock);
	if (!err)
		exclusive_wait_calls();
	return err;
}

/**
 * module_exclusive_release() - drop a module's claims and slots
 * @mod: the module being freed, on every path after a successful claim
 *
 * Called before the module drops its references to the owners it
 * provides for, so that they are still there.
 */
void module_exclusive_release(struct module *mod)
{
	struct exclusive_mod *xm;
	bool bound, free;

	mutex_lock(&exclusive_lock);
	xm = exclusive_mod_of(mod);
	if (xm)
		list_del(&xm->list);
	mutex_unlock(&exclusive_lock);
	if (!xm)
		return;

	exclusive_sysfs_del_all(xm);
	mutex_lock(&exclusive_lock);
	bound = exclusive_unbind_exports(xm);
	mutex_unlock(&exclusive_lock);
	/*
	 * delete_module() unbinds: only a bug gets here bound, and even then
	 * no text that calls can reach is freed before they left it.
	 */
	if (WARN_ON_ONCE(bound))
		exclusive_wait_callers(xm);

	mutex_lock(&exclusive_lock);
	exclusive_release_exports(xm);
	free = exclusive_unregister_slots(xm);
	mutex_unlock(&exclusive_lock);
	if (!free)
		return;
	exclusive_free_slots(xm);
	kfree(xm);
}

static int __init exclusive_init(void)
{
	const struct exclusive_slot *defs = __start___exclusive_slots;
	unsigned int num = __stop___exclusive_slots - defs;
	struct exclusive_mod *xm;
	unsigned int i;
	int err;

	exclusive_sysfs_init();

	xm = kzalloc(sizeof(*xm), GFP_KERNEL);
	if (!xm)
		return -ENOMEM;
	xm->name = "vmlinux";
	mutex_lock(&exclusive_lock);
	err = exclusive_register_slots(xm, defs, num);
	mutex_unlock(&exclusive_lock);
	if (err) {
		kfree(xm);
		return err;
	}
	for (i = 0; i < xm->nslots; i++)
		exclusive_slot_sysfs_add(xm->slots[i]);
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
 * alone.  All are held by "vmlinux"; the record of a bound one stays.
 */
static void __init exclusive_bind_builtin_one(const struct exclusive_export *ex,
					      unsigned int num)
{
	const struct exclusive_builtin_init *init;
	struct exclusive_mod *xm;
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
	xm = kzalloc(sizeof(*xm), GFP_KERNEL);
	if (!xm)
		return;
	xm->name = "vmlinux";
	mutex_lock(&exclusive_lock);
	err = exclusive_claim_exports(xm, ex, num);
	mutex_unlock(&exclusive_lock);
	if (!err && !exclusive_bind_exports(xm))
		return;
	mutex_lock(&exclusive_lock);
	exclusive_release_exports(xm);
	mutex_unlock(&exclusive_lock);
	kfree(xm);
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

#if IS_ENABLED(CONFIG_KUNIT)
/* The KUnit suite calls the functions above, which expect the lock held. */
void exclusive_lock_for_test(void)
{
	mutex_lock(&exclusive_lock);
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_lock_for_test);

void exclusive_unlock_for_test(void)
{
	mutex_unlock(&exclusive_lock);
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_unlock_for_test);
#endif
