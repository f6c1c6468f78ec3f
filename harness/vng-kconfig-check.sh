#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vng-kconfig-check.sh SRC: the README's first step for kernel developers,
# "vng --kconfig --config tools/testing/selftests/exclusive_symbols/config",
# run in SRC for a scratch output directory, keeps every option of the
# target's config (a later line of vng's own would win otherwise, and
# the tests would prove nothing on such a kernel).

set -euo pipefail
here=$(dirname "$(realpath "$0")")
src=$(realpath "$1")
cfg=tools/testing/selftests/exclusive_symbols/config
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$src"
if ! vng --kconfig --config "$cfg" O="$tmp" > "$tmp.log" 2>&1; then
	tail -20 "$tmp.log"
	rm -f "$tmp.log"
	exit 1
fi
rm -f "$tmp.log"
"$here/config-check.sh" "$tmp/.config" "$src/$cfg" || exit 1
echo "vng --kconfig --config $cfg: all $(grep -c '^CONFIG_' "$cfg") options took"
