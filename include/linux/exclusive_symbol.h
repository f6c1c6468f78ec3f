/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exclusive symbols: one slot, a generic fallback, and any number of
 * provider modules of which at most one is bound at a time.
 *
 * See Documentation/core-api/exclusive-symbols.rst.
 */
#ifndef _LINUX_EXCLUSIVE_SYMBOL_H
#define _LINUX_EXCLUSIVE_SYMBOL_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/static_call.h>

struct module;
struct exclusive_group_state;
struct exclusive_seq;

/**
 * enum exclusive_state - where a group stands
 * @EXCLUSIVE_FREE: no provider; calls reach the fallbacks
 * @EXCLUSIVE_CLAIMED: a provider holds the group, calls still reach the
 *	fallbacks: it is initialising or being tested, or is going away
 * @EXCLUSIVE_BOUND: calls reach the holder's implementations
 * @EXCLUSIVE_UNBINDING: the holder is being removed: plain calls still
 *	reach it, sequences begin on the fallbacks
 *
 * FREE -> CLAIMED when a provider is formed, CLAIMED -> BOUND once its
 * init and known-answer tests succeeded, CLAIMED -> FREE if they failed.
 * Before the holder's exit runs, BOUND -> UNBINDING, then UNBINDING ->
 * CLAIMED once the sequences begun on it have ended (UNBINDING -> BOUND,
 * and the removal fails, if one stays open), CLAIMED -> FREE when it is
 * freed.
 */
enum exclusive_state {
	EXCLUSIVE_FREE,
	EXCLUSIVE_CLAIMED,
	EXCLUSIVE_BOUND,
	EXCLUSIVE_UNBINDING,
};

/**
 * struct exclusive_group - slots that one provider must supply together
 * @name: name of the group; a slot defined alone is a group of its own name
 * @kat: known-answer test a candidate provider must pass before it binds,
 *	or NULL; it calls the candidate through exclusive_seq_call(@seq, ...)
 *
 * A declaration, read-only: the loader copies it when the owner loads and
 * keeps the group's state in memory of its own.
 */
struct exclusive_group {
	const char *name;
	bool (*kat)(const struct exclusive_seq *seq);
};

/**
 * struct exclusive_symbol - one exclusive symbol, as its owner declares it
 * @name: the symbol's name; also its static call's name
 * @group: the group the slot belongs to
 * @tramp: the static call trampoline (NULL where the arch has none)
 * @fallback: the generic implementation, used while no provider is bound
 * @gpl_only: only GPL-compatible modules may call the slot
 *
 * The owner exports it: its address is the slot's identity for providers
 * and sequences.  It does not lead to the slot's static call key, so no
 * module that links against it can retarget the slot past the loader.
 */
struct exclusive_symbol {
	const char *name;
	const struct exclusive_group *group;
	void *tramp;
	void *fallback;
	bool gpl_only;
};

/**
 * struct exclusive_slot - a slot as its owner defines it
 * @symbol: the exported declaration
 * @key: the static call key calls go through
 *
 * One per slot in the owner's __exclusive_slots section, where the loader
 * finds the owner's slots; never exported, and so the only way from a
 * slot to its key.
 */
struct exclusive_slot {
	const struct exclusive_symbol *symbol;
	struct static_call_key *key;
};

/**
 * struct exclusive_export - one entry of a provider's exclusive exports
 * @slot: the slot this entry provides (a symbol reference to its owner)
 * @impl: the implementation calls reach while the provider is bound
 * @gpl_only: the implementation may only be reached from GPL modules
 * @modname: the provider's KBUILD_MODNAME, which tells the entries of
 *	built-in providers apart
 *
 * Read-only data; the loader copies what it needs when it claims.
 */
struct exclusive_export {
	const struct exclusive_symbol *slot;
	void *impl;
	bool gpl_only;
	const char *modname;
};

