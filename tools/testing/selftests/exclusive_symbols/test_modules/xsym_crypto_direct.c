// SPDX-License-Identifier: GPL-2.0
/* xsym_crypto_bench calling the arch modules' functions by name. */
#define XSYM_DIRECT
#include "xsym_crypto_bench.c"
