#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make run: boot the patched kernel into a short narrated demonstration.

set -u
repo=$(dirname "$(dirname "$(realpath "$0")")")
export XSYM_MODDIR=$(realpath "$SRC")/tools/testing/selftests/exclusive_symbols/test_modules
exec "$VM" --kernel "$KIMAGE" --modroot "$MODROOT" --name demo --timeout 300 -- \
	env XSYM_MODDIR="$XSYM_MODDIR" bash "$repo/harness/demo-guest.sh"
