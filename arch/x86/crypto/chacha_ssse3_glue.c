// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ChaCha library provider using SSSE3 (module chacha_ssse3)
 */
#include <linux/cpufeature.h>
#include <linux/module.h>

#include "chacha_provider.h"

static unsigned int chacha_provider_step(u32 *state, u8 *dst, const u8 *src,
					 unsigned int bytes, int nrounds)
{
	if (bytes <= CHACHA_BLOCK_SIZE) {
		chacha_block_xor_ssse3(state, dst, src, bytes, nrounds);
		return bytes;
	}
	bytes = min(bytes, 4U * CHACHA_BLOCK_SIZE);
	chacha_4block_xor_ssse3(state, dst, src, bytes, nrounds);
	return bytes;
}

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
