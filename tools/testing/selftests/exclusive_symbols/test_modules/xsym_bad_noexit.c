// SPDX-License-Identifier: GPL-2.0
/* A ChaCha provider with neither init() nor exit() that fails its KAT. */
#include <crypto/chacha.h>
#include <linux/module.h>

static void xsym_bad_noexit_crypt(u32 *state, u8 *dst, const u8 *src,
				  unsigned int bytes, int nrounds)
{
	chacha_crypt_generic(state, dst, src, bytes, nrounds);
	if (bytes)
		dst[0] ^= 1;
}
EXPORT_SYMBOL_EXCLUSIVE(chacha_crypt_arch, xsym_bad_noexit_crypt);

static void xsym_bad_noexit_hchacha(const u32 *state, u32 *out, int nrounds)
{
	hchacha_block_generic(state, out, nrounds);
}
EXPORT_SYMBOL_EXCLUSIVE(hchacha_block_arch, xsym_bad_noexit_hchacha);

MODULE_DESCRIPTION("Exclusive symbols selftest: a refused provider without exit()");
MODULE_LICENSE("GPL");
