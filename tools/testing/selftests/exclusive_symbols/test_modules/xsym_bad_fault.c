// SPDX-License-Identifier: GPL-2.0
/*
 * A ChaCha provider that faults on the known-answer test's input, as a
 * provider with a wild pointer or a kCFI trap would: the fault kills the
 * loading task, and must not take the module loader with it.
 */
#include <crypto/chacha.h>
#include <linux/module.h>

static void xsym_bad_fault_crypt(u32 *state, u8 *dst, const u8 *src,
				 unsigned int bytes, int nrounds)
{
	u8 *nowhere = NULL;

	/* A NULL dereference that the compiler cannot prove or drop. */
	OPTIMIZER_HIDE_VAR(nowhere);
	if (bytes)
		*nowhere = *src;
	chacha_crypt_generic(state, dst, src, bytes, nrounds);
}
EXPORT_SYMBOL_EXCLUSIVE(chacha_crypt_arch, xsym_bad_fault_crypt);

static void xsym_bad_fault_hchacha(const u32 *state, u32 *out, int nrounds)
{
	hchacha_block_generic(state, out, nrounds);
}
EXPORT_SYMBOL_EXCLUSIVE(hchacha_block_arch, xsym_bad_fault_hchacha);

static int __init xsym_bad_fault_init(void)
{
	return 0;
}
module_init(xsym_bad_fault_init);

static void __exit xsym_bad_fault_exit(void)
{
}
module_exit(xsym_bad_fault_exit);

MODULE_DESCRIPTION("Exclusive symbols selftest: a provider that faults in its KAT");
MODULE_LICENSE("GPL");