/**
 * struct exclusive_builtin_init - how a built-in provider's init went
 * @modname: the provider's KBUILD_MODNAME
 * @result: what its init function returned
 * @done: whether its init function has run
 *
 * Written by exclusive_provider_initcall(); a built-in provider whose init
 * failed is not bound.
 */
struct exclusive_builtin_init {
	const char *modname;
	int result;
	bool done;
};

/**
 * struct exclusive_seq - the implementation a sequence of calls stays on
 *
 * Filled by exclusive_seq_begin() and dropped by exclusive_seq_end(); what
 * it holds is private to kernel/module/exclusive.c.
 */
struct exclusive_seq {
	/* private: */
	struct exclusive_group_state *group;
	int idx;
	bool provider;
};

#ifdef CONFIG_MODULE_EXCLUSIVE_SYMBOLS

void __exclusive_seq_begin(struct exclusive_seq *seq,
			   const struct exclusive_symbol *slot);
void exclusive_seq_end(struct exclusive_seq *seq);
void *__exclusive_seq_target(const struct exclusive_seq *seq,
			     const struct exclusive_symbol *slot);

#define __EXCLUSIVE_SLOT(sym)	__exclusive_slot_##sym
#define __EXCLUSIVE_GROUP(grp)	__exclusive_group_##grp

/*
 * A slot exports its trampoline, never its static call key: a module's
 * call sites name the trampoline (static_call_mod()), the static call core
 * resolves it to the key when the module is loaded, from the pairs that
 * vmlinux or the owner module publishes (EXPORT_STATIC_CALL_TRAMP()), and
 * so no module but the owner can retarget a slot behind the loader's back.
 * Without static calls there is no trampoline and the key is exported.
 */
#define __EXCLUSIVE_EXPORT_CALL(sym, gpl)				\
	__EXCLUSIVE_EXPORT_CALL_##gpl(sym)
#if !defined(CONFIG_HAVE_STATIC_CALL)
#define __EXCLUSIVE_EXPORT_CALL_0(sym)	EXPORT_STATIC_CALL(sym)
#define __EXCLUSIVE_EXPORT_CALL_1(sym)	EXPORT_STATIC_CALL_GPL(sym)
#else
#define __EXCLUSIVE_EXPORT_CALL_0(sym)	EXPORT_STATIC_CALL_TRAMP(sym)
#define __EXCLUSIVE_EXPORT_CALL_1(sym)	EXPORT_STATIC_CALL_TRAMP_GPL(sym)
#endif

#define __EXCLUSIVE_EXPORT_SLOT_0(sym)	EXPORT_SYMBOL(__EXCLUSIVE_SLOT(sym))
#define __EXCLUSIVE_EXPORT_SLOT_1(sym)	EXPORT_SYMBOL_GPL(__EXCLUSIVE_SLOT(sym))

#define __DEFINE_EXCLUSIVE_SYMBOL(grp, sym, fallback_fn, gpl)		\
	DEFINE_STATIC_CALL(sym, fallback_fn);				\
	__EXCLUSIVE_EXPORT_CALL(sym, gpl);				\
	const struct exclusive_symbol __EXCLUSIVE_SLOT(sym)		\
	__aligned(sizeof(void *)) = {					\
		.name = #sym,						\
		.group = &__EXCLUSIVE_GROUP(grp),			\
		.tramp = STATIC_CALL_TRAMP_ADDR(sym),			\
		.fallback = fallback_fn,					\
		.gpl_only = gpl,					\
	};								\
	__EXCLUSIVE_EXPORT_SLOT_##gpl(sym);				\
	static const struct exclusive_slot __used			\
	__section("__exclusive_slots") __aligned(sizeof(void *))	\
	__exclusive_def_##sym = {					\
		.symbol = &__EXCLUSIVE_SLOT(sym),			\
		.key = &STATIC_CALL_KEY(sym),				\
	}

