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
 */

#define pr_fmt(fmt) "exclusive_symbols: " fmt

#include <linux/ctype.h>
#include <linux/exclusive_symbol.h>
#include <linux/kallsyms.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/rcupdate_wait.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "internal.h"
#include "exclusive.h"

/*
 * Registered slots, and every group's holder, state and counters.  The
 * slot list is also walked under RCU, by exclusive_tramp_key() alone.
 */
static DEFINE_MUTEX(exclusive_lock);
static LIST_HEAD(exclusive_slots);

static struct kset *exclusive_kset;

static const char *exclusive_modname(const struct module *mod)
{
	return mod ? mod->name : "vmlinux";
}

/* A group held by vmlinux has a NULL holder: the state tells it from free. */
static bool exclusive_held_by(const struct exclusive_group *group,
			      const struct module *mod)
{
	return group->state != EXCLUSIVE_FREE && group->holder == mod;
}

/* ---------------------------------------------------------------------- */
/* Policy: module.exclusive_pin=<slot>:<provider>[,<slot>:<provider>...]   */

static char exclusive_pins[EXCLUSIVE_PIN_MAX];

/* The pin's word for "no provider at all, keep the fallback". */
#define EXCLUSIVE_PIN_GENERIC	"generic"

static bool exclusive_name_char(char c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/**
 * exclusive_pin_parse() - check a pin list and find one slot's pin in it
 * @pins: the list, ``<slot>:<provider>`` items separated by commas
 * @slot: slot to look up, or NULL to check the syntax only
 * @provider: receives the pinned provider (EXCLUSIVE_NAME_MAX bytes)
 * @err: receives a description of the first error
 *
 * Return: 1 if @slot is pinned, 0 if not, -EINVAL if @pins is malformed
 * (an empty item or name, a bad character, a slot named twice).
 */
VISIBLE_IF_EXCLUSIVE_KUNIT
int exclusive_pin_parse(const char *pins, const char *slot,
			char *provider, const char **err)
{
	const char *item = pins;
	int found = 0;

	while (*item) {
		const char *colon = strchr(item, ':');
		const char *end = strchrnul(item, ',');
		const char *p, *prev;
		size_t slen, plen;

		if (!colon || colon > end) {
			*err = "item without ':'";
			return -EINVAL;
		}
		slen = colon - item;
		plen = end - colon - 1;
		if (!slen || !plen || slen >= EXCLUSIVE_NAME_MAX ||
		    plen >= EXCLUSIVE_NAME_MAX) {
			*err = "empty or overlong name";
			return -EINVAL;
		}
		for (p = item; p < end; p++) {
			if (p != colon && !exclusive_name_char(*p)) {
				*err = "invalid character in a name";
				return -EINVAL;
			}
		}
		for (prev = pins; prev < item; prev = strchrnul(prev, ',') + 1) {
			if (!strncmp(prev, item, slen + 1)) {
				*err = "slot pinned twice";
				return -EINVAL;
			}
		}
		if (slot && strlen(slot) == slen && !strncmp(item, slot, slen)) {
			memcpy(provider, colon + 1, plen);
			provider[plen] = '\0';
			found = 1;
		}
		item = *end ? end + 1 : end;
		if (*end && !*item) {
			*err = "trailing ','";
			return -EINVAL;
		}
	}
	return found;
}
EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT(exclusive_pin_parse);

static int exclusive_pin_set(const char *val, const struct kernel_param *kp)
{
	size_t len = strcspn(val, "\n");
	char buf[EXCLUSIVE_PIN_MAX];
	const char *err = NULL;

	if (len >= sizeof(buf)) {
		err = "too long";
	} else {
		memcpy(buf, val, len);
		buf[len] = '\0';
		if (exclusive_pin_parse(buf, NULL, NULL, &err) >= 0)
			err = NULL;
	}
	if (err) {
		pr_err("module.exclusive_pin='%.*s' ignored: %s\n",
		       (int)min_t(size_t, len, 64), val, err);
		/* At boot the message is the whole report; at run time, fail. */
		return system_state == SYSTEM_RUNNING ? -EINVAL : 0;
	}

	mutex_lock(&exclusive_lock);
	strscpy(exclusive_pins, buf, sizeof(exclusive_pins));
	mutex_unlock(&exclusive_lock);
	return 0;
}

static int exclusive_pin_get(char *buffer, const struct kernel_param *kp)
{
	int n;

	mutex_lock(&exclusive_lock);
	n = sysfs_emit(buffer, "%s\n", exclusive_pins);
	mutex_unlock(&exclusive_lock);
	return n;
}

static const struct kernel_param_ops exclusive_pin_ops = {
	.set = exclusive_pin_set,
	.get = exclusive_pin_get,
};

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "module."
module_param_cb(exclusive_pin, &exclusive_pin_ops, NULL, 0644);
MODULE_PARM_DESC(exclusive_pin,
		 "Pin slots to one provider or to 'generic': slot:provider[,...]");

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

	list_for_each_entry(slot, &exclusive_slots, list) {
		if (slot->group != group)
			continue;
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

/* Module names are compared as the loader does: '-' and '_' are one. */
static bool exclusive_pin_allows(const char *pinned, const char *modname)
{
	if (!strcmp(pinned, EXCLUSIVE_PIN_GENERIC))
		return false;
	for (; *pinned && *modname; pinned++, modname++)
		if (*pinned != *modname &&
		    !(strchr("-_", *pinned) && strchr("-_", *modname)))
			return false;
	return *pinned == *modname;
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
	char pinned[EXCLUSIVE_NAME_MAX];
	unsigned int i, n;
	const char *err;

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
		if (exclusive_pin_parse(exclusive_pins, slot->name, pinned,
					&err) > 0 && !exclusive_pin_allows(pinned, modname)) {
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

	for (i = 0; i < num; i++) {
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
 * Caller holds exclusive_lock; every group is unbound already.
 */
VISIBLE_IF_EXCLUSIVE_KUNIT
void exclusive_release_exports(struct module *mod,
			       const struct exclusive_export *ex,
			       unsigned int num)
{
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < num; i++) {
		struct exclusive_group *group = ex[i].slot->group;

		if (exclusive_held_by(group, mod)) {
			WRITE_ONCE(ex[i].slot->impl, NULL);
			WRITE_ONCE(group->holder, NULL);
			group->state = EXCLUSIVE_FREE;
		}
	}
}
EXPORT_SYMBOL_IF_EXCLUSIVE_KUNIT(exclusive_release_exports);

/* ---------------------------------------------------------------------- */
/* Binding                                                                  */

static void exclusive_retarget(struct exclusive_slot *slot, void *func)
{
	__static_call_update(slot->key, slot->tramp, func);
}

/* The candidate's implementations, visible to its known-answer tests only. */
static void exclusive_set_impls(struct module *mod,
				const struct exclusive_export *ex,
				unsigned int num, bool set)
{
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < num; i++)
		if (exclusive_held_by(ex[i].slot->group, mod))
			WRITE_ONCE(ex[i].slot->impl, set ? ex[i].impl : NULL);
}

/*
 * Run every known-answer test of the groups the entries touch, before any
 * call can reach the candidate.  Nobody else sees slot->impl yet: a
 * sequence only reads it once the group is bound.
 */
static int exclusive_run_kats(struct module *mod,
			      const struct exclusive_export *ex,
			      unsigned int num)
{
	/* The candidate's own sequence: it is not bound, nothing to pin. */
	struct exclusive_seq seq = { .provider = true };
	unsigned int i, j;

	for (i = 0; i < num; i++) {
		const struct exclusive_group *group = ex[i].slot->group;

		for (j = 0; j < i; j++)
			if (ex[j].slot->group == group)
				break;
		if (j < i || !group->kat)
			continue;
		if (!group->kat(&seq)) {
			pr_err("%s: refused: failed the known-answer test of %s\n",
			       exclusive_modname(mod), group->name);
			return -EBADMSG;
		}
	}
	return 0;
}

/* Retarget every slot of the entries, then say once per group what bound. */
static void exclusive_retarget_exports(struct module *mod,
				       const struct exclusive_export *ex,
				       unsigned int num)
{
	unsigned int i;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < num; i++) {
		if (WARN_ON_ONCE(!exclusive_held_by(ex[i].slot->group, mod)))
			continue;
		exclusive_retarget(ex[i].slot, ex[i].impl);
	}
	for (i = 0; i < num; i++) {
		struct exclusive_group *group = ex[i].slot->group;

		if (group->state != EXCLUSIVE_CLAIMED || group->holder != mod)
			continue;
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

	mutex_lock(&exclusive_lock);
	exclusive_set_impls(mod, ex, num, true);
	mutex_unlock(&exclusive_lock);

	err = exclusive_run_kats(mod, ex, num);

	mutex_lock(&exclusive_lock);
	if (err)
		exclusive_set_impls(mod, ex, num, false);
	else
		exclusive_retarget_exports(mod, ex, num);
	mutex_unlock(&exclusive_lock);
	return err;
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
	unsigned int i;
	bool any = false;

	lockdep_assert_held(&exclusive_lock);

	for (i = 0; i < num; i++) {
		struct exclusive_slot *slot = ex[i].slot;

		if (slot->group->state != EXCLUSIVE_BOUND ||
		    slot->group->holder != mod)
			continue;
		exclusive_retarget(slot, slot->fallback);
		any = true;
	}
	for (i = 0; i < num; i++) {
		struct exclusive_group *group = ex[i].slot->group;

		if (group->state != EXCLUSIVE_BOUND || group->holder != mod)
			continue;
		WRITE_ONCE(group->state, EXCLUSIVE_CLAIMED);
		pr_info("%s: unbound from %s, fallback restored\n",
			group->name, exclusive_modname(mod));
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
	/* Pairs with the release in exclusive_retarget_exports(): impl is set. */
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
	unsigned int i, j;

	synchronize_rcu();
	synchronize_rcu_tasks();
	/* And for the sequences begun on the provider, group by group. */
	for (i = 0; i < mod->num_exclusive_exports; i++) {
		for (j = 0; j < i && ex[j].slot->group != ex[i].slot->group; j++)
			;
		if (j == i)
			synchronize_srcu(ex[i].slot->group->seqs);
	}
}

/* ---------------------------------------------------------------------- */
/* Slots: registration and sysfs                                            */

struct exclusive_attr {
	struct attribute attr;
	ssize_t (*show)(const struct exclusive_slot *slot, char *buf);
};

struct exclusive_kobj {
	struct kobject kobj;
	const struct exclusive_slot *slot;
};

static ssize_t provider_show(const struct exclusive_slot *slot, char *buf)
{
	const struct exclusive_group *group = slot->group;

	return sysfs_emit(buf, "%s\n", group->state == EXCLUSIVE_BOUND ?
			  exclusive_modname(group->holder) : "generic");
}

static ssize_t fallback_show(const struct exclusive_slot *slot, char *buf)
{
	char name[KSYM_NAME_LEN];

	if (lookup_symbol_name((unsigned long)slot->fallback, name))
		return sysfs_emit(buf, "unknown\n");
	return sysfs_emit(buf, "%s\n", name);
}

static ssize_t owner_show(const struct exclusive_slot *slot, char *buf)
{
	return sysfs_emit(buf, "%s\n", exclusive_modname(slot->owner));
}

static ssize_t group_show(const struct exclusive_slot *slot, char *buf)
{
	return sysfs_emit(buf, "%s\n", slot->group->name);
}

static ssize_t binds_show(const struct exclusive_slot *slot, char *buf)
{
	return sysfs_emit(buf, "%lu\n", slot->group->binds);
}

#define EXCLUSIVE_ATTR(_name)						\
	static struct exclusive_attr exclusive_attr_##_name = {		\
		.attr = { .name = __stringify(_name), .mode = 0444 },	\
		.show = _name##_show,					\
	}

EXCLUSIVE_ATTR(provider);
EXCLUSIVE_ATTR(fallback);
EXCLUSIVE_ATTR(owner);
EXCLUSIVE_ATTR(group);
EXCLUSIVE_ATTR(binds);

static struct attribute *exclusive_attrs[] = {
	&exclusive_attr_provider.attr,
	&exclusive_attr_fallback.attr,
	&exclusive_attr_owner.attr,
	&exclusive_attr_group.attr,
	&exclusive_attr_binds.attr,
	NULL,
};
ATTRIBUTE_GROUPS(exclusive);

static ssize_t exclusive_attr_show(struct kobject *kobj, struct attribute *attr,
				   char *buf)
{
	struct exclusive_kobj *ek = container_of(kobj, struct exclusive_kobj, kobj);
	struct exclusive_attr *ea = container_of(attr, struct exclusive_attr, attr);
	ssize_t ret;

	/* The holder's name must not go away while it is printed. */
	mutex_lock(&exclusive_lock);
	ret = ea->show(ek->slot, buf);
	mutex_unlock(&exclusive_lock);
	return ret;
}

static const struct sysfs_ops exclusive_sysfs_ops = {
	.show = exclusive_attr_show,
};

static void exclusive_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct exclusive_kobj, kobj));
}

