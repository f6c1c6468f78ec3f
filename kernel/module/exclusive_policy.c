// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exclusive symbol providers: the policy the kernel applies by itself.
 *
 * module.exclusive_pin= pins slots to one provider or to the fallback; it
 * is parsed once, when it is set, into the table the claim looks slots up
 * in.  module.exclusive_autoload asks user space (modprobe, with its own
 * provider policy) for the best provider of each group a new owner
 * defines.
 */

#define pr_fmt(fmt) "exclusive_symbols: " fmt

#include <kunit/visibility.h>
#include <linux/ctype.h>
#include <linux/exclusive_symbol.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "exclusive.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "module."

/* ---------------------------------------------------------------------- */
/* module.exclusive_pin=<slot>:<provider>[,<slot>:<provider>...]           */

/* The pin as set; changed and read under exclusive_lock. */
static struct exclusive_pins exclusive_pins;

static bool exclusive_name_char(char c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* Was the slot of the item at @item named by an item before it? */
static bool exclusive_pin_repeats(const char *text, const char *item,
				  size_t slen)
{
	const char *prev;

	for (prev = text; prev < item; prev = strchrnul(prev, ',') + 1)
		if (!strncmp(prev, item, slen + 1))
			return true;
	return false;
}

/* Check one item, [@item, @end); on success *@colon splits it. */
static const char *exclusive_pin_bad_item(const char *text, const char *item,
					  const char *end, const char **colon)
{
	const char *p;
	size_t slen, plen;

	*colon = strchr(item, ':');
	if (!*colon || *colon > end)
		return "item without ':'";
	slen = *colon - item;
	plen = end - *colon - 1;
	if (!slen || !plen || slen >= EXCLUSIVE_NAME_MAX ||
	    plen >= EXCLUSIVE_NAME_MAX)
		return "empty or overlong name";
	for (p = item; p < end; p++)
		if (p != *colon && !exclusive_name_char(*p))
			return "invalid character in a name";
	if (exclusive_pin_repeats(text, item, slen))
		return "slot pinned twice";
	if (*end && !end[1])
		return "trailing ','";
	return NULL;
}

/**
 * exclusive_pin_parse() - parse a value of module.exclusive_pin
 * @text: ``<slot>:<provider>`` items separated by commas, or ""
 * @pins: receives the parsed table, or NULL to check the syntax only
 * @err: receives a description of the first error
 *
 * @pins is written only if @text is valid.
 *
 * Return: 0, or -EINVAL if @text is malformed (too long, an empty item or
 * name, a bad character, a slot named twice).
 */
VISIBLE_IF_KUNIT
int exclusive_pin_parse(const char *text, struct exclusive_pins *pins,
			const char **err)
{
	size_t len = strlen(text);
	const char *item, *end, *colon;
	unsigned int n = 0;

	if (len >= EXCLUSIVE_PIN_MAX) {
		*err = "too long";
		return -EINVAL;
	}
	for (item = text; *item; item = *end ? end + 1 : end) {
		end = strchrnul(item, ',');
		*err = exclusive_pin_bad_item(text, item, end, &colon);
		if (*err)
			return -EINVAL;
	}
	if (!pins)
		return 0;

	/* Every item is at least "s:p,": the table has room for all. */
	memcpy(pins->text, text, len + 1);
	memcpy(pins->names, text, len + 1);
	for (item = pins->names; *item; n++) {
		char *name = (char *)item;

		pins->pin[n].slot = name;
		name = strchr(name, ':');
		*name++ = '\0';
		pins->pin[n].provider = name;
		name = strchrnul(name, ',');
		item = *name ? name + 1 : name;
		*name = '\0';
	}
	pins->num = n;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_pin_parse);

/**
 * exclusive_pin_find() - the provider a parsed pin names for a slot
 * @pins: the table exclusive_pin_parse() filled
 * @slot: the slot's name
 *
 * Return: the provider's name (EXCLUSIVE_FALLBACK for the fallback), or
 * NULL if @slot is not pinned.
 */
VISIBLE_IF_KUNIT
const char *exclusive_pin_find(const struct exclusive_pins *pins,
			       const char *slot)
{
	unsigned int i;

	for (i = 0; i < pins->num; i++)
		if (!strcmp(pins->pin[i].slot, slot))
			return pins->pin[i].provider;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(exclusive_pin_find);

/* Module names are compared as the loader does: '-' and '_' are one. */
static bool exclusive_pin_allows(const char *pinned, const char *modname)
{
	if (!strcmp(pinned, EXCLUSIVE_FALLBACK))
		return false;
	for (; *pinned && *modname; pinned++, modname++)
		if (*pinned != *modname &&
		    !(strchr("-_", *pinned) && strchr("-_", *modname)))
			return false;
	return *pinned == *modname;
}

/**
 * exclusive_pin_refuses() - does the pin keep a provider from a slot?
 * @slot: the slot's name
 * @modname: the provider's name
 *
 * Caller holds exclusive_lock.
 *
 * Return: the name the slot is pinned to if that is not @modname, or NULL.
 */
const char *exclusive_pin_refuses(const char *slot, const char *modname)
{
	const char *pinned;

	lockdep_assert_held(&exclusive_lock);
	pinned = exclusive_pin_find(&exclusive_pins, slot);
	return pinned && !exclusive_pin_allows(pinned, modname) ? pinned : NULL;
}

static int exclusive_pin_set(const char *val, const struct kernel_param *kp)
{
	size_t len = strcspn(val, "\n");
	char buf[EXCLUSIVE_PIN_MAX];
	const char *err = "too long";

	if (len < sizeof(buf)) {
		memcpy(buf, val, len);
		buf[len] = '\0';
		if (!exclusive_pin_parse(buf, NULL, &err))
			err = NULL;
	}
	if (err) {
		pr_err("module.exclusive_pin='%.*s' ignored: %s\n",
		       (int)min_t(size_t, len, 64), val, err);
		/* At boot the message is the whole report; at run time, fail. */
		return system_state == SYSTEM_RUNNING ? -EINVAL : 0;
	}

	mutex_lock(&exclusive_lock);
	exclusive_pin_parse(buf, &exclusive_pins, &err);
	mutex_unlock(&exclusive_lock);
	return 0;
}

static int exclusive_pin_get(char *buffer, const struct kernel_param *kp)
{
	int n;

	mutex_lock(&exclusive_lock);
	n = sysfs_emit(buffer, "%s\n", exclusive_pins.text);
	mutex_unlock(&exclusive_lock);
	return n;
}

static const struct kernel_param_ops exclusive_pin_ops = {
	.set = exclusive_pin_set,
	.get = exclusive_pin_get,
};

module_param_cb(exclusive_pin, &exclusive_pin_ops, NULL, 0644);
MODULE_PARM_DESC(exclusive_pin,
		 "Pin slots to one provider or to '" EXCLUSIVE_FALLBACK "': slot:provider[,...]");

/* ---------------------------------------------------------------------- */
/* Autoload                                                                 */

/*
 * Ask user space for the best provider of each group a new owner defines
 * (modprobe exclusive:<slot> applies the provider policy).  The request
 * waits until the owner is live, a little longer, and as long as the
 * process that loaded the owner runs: the owner is often loaded by a
 * modprobe that loads a provider right after it, and that explicit
 * choice must not be overtaken, however slowly that modprobe gets to it.
 * A loader that stays (udevd loads modules in long-lived workers) holds
 * the request back EXCLUSIVE_AUTOLOAD_MAX at most.  A group bound
 * meanwhile is not requested at all.
 */
static bool exclusive_autoload = IS_ENABLED(CONFIG_MODULE_EXCLUSIVE_AUTOLOAD);
module_param_named(exclusive_autoload, exclusive_autoload, bool, 0644);
MODULE_PARM_DESC(exclusive_autoload,
		 "Request exclusive:<slot> when a slot's owner registers");

#define EXCLUSIVE_AUTOLOAD_DELAY	HZ
#define EXCLUSIVE_AUTOLOAD_MAX		(10 * HZ)

static void exclusive_autoload_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(exclusive_autoload_work, exclusive_autoload_fn);

/* Whether the process that loaded an owner is still there. */
static bool exclusive_loader_runs(pid_t tgid)
{
	bool runs;

	rcu_read_lock();
	runs = pid_task(find_pid_ns(tgid, &init_pid_ns), PIDTYPE_TGID);
	rcu_read_unlock();
	return runs;
}

/*
 * Copy the name of a slot whose group is due for a request, and forget
 * the request.  Names are copied because the owner may go once the lock
 * is dropped.  Return: whether there was one; *@wait tells how long the
 * next pending request still has to wait (0 if none is pending).
 */
static bool exclusive_autoload_next(char *name, unsigned long *wait)
{
	struct exclusive_slot_state *slot;
	bool found = false;

	*wait = 0;
	mutex_lock(&exclusive_lock);
	list_for_each_entry(slot, &exclusive_slots, list) {
		struct exclusive_group_state *group = slot->group;

		if (!group->autoload)
			continue;
		/* Bound meanwhile, or autoload switched off: no request. */
		if (group->state != EXCLUSIVE_FREE ||
		    !READ_ONCE(exclusive_autoload)) {
			group->autoload = false;
		} else if (time_before(jiffies, group->autoload_at) ||
			   slot->owner->state != MODULE_STATE_LIVE ||
			   (exclusive_loader_runs(group->autoload_loader) &&
			    time_before(jiffies, group->autoload_at +
					EXCLUSIVE_AUTOLOAD_MAX))) {
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

/**
 * exclusive_request_providers() - ask for providers of a new owner's slots
 * @xm: the owner's record
 *
 * Every group of @slots that no provider holds gets one request, from a
 * work item, once the owner is live.  Called without exclusive_lock, by
 * the task that loads the owner.
 */
void exclusive_request_providers(struct exclusive_mod *xm)
{
	unsigned int i;
	bool any = false;

	if (!READ_ONCE(exclusive_autoload))
		return;
	mutex_lock(&exclusive_lock);
	for (i = 0; i < xm->nslots; i++) {
		struct exclusive_group_state *group = xm->slots[i]->group;

		if (group->state != EXCLUSIVE_FREE || group->autoload)
			continue;
		group->autoload = true;
		group->autoload_at = jiffies + EXCLUSIVE_AUTOLOAD_DELAY;
		group->autoload_loader = task_tgid_nr(current);
		any = true;
	}
	mutex_unlock(&exclusive_lock);
	if (any)
		queue_delayed_work(system_unbound_wq, &exclusive_autoload_work,
				   EXCLUSIVE_AUTOLOAD_DELAY);
}
