// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for the core of kernel/module/exclusive.c.
 *
 * The slots here are registered by hand rather than by the loader, and the
 * providers are bare struct module stand-ins, so that every refusal can be
 * provoked without building a module for it.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/static_call.h>

#include "exclusive.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

typedef int kt_fn(int x);

static int kt_fallback(int x) { return x + 1; }
static int kt_impl_a(int x) { return x + 100; }
static int kt_impl_b(int x) { return x + 200; }

DEFINE_STATIC_CALL(kt_one, kt_fallback);
DEFINE_STATIC_CALL(kt_g1, kt_fallback);
DEFINE_STATIC_CALL(kt_g2, kt_fallback);

static const struct exclusive_group kt_group_one = { .name = "kt_one" };
static const struct exclusive_group kt_group_pair = { .name = "kt_pair" };

#define KT_SLOT(sc, grp)						\
	{								\
		.name = #sc,						\
		.group = &(grp),					\
		.tramp = STATIC_CALL_TRAMP_ADDR(sc),			\
		.fallback = kt_fallback,				\
	}

static const struct exclusive_symbol kt_slots[] = {
	KT_SLOT(kt_one, kt_group_one),
	KT_SLOT(kt_g1, kt_group_pair),
	KT_SLOT(kt_g2, kt_group_pair),
};

static const struct exclusive_slot kt_defs[] = {
	{ &kt_slots[0], &__SCK__kt_one },
	{ &kt_slots[1], &__SCK__kt_g1 },
	{ &kt_slots[2], &__SCK__kt_g2 },
};

static const struct exclusive_symbol kt_unregistered = KT_SLOT(kt_one, kt_group_one);

#define ONE	(&kt_slots[0])
#define G1	(&kt_slots[1])
#define G2	(&kt_slots[2])

static struct module kt_mod_a = { .name = "kt_prov_a" };
static struct module kt_mod_b = { .name = "kt_prov_b" };
static struct module kt_mod_proprietary = {
	.name = "kt_prov_proprietary",
	.taints = BIT(TAINT_PROPRIETARY_MODULE),
};

/* The loader's records: the owner's, and one per provider. */
static struct exclusive_mod kt_owner = { .name = "vmlinux" };
static struct exclusive_mod kt_xa = { .mod = &kt_mod_a, .name = "kt_prov_a" };
static struct exclusive_mod kt_xb = { .mod = &kt_mod_b, .name = "kt_prov_b" };
static struct exclusive_mod kt_xv = { .name = "vmlinux" };
static struct exclusive_mod kt_xp = {
	.mod = &kt_mod_proprietary, .name = "kt_prov_proprietary",
};

/* The state the loader keeps for a slot's group. */
static struct exclusive_group_state *kt_group(const struct exclusive_symbol *decl)
{
	struct exclusive_slot_state *slot;

	exclusive_lock_for_test();
	slot = exclusive_slot_of(decl);
	exclusive_unlock_for_test();
	return slot->group;
}

static struct exclusive_slot_state *kt_slot(const struct exclusive_symbol *decl)
{
	struct exclusive_slot_state *slot;

	exclusive_lock_for_test();
	slot = exclusive_slot_of(decl);
	exclusive_unlock_for_test();
	return slot;
}

static int kt_claim(struct exclusive_mod *xm, const struct exclusive_export *ex,
		    unsigned int num)
{
	int err;

	exclusive_lock_for_test();
	err = exclusive_claim_exports(xm, ex, num);
	exclusive_unlock_for_test();
	return err;
}

static void kt_release(struct exclusive_mod *xm)
{
	exclusive_lock_for_test();
	exclusive_unbind_exports(xm);
	exclusive_release_exports(xm);
	exclusive_unlock_for_test();
}

static int kt_init(struct kunit *test)
{
	int err;

	exclusive_lock_for_test();
	err = exclusive_register_slots(&kt_owner, kt_defs, ARRAY_SIZE(kt_defs));
	exclusive_unlock_for_test();
	return err;
}

static void kt_exit(struct kunit *test)
{
	unsigned int i;

	exclusive_lock_for_test();
	for (i = 0; i < ARRAY_SIZE(kt_defs); i++)
		__static_call_update(kt_defs[i].key, kt_slots[i].tramp,
				     kt_fallback);
	exclusive_unregister_slots(&kt_owner);
	exclusive_unlock_for_test();
	exclusive_free_slots(&kt_owner);
}

