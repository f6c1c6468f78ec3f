// SPDX-License-Identifier: GPL-2.0
/*
 * Throughput of the crypto libraries' slots.  Reading a parameter runs one
 * measurement and returns the best of three rounds:
 *
 *   chacha, poly1305, blake2s: KiB/s over 4 KiB messages
 *   curve25519:                scalar multiplications per second
 *
 * Writing a name to 'count' runs that entry once more, with preemption
 * off, between the markers of xsym_count.h (make bench's instruction
 * counts): chacha (4 KiB), poly1305-64, poly1305-4k (one message of
 * 64 bytes or 4 KiB: init, update, final), blake2s (4 KiB), curve25519
 * (one scalar multiplication).  A first, unmarked run leaves the same
 * state behind as every later one (the FPU registers saved, say).  The
 * marked call is a direct one, in the slot, direct and upstream builds
 * alike.
 *
 * Built as xsym_crypto_bench, the calls go through the library (the slot:
 * whichever implementation is bound).  Built as xsym_crypto_direct
 * (XSYM_DIRECT), they call the arch modules' exported functions by name, as
 * 6.12 did at build time; that module needs chacha-x86_64, poly1305-x86_64
 * and curve25519-x86_64 loaded.
 */

#include <crypto/chacha.h>
#include <crypto/curve25519.h>
#include <crypto/internal/blake2s.h>
#include <crypto/poly1305.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "xsym_count.h"

#define XSYM_MSG	4096
#define XSYM_MSGS	128
#define XSYM_MULTS	8
#define XSYM_ROUNDS	3

static u8 *xsym_buf;

#ifdef XSYM_DIRECT
#define XSYM_CHACHA(st, d, s, n)	chacha_crypt_arch(st, d, s, n, 20)
#define XSYM_P_INIT			poly1305_init_arch
#define XSYM_P_UPDATE			poly1305_update_arch
#define XSYM_P_FINAL			poly1305_final_arch
#define XSYM_CURVE(o, s, p)		({ curve25519_arch(o, s, p); true; })
#define XSYM_BLAKE2S			blake2s_compress
#else
#define XSYM_CHACHA(st, d, s, n)	chacha_crypt(st, d, s, n, 20)
#define XSYM_P_INIT			poly1305_init
#define XSYM_P_UPDATE			poly1305_update
#define XSYM_P_FINAL			poly1305_final
#define XSYM_CURVE(o, s, p)		curve25519(o, s, p)
#endif

#ifdef XSYM_DIRECT
#elif IS_ENABLED(CONFIG_CRYPTO_LIB_EXCLUSIVE)
#define XSYM_BLAKE2S			exclusive_call(blake2s_compress)
#else
/* Upstream's dispatch: the same module, built against the option off. */
#define XSYM_BLAKE2S			blake2s_compress
#endif

static void xsym_chacha_one(unsigned int len)
{
	u32 state[CHACHA_STATE_WORDS] = { 1, 2, 3, 4 };

	XSYM_CHACHA(state, xsym_buf, xsym_buf, len);
}

static void xsym_poly1305_one(unsigned int len)
{
	static const u8 key[POLY1305_KEY_SIZE] = { 7 };
	struct poly1305_desc_ctx desc;
	u8 tag[POLY1305_DIGEST_SIZE];

	XSYM_P_INIT(&desc, key);
	XSYM_P_UPDATE(&desc, xsym_buf, len);
	XSYM_P_FINAL(&desc, tag);
}

static void xsym_chacha(void)
{
	u32 state[CHACHA_STATE_WORDS] = { 1, 2, 3, 4 };
	unsigned int i;

	for (i = 0; i < XSYM_MSGS; i++)
		XSYM_CHACHA(state, xsym_buf, xsym_buf, XSYM_MSG);
}

static void xsym_poly1305(void)
{
	static const u8 key[POLY1305_KEY_SIZE] = { 7 };
	struct poly1305_desc_ctx desc;
	u8 tag[POLY1305_DIGEST_SIZE];
	unsigned int i;

	for (i = 0; i < XSYM_MSGS; i++) {
		XSYM_P_INIT(&desc, key);
		XSYM_P_UPDATE(&desc, xsym_buf, XSYM_MSG);
		XSYM_P_FINAL(&desc, tag);
	}
}

