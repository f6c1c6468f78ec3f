// SPDX-License-Identifier: GPL-2.0
/* Exclusive symbols selftest: provider A. */

#define XSYM_INIT_RESULT 0
#include "xsym_provider.h"

MODULE_DESCRIPTION("Exclusive symbols selftest: provider A");
