/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Common glue of the x86 ChaCha library providers: chacha_ssse3,
 * chacha_avx2 and chacha_avx512vl.  Each provider lists the assembly
 * routines of its instruction set, largest first, and this runs them.
 */
#ifndef _CHACHA_PROVIDER_H
#define _CHACHA_PROVIDER_H

#include <crypto/chacha.h>
#include <crypto/internal/simd.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <asm/fpu/api.h>
#include <asm/simd.h>

typedef void chacha_xor_fn(u32 *state, u8 *dst, const u8 *src,
			   unsigned int len, int nrounds);

/*
 * @blocks: how many blocks one call of @xor produces at most; it also
 * handles fewer bytes than that, down to one.
 */
struct chacha_simd_step {
	unsigned int blocks;
	chacha_xor_fn *xor;
};

/* Routines come from separately built objects of the same module. */
asmlinkage chacha_xor_fn chacha_block_xor_ssse3;
asmlinkage chacha_xor_fn chacha_4block_xor_ssse3;
asmlinkage void hchacha_block_ssse3(const u32 *state, u32 *out, int nrounds);

/* The step for @bytes: the largest that is full, else the smallest that covers. */
static const struct chacha_simd_step *
chacha_pick_step(const struct chacha_simd_step *steps, unsigned int nsteps,
		 unsigned int bytes)
{
	unsigned int i = 0;

	while (i + 1 < nsteps && bytes <= steps[i + 1].blocks * CHACHA_BLOCK_SIZE)
		i++;
	return &steps[i];
}

static void chacha_simd_run(const struct chacha_simd_step *steps,
			    unsigned int nsteps, u32 *state, u8 *dst,
			    const u8 *src, unsigned int bytes, int nrounds)
{
	while (bytes) {
		const struct chacha_simd_step *step =
			chacha_pick_step(steps, nsteps, bytes);
		unsigned int n = min(bytes, step->blocks * CHACHA_BLOCK_SIZE);

		step->xor(state, dst, src, n, nrounds);
		state[12] += DIV_ROUND_UP(n, CHACHA_BLOCK_SIZE);
		bytes -= n;
		src += n;
		dst += n;
	}
}

/*
 * In pieces of 4 KiB, so that preemption is not held off for long; a
 * preempted caller between two pieces is what tasks-RCU waits for when the
 * provider is unloaded.
 */
static void chacha_provider_crypt(const struct chacha_simd_step *steps,
				  unsigned int nsteps, u32 *state, u8 *dst,
				  const u8 *src, unsigned int bytes,
				  int nrounds)
{
	if (bytes <= CHACHA_BLOCK_SIZE || !crypto_simd_usable()) {
		chacha_crypt_generic(state, dst, src, bytes, nrounds);
		return;
	}
	while (bytes) {
		unsigned int todo = min_t(unsigned int, bytes, SZ_4K);

		kernel_fpu_begin();
		chacha_simd_run(steps, nsteps, state, dst, src, todo, nrounds);
		kernel_fpu_end();
		bytes -= todo;
		src += todo;
		dst += todo;
	}
}

/*
 * HChaCha is one block: every provider uses the SSSE3 routine, and each
 * provider, including this header once, exports it for the group.
 */
static void chacha_provider_hchacha(const u32 *state, u32 *out, int nrounds)
{
	if (!crypto_simd_usable()) {
		hchacha_block_generic(state, out, nrounds);
		return;
	}
	kernel_fpu_begin();
	hchacha_block_ssse3(state, out, nrounds);
	kernel_fpu_end();
}
EXPORT_SYMBOL_EXCLUSIVE(hchacha_block_arch, chacha_provider_hchacha);

#endif /* _CHACHA_PROVIDER_H */
