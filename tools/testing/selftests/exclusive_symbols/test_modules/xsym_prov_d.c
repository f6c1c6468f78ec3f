// SPDX-License-Identifier: GPL-2.0
/* Exclusive symbols selftest: provider D, init finds no CPU feature (-ENODEV). */

#define XSYM_INIT_RESULT -ENODEV
#include "xsym_provider.h"

MODULE_DESCRIPTION("Exclusive symbols selftest: provider D, init finds no CPU feature (-ENODEV)");
