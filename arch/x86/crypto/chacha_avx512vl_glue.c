// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ChaCha library provider using AVX-512VL (module chacha_avx512vl)
 */
#include <linux/cpufeature.h>
#include <linux/module.h>

#include "chacha_provider.h"

asmlinkage chacha_xor_fn chacha_2block_xor_avx512vl;
asmlinkage chacha_xor_fn chacha_4block_xor_avx512vl;
asmlinkage chacha_xor_fn chacha_8block_xor_avx512vl;

/* The two-block routine also does a single block. */
static const struct chacha_simd_step chacha_avx512vl_steps[] = {
	{ 8, chacha_8block_xor_avx512vl },
	{ 4, chacha_4block_xor_avx512vl },
	{ 2, chacha_2block_xor_avx512vl },
};

static void chacha_avx512vl_crypt(u32 *state, u8 *dst, const u8 *src,
				  unsigned int bytes, int nrounds)
{
	chacha_provider_crypt(chacha_avx512vl_steps,
			      ARRAY_SIZE(chacha_avx512vl_steps),
			      state, dst, src, bytes, nrounds);
}
EXPORT_SYMBOL_EXCLUSIVE(chacha_crypt_arch, chacha_avx512vl_crypt);

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
