// SPDX-License-Identifier: GPL-2.0
/* Exclusive symbols selftest: provider C, init fails with -EIO. */

#define XSYM_INIT_RESULT -EIO
#include "xsym_provider.h"

MODULE_DESCRIPTION("Exclusive symbols selftest: provider C, init fails with -EIO");