static void kt_claim_release(struct kunit *test)
{
	const struct exclusive_export a[] = { { ONE, kt_impl_a } };
	const struct exclusive_export b[] = { { ONE, kt_impl_b } };

	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xa, a, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, kt_group(ONE)->holder, &kt_xa);
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xb, b, 1), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, kt_group(ONE)->holder, &kt_xa);

	kt_release(&kt_xa);
	KUNIT_EXPECT_NULL(test, kt_group(ONE)->holder);
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xb, b, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, kt_group(ONE)->holder, &kt_xb);
	kt_release(&kt_xb);
}

static void kt_vmlinux_holder(struct kunit *test)
{
	const struct exclusive_export v[] = { { ONE, kt_impl_a } };
	const struct exclusive_export b[] = { { ONE, kt_impl_b } };

	/* vmlinux holds with no module: the claim must still count. */
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xv, v, 1), 0);
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xb, b, 1), -EBUSY);
	kt_release(&kt_xb);
	KUNIT_EXPECT_EQ(test, kt_group(ONE)->state, EXCLUSIVE_CLAIMED);
	KUNIT_EXPECT_PTR_EQ(test, kt_group(ONE)->holder, &kt_xv);
	KUNIT_EXPECT_NULL(test, kt_group(ONE)->holder->mod);
	kt_release(&kt_xv);
}

static void kt_release_foreign(struct kunit *test)
{
	const struct exclusive_export a[] = { { ONE, kt_impl_a } };

	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xa, a, 1), 0);
	/* B never held the slot: its release must not free A's claim. */
	kt_release(&kt_xb);
	KUNIT_EXPECT_PTR_EQ(test, kt_group(ONE)->holder, &kt_xa);
	kt_release(&kt_xa);
}

static void kt_group_partial(struct kunit *test)
{
	const struct exclusive_export half[] = { { G1, kt_impl_a } };

	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xa, half, 1), -EINVAL);
	KUNIT_EXPECT_NULL(test, kt_group(G1)->holder);
}

static void kt_group_all_or_nothing(struct kunit *test)
{
	const struct exclusive_export a[] = { { ONE, kt_impl_a } };
	const struct exclusive_export b[] = {
		{ G1, kt_impl_b }, { G2, kt_impl_b }, { ONE, kt_impl_b },
	};

	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xa, a, 1), 0);
	/* The pair is free, but B also wants A's slot: B gets nothing. */
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xb, b, 3), -EBUSY);
	KUNIT_EXPECT_NULL(test, kt_group(G1)->holder);
	KUNIT_EXPECT_PTR_EQ(test, kt_group(ONE)->holder, &kt_xa);

	kt_release(&kt_xa);
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xb, b, 3), 0);
	KUNIT_EXPECT_PTR_EQ(test, kt_group(G1)->holder, &kt_xb);
	KUNIT_EXPECT_PTR_EQ(test, kt_group(ONE)->holder, &kt_xb);
	kt_release(&kt_xb);
	KUNIT_EXPECT_NULL(test, kt_group(G1)->holder);
}

static void kt_entry_validation(struct kunit *test)
{
	const struct exclusive_export no_impl[] = { { ONE, NULL } };
	const struct exclusive_export unknown[] = { { &kt_unregistered, kt_impl_a } };
	const struct exclusive_export twice[] = {
		{ ONE, kt_impl_a }, { ONE, kt_impl_b },
	};
	const struct exclusive_export gpl[] = { { ONE, kt_impl_a, true } };

	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xa, no_impl, 1), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xa, unknown, 1), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xa, twice, 2), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xa, gpl, 1), -EPERM);
	KUNIT_EXPECT_NULL(test, kt_group(ONE)->holder);
}

/* Every slot, GPL-only or not, is refused to a provider that is not GPL. */
static void kt_gpl_only_slot(struct kunit *test)
{
	const struct exclusive_export p[] = { { ONE, kt_impl_a } };

	KUNIT_EXPECT_FALSE(test, kt_slot(ONE)->gpl_only);
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xp, p, 1), -EPERM);
	KUNIT_EXPECT_EQ(test, kt_group(ONE)->state, EXCLUSIVE_FREE);
	KUNIT_EXPECT_EQ(test, kt_claim(&kt_xa, p, 1), 0);
	kt_release(&kt_xa);
}

/* A sequence of one group does not reach another group's candidate. */
static void kt_seq_foreign_slot(struct kunit *test)
{
	const struct exclusive_export a[] = { { ONE, kt_impl_a } };
	struct exclusive_seq seq;
	kt_fn *fn;

	KUNIT_ASSERT_EQ(test, kt_claim(&kt_xv, a, 1), 0);
	KUNIT_EXPECT_EQ(test, exclusive_bind_exports(&kt_xv), 0);
	__exclusive_seq_begin(&seq, G1);
	fn = __exclusive_seq_target(&seq, ONE);
	KUNIT_EXPECT_PTR_EQ(test, (void *)fn, (void *)kt_fallback);
	exclusive_seq_end(&seq);
	kt_release(&kt_xv);
}