static void xsym_blake2s(void)
{
	struct blake2s_state state;
	unsigned int i;

	blake2s_init(&state, BLAKE2S_HASH_SIZE);
	for (i = 0; i < XSYM_MSGS; i++)
		XSYM_BLAKE2S(&state, xsym_buf, XSYM_MSG / BLAKE2S_BLOCK_SIZE,
			     BLAKE2S_BLOCK_SIZE);
}

static void xsym_curve25519(void)
{
	u8 secret[CURVE25519_KEY_SIZE] = { 0x40 }, out[CURVE25519_KEY_SIZE];
	unsigned int i;

	for (i = 0; i < XSYM_MULTS; i++)
		if (!XSYM_CURVE(out, secret, curve25519_base_point))
			break;
}

/* Best of XSYM_ROUNDS: units of work per second. */
static u64 xsym_rate(void (*fn)(void), u64 units)
{
	u64 best = U64_MAX, t;
	unsigned int r;

	for (r = 0; r < XSYM_ROUNDS; r++) {
		t = ktime_get_ns();
		fn();
		best = min(best, ktime_get_ns() - t);
		cond_resched();
	}
	return div64_u64(units * NSEC_PER_SEC, max_t(u64, best, 1));
}

#define XSYM_BENCH(name, units)						\
static int xsym_get_##name(char *buf, const struct kernel_param *kp)	\
{									\
	return sysfs_emit(buf, "%llu\n", xsym_rate(xsym_##name, units));	\
}									\
static const struct kernel_param_ops xsym_ops_##name = {		\
	.get = xsym_get_##name,						\
};									\
module_param_cb(name, &xsym_ops_##name, NULL, 0444)

XSYM_BENCH(chacha, XSYM_MSGS * XSYM_MSG / 1024);
XSYM_BENCH(poly1305, XSYM_MSGS * XSYM_MSG / 1024);
XSYM_BENCH(blake2s, XSYM_MSGS * XSYM_MSG / 1024);
XSYM_BENCH(curve25519, XSYM_MULTS);

static void xsym_blake2s_one(unsigned int len)
{
	struct blake2s_state state;

	blake2s_init(&state, BLAKE2S_HASH_SIZE);
	XSYM_BLAKE2S(&state, xsym_buf, len / BLAKE2S_BLOCK_SIZE,
		     BLAKE2S_BLOCK_SIZE);
}

static void xsym_curve25519_one(void)
{
	u8 secret[CURVE25519_KEY_SIZE] = { 0x40 }, out[CURVE25519_KEY_SIZE];

	if (!XSYM_CURVE(out, secret, curve25519_base_point))
		pr_warn_once("curve25519 failed\n");
}

static const char *const xsym_entries[] = {
	"chacha", "poly1305-64", "poly1305-4k", "blake2s", "curve25519",
};

/* Direct calls: an indirect one would count against every entry. */
static __always_inline void xsym_run_entry(unsigned int i)
{
	switch (i) {
	case 0:
		xsym_chacha_one(XSYM_MSG);
		break;
	case 1:
		xsym_poly1305_one(64);
		break;
	case 2:
		xsym_poly1305_one(XSYM_MSG);
		break;
	case 3:
		xsym_blake2s_one(XSYM_MSG);
		break;
	case 4:
		xsym_curve25519_one();
		break;
	}
}

static void xsym_count_entry(unsigned int i)
{
	xsym_run_entry(i);
	xsym_count_start();
	xsym_run_entry(i);
	xsym_count_stop();
}

static int xsym_count_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(xsym_entries, val);

	if (i < 0)
		return i;
	preempt_disable();
	xsym_count_entry(i);
	preempt_enable();
	return 0;
}

static const struct kernel_param_ops xsym_count_ops = { .set = xsym_count_set };
module_param_cb(count, &xsym_count_ops, NULL, 0200);

static int __init xsym_crypto_bench_init(void)
{
	xsym_buf = kzalloc(XSYM_MSG, GFP_KERNEL);
	return xsym_buf ? 0 : -ENOMEM;
}

static void __exit xsym_crypto_bench_exit(void)
{
	kfree(xsym_buf);
}

module_init(xsym_crypto_bench_init);
module_exit(xsym_crypto_bench_exit);

MODULE_DESCRIPTION("Exclusive symbols benchmark: crypto library throughput");
MODULE_LICENSE("GPL");
