/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Common glue of the x86 ChaCha library providers: chacha_ssse3,
 * chacha_avx2 and chacha_avx512vl.  Each provider defines
 * chacha_provider_step() with the assembly routines of its instruction
 * set, and this header runs it.  The routines are called directly: no
 * function pointer on the per-chunk path, so no retpoline to take and
 * nothing for kCFI to check against routines that carry no type hash.
 */
#ifndef _CHACHA_PROVIDER_H
#define _CHACHA_PROVIDER_H

#include <crypto/chacha.h>
#include <crypto/internal/simd.h>
#include <linux/linkage.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <asm/fpu/api.h>
#include <asm/simd.h>

/* Routines come from separately built objects of the same module. */
asmlinkage void chacha_block_xor_ssse3(u32 *state, u8 *dst, const u8 *src,
				       unsigned int len, int nrounds);
asmlinkage void chacha_4block_xor_ssse3(u32 *state, u8 *dst, const u8 *src,
					unsigned int len, int nrounds);
asmlinkage void hchacha_block_ssse3(const u32 *state, u32 *out, int nrounds);

/*
 * Defined by each provider: one call of the routine that suits @bytes
 * (more than zero, at most 4 KiB), the largest whose blocks are all full
 * or else the smallest that covers them; it also handles a partial last
 * block.  Called with the FPU held.  Return: the bytes it did.
 */
static unsigned int chacha_provider_step(u32 *state, u8 *dst, const u8 *src,
					 unsigned int bytes, int nrounds);

/*
 * In pieces of 4 KiB, so that preemption is not held off for long; a
 * preempted caller between two pieces is what tasks-RCU waits for when the
 * provider is unloaded.
 */
static void chacha_provider_crypt(u32 *state, u8 *dst, const u8 *src,
				  unsigned int bytes, int nrounds)
{
	if (bytes <= CHACHA_BLOCK_SIZE || !crypto_simd_usable()) {
		chacha_crypt_generic(state, dst, src, bytes, nrounds);
		return;
	}
	while (bytes) {
		unsigned int todo = min_t(unsigned int, bytes, SZ_4K);

		kernel_fpu_begin();
		while (todo) {
			unsigned int n = chacha_provider_step(state, dst, src,
							      todo, nrounds);

			state[12] += DIV_ROUND_UP(n, CHACHA_BLOCK_SIZE);
			todo -= n;
			bytes -= n;
			src += n;
			dst += n;
		}
		kernel_fpu_end();
	}
}
EXPORT_SYMBOL_EXCLUSIVE(chacha_crypt_arch, chacha_provider_crypt);

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