/* A slot nobody registered: the sequence runs on its fallback. */
static void kt_seq_unregistered(struct kunit *test)
{
	struct exclusive_seq seq;
	kt_fn *fn;

	__exclusive_seq_begin(&seq, &kt_unregistered);
	fn = __exclusive_seq_target(&seq, &kt_unregistered);
	KUNIT_EXPECT_EQ(test, fn(1), 2);
	exclusive_seq_end(&seq);
}

static void kt_bind_unbind(struct kunit *test)
{
	const struct exclusive_export a[] = {
		{ G1, kt_impl_a }, { G2, kt_impl_a },
	};

	KUNIT_EXPECT_EQ(test, static_call(kt_g1)(1), 2);
	KUNIT_ASSERT_EQ(test, kt_claim(&kt_xa, a, 2), 0);
	/* Claimed is not bound: calls still reach the fallback. */
	KUNIT_EXPECT_EQ(test, static_call(kt_g2)(1), 2);

	KUNIT_EXPECT_EQ(test, exclusive_bind_exports(&kt_xa), 0);
	KUNIT_EXPECT_EQ(test, static_call(kt_g1)(1), 101);
	KUNIT_EXPECT_EQ(test, static_call(kt_g2)(1), 101);
	KUNIT_EXPECT_EQ(test, kt_group(G1)->state, EXCLUSIVE_BOUND);
	KUNIT_EXPECT_EQ(test, kt_group(G1)->binds, 1);

	exclusive_lock_for_test();
	KUNIT_EXPECT_TRUE(test, exclusive_unbind_exports(&kt_xa));
	exclusive_unlock_for_test();
	KUNIT_EXPECT_EQ(test, static_call(kt_g1)(1), 2);
	KUNIT_EXPECT_EQ(test, static_call(kt_g2)(1), 2);
	KUNIT_EXPECT_EQ(test, kt_group(G1)->state, EXCLUSIVE_CLAIMED);
	/* Still held until release, so nobody binds during the wait. */
	KUNIT_EXPECT_PTR_EQ(test, kt_group(G1)->holder, &kt_xa);
	kt_release(&kt_xa);
	KUNIT_EXPECT_NULL(test, kt_group(G1)->holder);
}

/* The pair's known answer: f(1) == 101, which only kt_impl_a gives. */
static bool kt_kat(const struct exclusive_seq *seq)
{
	kt_fn *g1 = __exclusive_seq_target(seq, G1);
	kt_fn *g2 = __exclusive_seq_target(seq, G2);

	return g1(1) == 101 && g2(1) == 101;
}

static void kt_kat_gate(struct kunit *test)
{
	const struct exclusive_export a[] = {
		{ G1, kt_impl_a }, { G2, kt_impl_a },
	};
	const struct exclusive_export b[] = {
		{ G1, kt_impl_b }, { G2, kt_impl_b },
	};

	kt_group(G1)->kat = kt_kat;
	KUNIT_ASSERT_EQ(test, kt_claim(&kt_xb, b, 2), 0);
	KUNIT_EXPECT_EQ(test, exclusive_bind_exports(&kt_xb), -EBADMSG);
	/* Refused: nothing was retargeted; released, no trace is left. */
	KUNIT_EXPECT_EQ(test, static_call(kt_g1)(1), 2);
	KUNIT_EXPECT_EQ(test, kt_group(G1)->state, EXCLUSIVE_CLAIMED);
	kt_release(&kt_xb);
	KUNIT_EXPECT_NULL(test, kt_slot(G1)->impl);
	KUNIT_EXPECT_NULL(test, kt_slot(G2)->impl);
	KUNIT_EXPECT_EQ(test, kt_group(G1)->state, EXCLUSIVE_FREE);

	KUNIT_ASSERT_EQ(test, kt_claim(&kt_xa, a, 2), 0);
	KUNIT_EXPECT_EQ(test, exclusive_bind_exports(&kt_xa), 0);
	KUNIT_EXPECT_EQ(test, static_call(kt_g2)(1), 101);
	kt_release(&kt_xa);
}

