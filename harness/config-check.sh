#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# config-check.sh DOTCONFIG FRAGMENT...: every symbol the fragments ask
# for took in DOTCONFIG; a silently dropped option would make a test
# prove nothing.  A later fragment overrides an earlier one: the last
# word on each symbol is checked.  Names each one that did not take.

set -euo pipefail
config=$1
shift

bad=0
while IFS='=' read -r sym val; do
	if [ "$val" = n ]; then
		grep -q "^$sym=" "$config" || continue
	else
		grep -qx "$sym=$val" "$config" && continue
	fi
	echo "$sym=$val did not take" \
	     "(got: $(grep "^$sym=\|# $sym is" "$config" || echo unset))" >&2
	bad=1
done < <(cat "$@" | grep '^CONFIG_' | awk -F= '{ v[$1] = $0 } END { for (k in v) print v[k] }')
exit $bad