/**
 * DEFINE_EXCLUSIVE_GROUP() - define a group of slots provided together
 * @grp: name of the group
 *
 * A provider of any slot of the group must provide every slot of it, and
 * the whole group is claimed, bound and unbound as one.  Define the members
 * with DEFINE_EXCLUSIVE_GROUP_SYMBOL() in the same object.
 */
#define DEFINE_EXCLUSIVE_GROUP(grp)					\
	DEFINE_EXCLUSIVE_GROUP_KAT(grp, NULL)

/**
 * DEFINE_EXCLUSIVE_GROUP_KAT() - define a group with a known-answer test
 * @grp: name of the group
 * @kat_fn: ``bool kat_fn(const struct exclusive_seq *seq)``, true if the
 *	candidate reached through exclusive_seq_call(@seq, ...) gave the
 *	right answers
 *
 * As DEFINE_EXCLUSIVE_GROUP().  The loader runs @kat_fn after a provider's
 * init succeeded and before any call can reach the provider; a provider that
 * fails it is refused with -EBADMSG and the group keeps its binding.
 */
#define DEFINE_EXCLUSIVE_GROUP_KAT(grp, kat_fn)				\
	static const struct exclusive_group __EXCLUSIVE_GROUP(grp) = {	\
		.name = #grp,						\
		.kat = kat_fn,						\
	}

/**
 * DEFINE_EXCLUSIVE_SYMBOL() - define a slot that any module may call
 * @sym: the slot's name, as declared with DECLARE_EXCLUSIVE_SYMBOL()
 * @fallback_fn: the generic implementation; also fixes the prototype
 *
 * Defines the static call @sym with @fallback_fn as its target, and the slot
 * descriptor that providers refer to.  The slot is a group of its own.
 * Calls reach @fallback_fn until a provider is bound.  The owner exports
 * @fallback_fn as it would any function: with the loader's support
 * configured out, callers call it by name.
 */
#define DEFINE_EXCLUSIVE_SYMBOL(sym, fallback_fn)				\
	DEFINE_EXCLUSIVE_GROUP(sym);					\
	__DEFINE_EXCLUSIVE_SYMBOL(sym, sym, fallback_fn, 0)

/**
 * DEFINE_EXCLUSIVE_SYMBOL_GPL() - define a slot only GPL modules may call
 * @sym: the slot's name, as declared with DECLARE_EXCLUSIVE_SYMBOL()
 * @fallback_fn: the generic implementation; also fixes the prototype
 *
 * As DEFINE_EXCLUSIVE_SYMBOL(), with the call and the slot exported to
 * GPL-compatible modules only.
 */
#define DEFINE_EXCLUSIVE_SYMBOL_GPL(sym, fallback_fn)			\
	DEFINE_EXCLUSIVE_GROUP(sym);					\
	__DEFINE_EXCLUSIVE_SYMBOL(sym, sym, fallback_fn, 1)

/**
 * DEFINE_EXCLUSIVE_GROUP_SYMBOL() - define a slot as a member of a group
 * @grp: the group, defined with DEFINE_EXCLUSIVE_GROUP() before
 * @sym: the slot's name, as declared with DECLARE_EXCLUSIVE_SYMBOL()
 * @fallback_fn: the generic implementation; also fixes the prototype
 */
#define DEFINE_EXCLUSIVE_GROUP_SYMBOL(grp, sym, fallback_fn)		\
	__DEFINE_EXCLUSIVE_SYMBOL(grp, sym, fallback_fn, 0)

/**
 * DEFINE_EXCLUSIVE_GROUP_SYMBOL_GPL() - GPL-only member of a group
 * @grp: the group, defined with DEFINE_EXCLUSIVE_GROUP() before
 * @sym: the slot's name, as declared with DECLARE_EXCLUSIVE_SYMBOL()
 * @fallback_fn: the generic implementation; also fixes the prototype
 */
#define DEFINE_EXCLUSIVE_GROUP_SYMBOL_GPL(grp, sym, fallback_fn)		\
	__DEFINE_EXCLUSIVE_SYMBOL(grp, sym, fallback_fn, 1)