/* vmlinux as the holder: no module reference to take. */
static void kt_seq_stays(struct kunit *test)
{
	const struct exclusive_export a[] = {
		{ G1, kt_impl_a }, { G2, kt_impl_a },
	};
	struct exclusive_seq before, after;
	kt_fn *fn;

	__exclusive_seq_begin(&before, G1);
	KUNIT_ASSERT_EQ(test, kt_claim(&kt_xv, a, 2), 0);
	KUNIT_EXPECT_EQ(test, exclusive_bind_exports(&kt_xv), 0);
	__exclusive_seq_begin(&after, G1);

	/* Begun on the fallback: stays there though a provider is bound. */
	fn = __exclusive_seq_target(&before, G2);
	KUNIT_EXPECT_EQ(test, fn(1), 2);
	fn = __exclusive_seq_target(&after, G2);
	KUNIT_EXPECT_EQ(test, fn(1), 101);
	exclusive_seq_end(&before);
	exclusive_seq_end(&after);
	kt_release(&kt_xv);
}

static void kt_register_clash(struct kunit *test)
{
	static const struct exclusive_symbol dup = KT_SLOT(kt_one, kt_group_one);
	const struct exclusive_slot def = { &dup, &__SCK__kt_one };
	struct exclusive_mod xm = { .mod = &kt_mod_b, .name = "kt_prov_b" };

	exclusive_lock_for_test();
	KUNIT_EXPECT_EQ(test, exclusive_register_slots(&xm, &def, 1), -EEXIST);
	exclusive_unlock_for_test();
	KUNIT_EXPECT_EQ(test, xm.nslots, 0);
	KUNIT_EXPECT_EQ(test, kt_group(ONE)->nslots, 1);
}

static void kt_pin_parse(struct kunit *test)
{
	struct exclusive_pins *pins = kunit_kzalloc(test, sizeof(*pins),
						    GFP_KERNEL);
	const char *err;
	static const char * const bad[] = {
		"a", "a:", ":b", "a:b,", "a:b,,c:d", "a:b,a:c", "a b:c",
		"a:b:c", "x:fallback,a/b:c",
	};
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, pins);
	KUNIT_EXPECT_EQ(test, exclusive_pin_parse("", pins, &err), 0);
	KUNIT_EXPECT_NULL(test, exclusive_pin_find(pins, "a"));
	KUNIT_EXPECT_EQ(test, exclusive_pin_parse("a:b", pins, &err), 0);
	KUNIT_EXPECT_STREQ(test, exclusive_pin_find(pins, "a"), "b");
	KUNIT_EXPECT_EQ(test, exclusive_pin_parse("a:b,cc:fallback", pins, &err), 0);
	KUNIT_EXPECT_EQ(test, pins->num, 2);
	KUNIT_EXPECT_STREQ(test, pins->text, "a:b,cc:fallback");
	KUNIT_EXPECT_STREQ(test, exclusive_pin_find(pins, "cc"), "fallback");
	KUNIT_EXPECT_EQ(test, exclusive_pin_parse("ab:b,cc:fallback", pins, &err), 0);
	KUNIT_EXPECT_NULL(test, exclusive_pin_find(pins, "a"));
	KUNIT_EXPECT_EQ(test, exclusive_pin_parse("a:b", NULL, &err), 0);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		err = NULL;
		KUNIT_EXPECT_EQ_MSG(test, exclusive_pin_parse(bad[i], pins, &err),
				    -EINVAL, "pins '%s'", bad[i]);
		KUNIT_EXPECT_NOT_NULL_MSG(test, err, "pins '%s'", bad[i]);
	}
	/* A refused value leaves the last good one. */
	KUNIT_EXPECT_STREQ(test, exclusive_pin_find(pins, "ab"), "b");
}

static struct kunit_case exclusive_cases[] = {
	KUNIT_CASE(kt_claim_release),
	KUNIT_CASE(kt_release_foreign),
	KUNIT_CASE(kt_vmlinux_holder),
	KUNIT_CASE(kt_group_partial),
	KUNIT_CASE(kt_group_all_or_nothing),
	KUNIT_CASE(kt_entry_validation),
	KUNIT_CASE(kt_gpl_only_slot),
	KUNIT_CASE(kt_bind_unbind),
	KUNIT_CASE(kt_kat_gate),
	KUNIT_CASE(kt_seq_stays),
	KUNIT_CASE(kt_seq_foreign_slot),
	KUNIT_CASE(kt_seq_unregistered),
	KUNIT_CASE(kt_register_clash),
	KUNIT_CASE(kt_pin_parse),
	{}
};

static struct kunit_suite exclusive_suite = {
	.name = "exclusive_symbols",
	.init = kt_init,
	.exit = kt_exit,
	.test_cases = exclusive_cases,
};

kunit_test_suite(exclusive_suite);

MODULE_DESCRIPTION("KUnit tests for exclusive symbol providers");
MODULE_LICENSE("GPL");
