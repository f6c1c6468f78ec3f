#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# exports-check.sh OBJ: the loader's internals are exported for the
# exclusive symbols KUnit suite only: with EXPORT_SYMBOL_IF_KUNIT()
# (include/kunit/visibility.h, as it is), in the namespace of KUnit-only
# exports, and not at all without the suite.

symvers=$1/Module.symvers
config=$1/.config
[ -f "$symvers" ] || { echo "no $symvers"; exit 1; }
internal='^exclusive_(pin_parse|pin_find|register_slots|unregister_slots|claim_exports|release_exports|bind_exports|unbind_exports|lock_for_test|unlock_for_test)$'
found=$(awk -F'\t' -v re="$internal" '$2 ~ re' "$symvers")
echo "$found"
if grep -q '^CONFIG_MODULE_EXCLUSIVE_SYMBOLS_KUNIT_TEST=[ym]' "$config"; then
	[ "$(echo "$found" | grep -c .)" = 10 ] || { echo "expected 10 exports"; exit 1; }
	bad=$(echo "$found" | awk -F'\t' '$5 != "EXPORTED_FOR_KUNIT_TESTING"')
	[ -z "$bad" ] || { echo "exported otherwise:"; echo "$bad"; exit 1; }
else
	[ -z "$found" ] || { echo "exported without the KUnit suite"; exit 1; }
fi
echo "internal exports: as the KUnit suite needs, no more"