/**
 * DECLARE_EXCLUSIVE_SYMBOL() - declare a slot in the owner's header
 * @sym: the slot's name
 * @fallback_fn: the generic implementation, which fixes the prototype
 *
 * Consumers call the slot with exclusive_call(); providers export an
 * implementation of it with EXPORT_SYMBOL_EXCLUSIVE().
 */
#define DECLARE_EXCLUSIVE_SYMBOL(sym, fallback_fn)			\
	DECLARE_STATIC_CALL(sym, fallback_fn);				\
	extern const struct exclusive_symbol __exclusive_slot_##sym

/**
 * exclusive_call() - call a slot
 * @sym: the slot's name
 *
 * Use as ``exclusive_call(name)(args...)``.  The call goes to the bound
 * provider's implementation, or to the fallback while none is bound.  On
 * architectures with inline static calls the call site itself is patched
 * into a direct call to the current target.
 */
#define exclusive_call(sym)	static_call_mod(sym)

/**
 * exclusive_seq_begin() - start a sequence of calls on one implementation
 * @seq: the sequence, to be passed to exclusive_seq_end() at the end
 * @sym: any slot of the group
 *
 * For groups whose implementations keep state between calls in formats of
 * their own.  Chooses the group's current implementation (the bound
 * provider, or the fallbacks) and keeps it for @seq: a provider being
 * unloaded is unbound at once but waits for exclusive_seq_end() before its
 * exit runs, and a provider bound meanwhile does not see @seq's calls.  May
 * be called in any context but NMI, and ended in another task.
 */
#define exclusive_seq_begin(seq, sym)					\
	__exclusive_seq_begin(seq, &__EXCLUSIVE_SLOT(sym))

/**
 * exclusive_seq_call() - call a slot on a sequence's implementation
 * @seq: the sequence, begun with exclusive_seq_begin()
 * @sym: a slot of the sequence's group
 *
 * Use as ``exclusive_seq_call(seq, name)(args...)``; an indirect call.
 */
#define exclusive_seq_call(seq, sym)					\
	({								\
		typeof(STATIC_CALL_TRAMP(sym)) *__fn =			\
			__exclusive_seq_target(seq, &__EXCLUSIVE_SLOT(sym)); \
		__fn;							\
	})

