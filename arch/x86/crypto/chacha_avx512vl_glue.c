// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ChaCha library provider using AVX-512VL (module chacha_avx512vl)
 */
#include <linux/cpufeature.h>
#include <linux/module.h>

#include "chacha_provider.h"

asmlinkage void chacha_2block_xor_avx512vl(u32 *state, u8 *dst, const u8 *src,
					   unsigned int len, int nrounds);
asmlinkage void chacha_4block_xor_avx512vl(u32 *state, u8 *dst, const u8 *src,
					   unsigned int len, int nrounds);
asmlinkage void chacha_8block_xor_avx512vl(u32 *state, u8 *dst, const u8 *src,
					   unsigned int len, int nrounds);

/* The two-block routine also does a single block. */
static unsigned int chacha_provider_step(u32 *state, u8 *dst, const u8 *src,
					 unsigned int bytes, int nrounds)
{
	if (bytes <= 2 * CHACHA_BLOCK_SIZE) {
		chacha_2block_xor_avx512vl(state, dst, src, bytes, nrounds);
		return bytes;
	}
	if (bytes <= 4 * CHACHA_BLOCK_SIZE) {
		chacha_4block_xor_avx512vl(state, dst, src, bytes, nrounds);
		return bytes;
	}
	bytes = min(bytes, 8U * CHACHA_BLOCK_SIZE);
	chacha_8block_xor_avx512vl(state, dst, src, bytes, nrounds);
	return bytes;
}

/* AVX512BW for the kmovq of the routines' tail handling. */
static int __init chacha_avx512vl_init(void)
{
	if (!boot_cpu_has(X86_FEATURE_SSSE3) ||
	    !boot_cpu_has(X86_FEATURE_AVX512VL) ||
	    !boot_cpu_has(X86_FEATURE_AVX512BW) ||
	    !cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM |
			       XFEATURE_MASK_AVX512, NULL))
		return -ENODEV;
	return 0;
}

static void __exit chacha_avx512vl_exit(void)
{
}

module_init(chacha_avx512vl_init);
module_exit(chacha_avx512vl_exit);

MODULE_DESCRIPTION("ChaCha library provider, AVX-512VL");
MODULE_LICENSE("GPL");
