// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exclusive symbol providers: /sys/kernel/exclusive_symbols/<slot>/, one
 * read-only directory per registered slot
 * (Documentation/ABI/testing/sysfs-kernel-exclusive_symbols).
 */

#define pr_fmt(fmt) "exclusive_symbols: " fmt

#include <linux/exclusive_symbol.h>
#include <linux/kallsyms.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "exclusive.h"

static struct kset *exclusive_kset;

struct exclusive_attr {
	struct attribute attr;
	ssize_t (*show)(const struct exclusive_slot_state *slot, char *buf);
};

struct exclusive_kobj {
	struct kobject kobj;
	const struct exclusive_slot_state *slot;
};

static ssize_t provider_show(const struct exclusive_slot_state *slot, char *buf)
{
	const struct exclusive_group_state *group = slot->group;
	/* While it is being unbound, plain calls still reach the holder. */
	bool reached = group->state == EXCLUSIVE_BOUND ||
		       group->state == EXCLUSIVE_UNBINDING;

	return sysfs_emit(buf, "%s\n", reached ? group->holder->name :
			  EXCLUSIVE_FALLBACK);
}

static ssize_t fallback_show(const struct exclusive_slot_state *slot, char *buf)
{
	char name[KSYM_NAME_LEN];

	if (lookup_symbol_name((unsigned long)slot->fallback, name))
		return sysfs_emit(buf, "unknown\n");
	return sysfs_emit(buf, "%s\n", name);
}

static ssize_t owner_show(const struct exclusive_slot_state *slot, char *buf)
{
	return sysfs_emit(buf, "%s\n", exclusive_modname(slot->owner));
}

static ssize_t group_show(const struct exclusive_slot_state *slot, char *buf)
{
	return sysfs_emit(buf, "%s\n", slot->group->name);
}

static ssize_t binds_show(const struct exclusive_slot_state *slot, char *buf)
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

/**
 * exclusive_sysfs_init() - create /sys/kernel/exclusive_symbols/
 *
 * Without it the slots work as before, only invisible.
 */
void exclusive_sysfs_init(void)
{
	exclusive_kset = kset_create_and_add("exclusive_symbols", NULL,
					     kernel_kobj);
	if (!exclusive_kset)
		pr_warn("no /sys/kernel/exclusive_symbols\n");
}

/**
 * exclusive_slot_sysfs_add() - give a registered slot its directory
 * @slot: the slot
 *
 * Called without exclusive_lock, which show() takes.
 *
 * Return: 0, or a negative errno from the kobject core.
 */
int exclusive_slot_sysfs_add(struct exclusive_slot_state *slot)
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

/**
 * exclusive_slot_sysfs_del() - remove a slot's directory, if it has one
 * @slot: the slot
 *
 * The directory goes now, not when the last reference to the kobject
 * drops (which may be later, as with CONFIG_DEBUG_KOBJECT_RELEASE): show()
 * reads the slot's state, and a reloaded owner wants the name back.
 * kobject_del() waits for show() callers, which take exclusive_lock: call
 * without it.
 */
void exclusive_slot_sysfs_del(struct exclusive_slot_state *slot)
{
	if (slot->kobj) {
		kobject_del(slot->kobj);
		kobject_put(slot->kobj);
		slot->kobj = NULL;
	}
}
