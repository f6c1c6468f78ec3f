// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ChaCha library provider using AVX2 (module chacha_avx2)
 */
#include <linux/cpufeature.h>
#include <linux/module.h>

#include "chacha_provider.h"

asmlinkage chacha_xor_fn chacha_2block_xor_avx2;
asmlinkage chacha_xor_fn chacha_4block_xor_avx2;
asmlinkage chacha_xor_fn chacha_8block_xor_avx2;

/* Single blocks are faster in SSSE3, which every AVX2 CPU has. */
static const struct chacha_simd_step chacha_avx2_steps[] = {
	{ 8, chacha_8block_xor_avx2 },
	{ 4, chacha_4block_xor_avx2 },
	{ 2, chacha_2block_xor_avx2 },
	{ 1, chacha_block_xor_ssse3 },
};

static void chacha_avx2_crypt(u32 *state, u8 *dst, const u8 *src,
			      unsigned int bytes, int nrounds)
{
	chacha_provider_crypt(chacha_avx2_steps, ARRAY_SIZE(chacha_avx2_steps),
			      state, dst, src, bytes, nrounds);
}
EXPORT_SYMBOL_EXCLUSIVE(chacha_crypt_arch, chacha_avx2_crypt);

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