#define __EXPORT_SYMBOL_EXCLUSIVE(sym, impl_fn, gpl)			\
	static_assert(__same_type(impl_fn, STATIC_CALL_TRAMP(sym)),	\
		      "prototype of " #impl_fn " does not match exclusive symbol " #sym); \
	static const struct exclusive_export __used			\
	__section("__exclusive_exports") __aligned(sizeof(void *))	\
	__UNIQUE_ID(__exclusive_export_##sym) = {			\
		.slot = &__EXCLUSIVE_SLOT(sym),			\
		.impl = impl_fn,						\
		.gpl_only = gpl,					\
		.modname = KBUILD_MODNAME,				\
	};								\
	MODULE_INFO(exclusive, #sym);					\
	MODULE_ALIAS("exclusive:" #sym)

/*
 * Built in, a provider's init cannot fail its load: the outcome is kept
 * for the loader, which binds built-in providers at late_initcall.
 */
#ifdef MODULE
#define __exclusive_provider_initcall(fn)	module_init(fn)
#else
#define __exclusive_provider_initcall(fn)				\
	static struct exclusive_builtin_init __used			\
	__section("__exclusive_inits") __aligned(sizeof(void *))	\
	__exclusive_init_##fn = { .modname = KBUILD_MODNAME };		\
	static int __init __exclusive_initcall_##fn(void)		\
	{								\
		__exclusive_init_##fn.result = fn();			\
		__exclusive_init_##fn.done = true;			\
		return __exclusive_init_##fn.result;			\
	}								\
	module_init(__exclusive_initcall_##fn)
#endif

#else /* !CONFIG_MODULE_EXCLUSIVE_SYMBOLS */

#define __exclusive_provider_initcall(fn)	module_init(fn)

/*
 * Without the loader's support a slot is its fallback: calls compile to
 * direct calls of the exported fallback, and providers' entries are only
 * type-checked.
 */
#define DEFINE_EXCLUSIVE_GROUP(grp)
#define DEFINE_EXCLUSIVE_GROUP_KAT(grp, kat_fn)				\
	static bool (*const __exclusive_kat_##grp)(const struct exclusive_seq *) \
	__maybe_unused = kat_fn
#define DEFINE_EXCLUSIVE_SYMBOL(sym, fallback_fn)
#define DEFINE_EXCLUSIVE_SYMBOL_GPL(sym, fallback_fn)
#define DEFINE_EXCLUSIVE_GROUP_SYMBOL(grp, sym, fallback_fn)
#define DEFINE_EXCLUSIVE_GROUP_SYMBOL_GPL(grp, sym, fallback_fn)

#define DECLARE_EXCLUSIVE_SYMBOL(sym, fallback_fn)			\
	static __always_inline typeof(&fallback_fn)			\
	__exclusive_target_##sym(void)					\
	{								\
		return &fallback_fn;					\
	}

#define exclusive_call(sym)	(__exclusive_target_##sym())

static inline void exclusive_seq_end(struct exclusive_seq *seq) { }
#define exclusive_seq_begin(seq, sym)	((void)(seq))
#define exclusive_seq_call(seq, sym)	((void)(seq), exclusive_call(sym))

#define __EXPORT_SYMBOL_EXCLUSIVE(sym, impl_fn, gpl)			\
	static_assert(__same_type(&impl_fn, __exclusive_target_##sym()),	\
		      "prototype of " #impl_fn " does not match exclusive symbol " #sym); \
	static void *__used __UNIQUE_ID(__exclusive_unused_##sym) = impl_fn

#endif /* CONFIG_MODULE_EXCLUSIVE_SYMBOLS */

/**
 * EXPORT_SYMBOL_EXCLUSIVE() - provide an implementation of a slot
 * @sym: the slot, declared with DECLARE_EXCLUSIVE_SYMBOL()
 * @impl_fn: the implementation; its type must be the fallback's
 *
 * Adds an entry to the module's exclusive exports, an ``exclusive=<sym>``
 * modinfo tag and the module alias ``exclusive:<sym>``.  The loader binds
 * the implementation after the module's init succeeded, refuses the module
 * while another provider holds the slot, and unbinds it before the module's
 * exit runs.  A mismatched prototype fails the build.
 */
#define EXPORT_SYMBOL_EXCLUSIVE(sym, impl_fn)				\
	__EXPORT_SYMBOL_EXCLUSIVE(sym, impl_fn, 0)

/**
 * EXPORT_SYMBOL_EXCLUSIVE_GPL() - provide a GPL-only implementation of a slot
 * @sym: the slot, declared with DECLARE_EXCLUSIVE_SYMBOL()
 * @impl_fn: the implementation; its type must be the fallback's
 *
 * As EXPORT_SYMBOL_EXCLUSIVE(), but the loader refuses to bind @impl_fn to a
 * slot that modules which are not GPL-compatible may call.
 */
#define EXPORT_SYMBOL_EXCLUSIVE_GPL(sym, impl_fn)				\
	__EXPORT_SYMBOL_EXCLUSIVE(sym, impl_fn, 1)

/**
 * exclusive_provider_initcall() - the init function of a provider
 * @fn: ``int fn(void)``, as for module_init()
 *
 * module_init() for a provider that may also be built into the kernel: in
 * a module, a failing @fn fails the load as usual; built in, the loader
 * does not bind a provider whose @fn failed (its CPU lacks the
 * instructions, say), and the slots keep their fallbacks.
 */
#define exclusive_provider_initcall(fn)	__exclusive_provider_initcall(fn)

#endif /* _LINUX_EXCLUSIVE_SYMBOL_H */
