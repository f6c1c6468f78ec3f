/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The AVX2 ChaCha routines, linked into module chacha_avx2 on their own. */
#include "chacha-avx2-x86_64.S"
