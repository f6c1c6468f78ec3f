// SPDX-License-Identifier: GPL-2.0
/*
 * A ChaCha provider that is wrong only past 512 bytes, as a broken
 * eight-block path would be: the chacha group's known-answer test must
 * refuse it before any caller sees it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/chacha.h>
#include <linux/module.h>

static void xsym_bad_chacha_crypt(u32 *state, u8 *dst, const u8 *src,
				  unsigned int bytes, int nrounds)
{
	chacha_crypt_generic(state, dst, src, bytes, nrounds);
	if (bytes > 512)
		dst[bytes - 1] ^= 1;
}
EXPORT_SYMBOL_EXCLUSIVE(chacha_crypt_arch, xsym_bad_chacha_crypt);

static void xsym_bad_hchacha(const u32 *state, u32 *out, int nrounds)
{
	hchacha_block_generic(state, out, nrounds);
}
EXPORT_SYMBOL_EXCLUSIVE(hchacha_block_arch, xsym_bad_hchacha);

static int __init xsym_bad_chacha_init(void)
{
	return 0;
}

/* Runs when the known-answer test refuses the module after its init. */
static void __exit xsym_bad_chacha_exit(void)
{
	pr_info("exit\n");
}

module_init(xsym_bad_chacha_init);
module_exit(xsym_bad_chacha_exit);

MODULE_DESCRIPTION("Exclusive symbols selftest: a wrong ChaCha provider");
MODULE_LICENSE("GPL");
