/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The AVX512VL ChaCha routines, linked into module chacha_avx512vl on their own. */
#include "chacha-avx512vl-x86_64.S"
