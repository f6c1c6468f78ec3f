// SPDX-License-Identifier: GPL-2.0
/*
 * A provider of the ChaCha slots, which any module may call, under a
 * licence that is not GPL-compatible: every provider must be, since it
 * runs inside the library's own calls.
 */
#include <crypto/chacha.h>
#include <linux/module.h>

static void xsym_bad_proprietary_crypt(u32 *state, u8 *dst, const u8 *src,
				       unsigned int bytes, int nrounds)
{
}
EXPORT_SYMBOL_EXCLUSIVE(chacha_crypt_arch, xsym_bad_proprietary_crypt);

static void xsym_bad_proprietary_hchacha(const u32 *state, u32 *out,
					 int nrounds)
{
}
EXPORT_SYMBOL_EXCLUSIVE(hchacha_block_arch, xsym_bad_proprietary_hchacha);

MODULE_DESCRIPTION("Exclusive symbols selftest: a provider that is not GPL");
MODULE_LICENSE("Proprietary");