static const struct kobj_type exclusive_ktype = {
	.release = exclusive_kobj_release,
	.sysfs_ops = &exclusive_sysfs_ops,
	.default_groups = exclusive_groups,
};

static int exclusive_slot_sysfs_add(struct exclusive_slot *slot)
{
	struct exclusive_kobj *ek;
	int err;

	if (!exclusive_kset)
		return 0;
	ek = kzalloc(sizeof(*ek), GFP_KERNEL);
	if (!ek)
		return -ENOMEM;
	ek->slot = slot;
	ek->kobj.kset = exclusive_kset;
	err = kobject_init_and_add(&ek->kobj, &exclusive_ktype, NULL, "%s",
				   slot->name);
	if (err) {
		kobject_put(&ek->kobj);
		return err;
	}
	slot->kobj = &ek->kobj;
	return 0;
}

/*
 * The directory goes now, not when the last reference to the kobject
 * drops (which may be later, as with CONFIG_DEBUG_KOBJECT_RELEASE): show()
 * reads the owner's descriptor, and a reloaded owner wants the name back.
 * kobject_del() waits for show() callers, which take exclusive_lock.
 */
static void exclusive_slot_sysfs_del(struct exclusive_slot *slot)
{
	if (slot->kobj) {
		kobject_del(slot->kobj);
		kobject_put(slot->kobj);
		slot->kobj = NULL;
	}
}

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
		if (!slots[i].group->nslots && exclusive_init_seqs(slots[i].group)) {
			exclusive_unregister_slots(slots, i);
			return -ENOMEM;
		}
		slots[i].owner = owner;
		slots[i].group->nslots++;
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
/* The loader's interface (internal.h)                                      */

