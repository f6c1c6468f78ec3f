// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ChaCha library provider using SSSE3 (module chacha_ssse3)
 */
#include <linux/cpufeature.h>
#include <linux/module.h>

#include "chacha_provider.h"

static const struct chacha_simd_step chacha_ssse3_steps[] = {
	{ 4, chacha_4block_xor_ssse3 },
	{ 1, chacha_block_xor_ssse3 },
};

static void chacha_ssse3_crypt(u32 *state, u8 *dst, const u8 *src,
			       unsigned int bytes, int nrounds)
{
	chacha_provider_crypt(chacha_ssse3_steps, ARRAY_SIZE(chacha_ssse3_steps),
			      state, dst, src, bytes, nrounds);
}
EXPORT_SYMBOL_EXCLUSIVE(chacha_crypt_arch, chacha_ssse3_crypt);

static int __init chacha_ssse3_init(void)
{
	return boot_cpu_has(X86_FEATURE_SSSE3) ? 0 : -ENODEV;
}

static void __exit chacha_ssse3_exit(void)
{
}

module_init(chacha_ssse3_init);
module_exit(chacha_ssse3_exit);

MODULE_DESCRIPTION("ChaCha library provider, SSSE3");
MODULE_LICENSE("GPL");
