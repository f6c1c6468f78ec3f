// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ChaCha library provider using AVX2 (module chacha_avx2)
 */
#include <linux/cpufeature.h>
#include <linux/module.h>

#include "chacha_provider.h"

asmlinkage void chacha_2block_xor_avx2(u32 *state, u8 *dst, const u8 *src,
				       unsigned int len, int nrounds);
asmlinkage void chacha_4block_xor_avx2(u32 *state, u8 *dst, const u8 *src,
				       unsigned int len, int nrounds);
asmlinkage void chacha_8block_xor_avx2(u32 *state, u8 *dst, const u8 *src,
				       unsigned int len, int nrounds);

/* Single blocks are faster in SSSE3, which every AVX2 CPU has. */
static unsigned int chacha_provider_step(u32 *state, u8 *dst, const u8 *src,
					 unsigned int bytes, int nrounds)
{
	if (bytes <= CHACHA_BLOCK_SIZE) {
		chacha_block_xor_ssse3(state, dst, src, bytes, nrounds);
		return bytes;
	}
	if (bytes <= 2 * CHACHA_BLOCK_SIZE) {
		chacha_2block_xor_avx2(state, dst, src, bytes, nrounds);
		return bytes;
	}
	if (bytes <= 4 * CHACHA_BLOCK_SIZE) {
		chacha_4block_xor_avx2(state, dst, src, bytes, nrounds);
		return bytes;
	}
	bytes = min(bytes, 8U * CHACHA_BLOCK_SIZE);
	chacha_8block_xor_avx2(state, dst, src, bytes, nrounds);
	return bytes;
}

static int __init chacha_avx2_init(void)
{
	if (!boot_cpu_has(X86_FEATURE_SSSE3) || !boot_cpu_has(X86_FEATURE_AVX) ||
	    !boot_cpu_has(X86_FEATURE_AVX2) ||
	    !cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM, NULL))
		return -ENODEV;
	return 0;
}

static void __exit chacha_avx2_exit(void)
{
}

module_init(chacha_avx2_init);
module_exit(chacha_avx2_exit);

MODULE_DESCRIPTION("ChaCha library provider, AVX2");
MODULE_LICENSE("GPL");
