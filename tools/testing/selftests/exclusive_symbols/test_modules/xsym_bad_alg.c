// SPDX-License-Identifier: GPL-2.0
/*
 * A ChaCha provider that registers a crypto API algorithm in its init and
 * then fails the known-answer test.  A transform allocated meanwhile (an
 * AF_ALG socket bound to "xsym-null") holds a reference to the module: the
 * refused module must not be freed until that reference is dropped.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/chacha.h>
#include <crypto/internal/skcipher.h>
#include <linux/delay.h>
#include <linux/module.h>

static unsigned int hold_ms;
module_param(hold_ms, uint, 0444);
MODULE_PARM_DESC(hold_ms, "sleep this long in init, after registering");

static void xsym_bad_alg_crypt(u32 *state, u8 *dst, const u8 *src,
			       unsigned int bytes, int nrounds)
{
	chacha_crypt_generic(state, dst, src, bytes, nrounds);
	if (bytes)
		dst[0] ^= 1;
}
EXPORT_SYMBOL_EXCLUSIVE(chacha_crypt_arch, xsym_bad_alg_crypt);

static void xsym_bad_alg_hchacha(const u32 *state, u32 *out, int nrounds)
{
	hchacha_block_generic(state, out, nrounds);
}
EXPORT_SYMBOL_EXCLUSIVE(hchacha_block_arch, xsym_bad_alg_hchacha);

static int xsym_null_setkey(struct crypto_skcipher *tfm, const u8 *key,
			    unsigned int len)
{
	return 0;
}

static int xsym_null_crypt(struct skcipher_request *req)
{
	return 0;
}

static struct skcipher_alg xsym_null_alg = {
	.base.cra_name		= "xsym-null",
	.base.cra_driver_name	= "xsym-null-bad",
	.base.cra_priority	= 100,
	.base.cra_blocksize	= 1,
	.base.cra_module	= THIS_MODULE,
	.setkey			= xsym_null_setkey,
	.encrypt		= xsym_null_crypt,
	.decrypt		= xsym_null_crypt,
};

static int __init xsym_bad_alg_init(void)
{
	int err = crypto_register_skcipher(&xsym_null_alg);

	if (!err)
		msleep(hold_ms);
	return err;
}
module_init(xsym_bad_alg_init);

static void __exit xsym_bad_alg_exit(void)
{
	crypto_unregister_skcipher(&xsym_null_alg);
	pr_info("exit: algorithm unregistered\n");
}
module_exit(xsym_bad_alg_exit);

MODULE_DESCRIPTION("Exclusive symbols selftest: a refused provider that published an algorithm");
MODULE_LICENSE("GPL");
