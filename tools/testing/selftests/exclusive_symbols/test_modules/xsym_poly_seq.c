// SPDX-License-Identifier: GPL-2.0
/*
 * One Poly1305 message, begun and finished on the shell's command, so that
 * providers can be loaded and unloaded in the middle of it:
 *
 *   echo begin > /sys/module/xsym_poly_seq/parameters/step   (init, update)
 *   echo finish > /sys/module/xsym_poly_seq/parameters/step  (update, final)
 *   cat /sys/module/xsym_poly_seq/parameters/result          (ok or bad)
 *
 * The expected tag comes from the generic code called directly.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/poly1305.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>

#define XSYM_MSG_LEN	600
#define XSYM_FIRST	300

static DEFINE_MUTEX(xsym_seq_lock);
static struct poly1305_desc_ctx xsym_desc;
static bool xsym_open;
static u8 xsym_key[POLY1305_KEY_SIZE];
static u8 xsym_msg[XSYM_MSG_LEN];

static char *result = "none";
module_param(result, charp, 0444);
MODULE_PARM_DESC(result, "Outcome of the last finished message: ok or bad");

static bool xsym_tag_matches(const u8 *tag)
{
	struct poly1305_desc_ctx ref;
	u8 want[POLY1305_DIGEST_SIZE];

	poly1305_init_generic(&ref, xsym_key);
	poly1305_update_generic(&ref, xsym_msg, XSYM_MSG_LEN);
	poly1305_final_generic(&ref, want);
	return !memcmp(tag, want, sizeof(want));
}

static int xsym_step(const char *val)
{
	u8 tag[POLY1305_DIGEST_SIZE];

	if (sysfs_streq(val, "begin") && !xsym_open) {
		poly1305_init(&xsym_desc, xsym_key);
		poly1305_update(&xsym_desc, xsym_msg, XSYM_FIRST);
		xsym_open = true;
		return 0;
	}
	if (sysfs_streq(val, "finish") && xsym_open) {
		poly1305_update(&xsym_desc, xsym_msg + XSYM_FIRST,
				XSYM_MSG_LEN - XSYM_FIRST);
		poly1305_final(&xsym_desc, tag);
		xsym_open = false;
		result = xsym_tag_matches(tag) ? "ok" : "bad";
		return 0;
	}
	return -EINVAL;
}

static int xsym_step_set(const char *val, const struct kernel_param *kp)
{
	int err;

	mutex_lock(&xsym_seq_lock);
	err = xsym_step(val);
	mutex_unlock(&xsym_seq_lock);
	return err;
}

static const struct kernel_param_ops xsym_step_ops = {
	.set = xsym_step_set,
};
module_param_cb(step, &xsym_step_ops, NULL, 0200);
MODULE_PARM_DESC(step, "begin or finish the message");

static int __init xsym_poly_seq_init(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(xsym_key); i++)
		xsym_key[i] = 0x3c ^ (i * 17);
	for (i = 0; i < sizeof(xsym_msg); i++)
		xsym_msg[i] = i * 31 + 5;
	return 0;
}

/* A message left open is finished, so its provider can be unloaded. */
static void __exit xsym_poly_seq_exit(void)
{
	u8 tag[POLY1305_DIGEST_SIZE];

	if (xsym_open)
		poly1305_final(&xsym_desc, tag);
}

module_init(xsym_poly_seq_init);
module_exit(xsym_poly_seq_exit);

MODULE_DESCRIPTION("Exclusive symbols selftest: a Poly1305 message across unplugs");
MODULE_LICENSE("GPL");
