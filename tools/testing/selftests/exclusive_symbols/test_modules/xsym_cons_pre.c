// SPDX-License-Identifier: GPL-2.0
/* Exclusive symbols selftest: consumer loaded before any provider. */
#include "xsym_consumer.h"
MODULE_DESCRIPTION("Exclusive symbols selftest: consumer loaded first");