static void *exclusive_section(struct module *mod, const struct load_info *info,
			       const char *name, size_t entsize,
			       unsigned int *num, int *err)
{
	unsigned int i;

	for (i = 1; i < info->hdr->e_shnum; i++) {
		unsigned long size = info->sechdrs[i].sh_size;

		if (!(info->sechdrs[i].sh_flags & SHF_ALLOC) ||
		    strcmp(info->secstrings + info->sechdrs[i].sh_name, name))
			continue;
		if (size % entsize) {
			pr_err("%s: section %s is %lu bytes, not a multiple of %zu\n",
			       mod->name, name, size, entsize);
			*err = -ENOEXEC;
			return NULL;
		}
		*num = size / entsize;
		return (void *)info->sechdrs[i].sh_addr;
	}
	*num = 0;
	return NULL;
}

static int exclusive_find_sections(struct module *mod,
				   const struct load_info *info)
{
	int err = 0;

	mod->exclusive_slots =
		exclusive_section(mod, info, "__exclusive_slots",
				  sizeof(*mod->exclusive_slots),
				  &mod->num_exclusive_slots, &err);
	if (err)
		return err;
	mod->exclusive_exports =
		exclusive_section(mod, info, "__exclusive_exports",
				  sizeof(*mod->exclusive_exports),
				  &mod->num_exclusive_exports, &err);
	return err;
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
	EXCLUSIVE_PIN_GENERIC, "vmlinux",
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

static void exclusive_sysfs_del_all(struct module *mod)
{
	unsigned int i;

	for (i = 0; i < mod->num_exclusive_slots; i++)
		exclusive_slot_sysfs_del(&mod->exclusive_slots[i]);
}

/**
 * module_exclusive_claim() - register a module's slots, claim its groups
 * @mod: the module being formed
 * @info: its load info, with the sections at their final addresses
 *
 * Called by complete_formation() with module_mutex held, so that two
 * providers of one group loading at once are decided here, one after the
 * other.
 *
 * Return: 0, or a negative errno after one message saying why.
 */
int module_exclusive_claim(struct module *mod, const struct load_info *info)
{
	unsigned int i;
	int err;

	err = exclusive_find_sections(mod, info);
	if (err)
		return err;
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

/*
 * Autoload: ask user space for the best provider of each group a new owner
 * defines (modprobe exclusive:<slot> applies the provider policy).  The
 * request waits until the owner is live and a little longer: the owner is
 * often loaded by a modprobe that loads a provider right after it, and that
 * explicit choice must not be overtaken.  A group bound meanwhile is not
 * requested at all.
 */
static bool exclusive_autoload = IS_ENABLED(CONFIG_MODULE_EXCLUSIVE_AUTOLOAD);
module_param_named(exclusive_autoload, exclusive_autoload, bool, 0644);
MODULE_PARM_DESC(exclusive_autoload,
		 "Request exclusive:<slot> when a slot's owner registers");

#define EXCLUSIVE_AUTOLOAD_DELAY	HZ

static void exclusive_autoload_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(exclusive_autoload_work, exclusive_autoload_fn);

/*
 * Copy the name of a slot whose group is due for a request, and forget
 * the request.  Names are copied because the owner may go once the lock
 * is dropped.  Return: whether there was one; *@wait tells how long the
 * next pending request still has to wait (0 if none is pending).
 */
static bool exclusive_autoload_next(char *name, unsigned long *wait)
{
	struct exclusive_slot *slot;
	bool found = false;

	*wait = 0;
	mutex_lock(&exclusive_lock);
	list_for_each_entry(slot, &exclusive_slots, list) {
		struct exclusive_group *group = slot->group;

		if (!group->autoload)
			continue;
		/* Bound meanwhile, or autoload switched off: no request. */
		if (group->state != EXCLUSIVE_FREE ||
		    !READ_ONCE(exclusive_autoload)) {
			group->autoload = false;
		} else if (time_before(jiffies, group->autoload_at) ||
			   slot->owner->state != MODULE_STATE_LIVE) {
			*wait = EXCLUSIVE_AUTOLOAD_DELAY;
		} else {
			group->autoload = false;
			strscpy(name, slot->name, EXCLUSIVE_NAME_MAX);
			found = true;
			break;
		}
	}
	mutex_unlock(&exclusive_lock);
	return found;
}

static void exclusive_autoload_fn(struct work_struct *work)
{
	char name[EXCLUSIVE_NAME_MAX];
	unsigned long wait;
	int err;

	while (exclusive_autoload_next(name, &wait)) {
		err = request_module("exclusive:%s", name);
		if (err < 0)
			pr_warn("%s: could not request a provider: modprobe exclusive:%s: %d\n",
				name, name, err);
		else if (err)
			pr_info("%s: no provider loaded: modprobe exclusive:%s exited with status %d\n",
				name, name, (err >> 8) & 0xff);
	}
	if (wait)
		queue_delayed_work(system_unbound_wq, &exclusive_autoload_work,
				   wait);
}

/* The groups of a new owner that no provider holds get a request. */
static void exclusive_request_providers(struct exclusive_slot *slots,
					unsigned int num)
{
	unsigned int i;
	bool any = false;

	if (!READ_ONCE(exclusive_autoload))
		return;
	mutex_lock(&exclusive_lock);
	for (i = 0; i < num; i++) {
		struct exclusive_group *group = slots[i].group;

		if (group->state != EXCLUSIVE_FREE || group->autoload)
			continue;
		group->autoload = true;
		group->autoload_at = jiffies + EXCLUSIVE_AUTOLOAD_DELAY;
		any = true;
	}
	mutex_unlock(&exclusive_lock);
	if (any)
		queue_delayed_work(system_unbound_wq, &exclusive_autoload_work,
				   EXCLUSIVE_AUTOLOAD_DELAY);
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
	if (!mod->num_exclusive_slots && !mod->num_exclusive_exports)
		return;
	/* Only a bug gets here still bound; never free text calls can reach. */
	module_exclusive_unbind(mod);

	exclusive_sysfs_del_all(mod);
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

	exclusive_kset = kset_create_and_add("exclusive_symbols", NULL,
					     kernel_kobj);
	if (!exclusive_kset)
		pr_warn("no /sys/kernel/exclusive_symbols\n");

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
