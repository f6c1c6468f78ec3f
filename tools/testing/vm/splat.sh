# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by harness/vm.sh and harness/debian-boot.sh: what a kernel splat
# looks like on a guest's console.  Kernel messages carry a [ seconds]
# stamp (PRINTK_TIME); a test's own output does not, so a test that
# merely prints these words is no splat.

# shellcheck disable=SC2034
splat_re='^\[ *[0-9]+\.[0-9]+\] .*(BUG:|WARNING:|Oops|CFI failure|kernel BUG at|Kernel panic|general protection fault|Unable to handle|INFO: task .* blocked for more than|rcu: INFO:|INFO: rcu_|soft lockup|hard LOCKUP|UBSAN:|KASAN:|Call Trace:)'
