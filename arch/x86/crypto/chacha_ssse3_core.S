/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SSSE3 ChaCha routines, linked into module chacha_ssse3 on their own. */
#include "chacha-ssse3-x86_64.S"
