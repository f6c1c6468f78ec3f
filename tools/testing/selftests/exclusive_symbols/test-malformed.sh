#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed providers and owners are refused with one precise message and
# change nothing: a partial group, entries and slot descriptors that no
# macro would produce, and a reserved module name
# (Documentation/core-api/exclusive-symbols.rst, "6. Errors").

. "$(dirname "$0")/functions.sh"
require
cleanup_mods
load_mod xsym_owner || exit 1

# refused MODULE ERRNO-TEXT MESSAGE
refused() {
	load_refused "$1" "$2" "$3" || return 1
	expect_provider xsym_solo fallback && expect_provider xsym_add fallback &&
	expect_provider xsym_sub fallback
}

t_partial() {
	refused xsym_prov_e "Invalid parameters" \
		"xsym_prov_e: provides 1 of the 2 slots of group xsym_pair (xsym_add missing)" ||
		return 1
	# xsym_solo, the part E could have had, was not claimed either.
	load_mod xsym_prov_solo && expect_provider xsym_solo xsym_prov_solo &&
	unload_mod xsym_prov_solo
}

step "E, a partial group, refused with nothing claimed" t_partial
step "entry without implementation" refused xsym_bad_noimpl "Invalid module format" \
	"xsym_bad_noimpl: exclusive export of xsym_solo has no implementation"
step "entry for an unregistered slot" refused xsym_bad_unknown "Invalid module format" \
	"xsym_bad_unknown: exclusive export 0 refers to no registered slot"
step "slot provided twice by one module" refused xsym_bad_twice "Invalid module format" \
	"xsym_bad_twice: exports xsym_solo more than once"
# A section holds whole entries: a partial one at its end is malformed.
step "a partial entry at a section's end" refused xsym_bad_size "Invalid module format" \
	"xsym_bad_size: section __exclusive_exports is not a whole number of 32-byte entries"

# reshape MODULE SECTION size VALUE, MODULE SECTION nobits VALUE, or
# MODULE SECTION name OTHER: write an unsigned copy of MODULE.ko to
# $CRAFTED whose SECTION header has that sh_size (and, for nobits, type
# SHT_NOBITS, as a crafted module could say), or OTHER's name, and print
# the message of the loader's layout checks that must refuse it.
CRAFTED=$(mktemp -d)
trap 'rm -rf "$CRAFTED"' EXIT
reshape() {
	python3 - "$MODDIR/$1.ko" "$CRAFTED/$1.ko" "$1" "$2" "$3" "$4" <<'PY'
import struct, sys
src, dst, mod, sec, field, value = sys.argv[1:]
elf = bytearray(open(src, 'rb').read())
# Drop the signature, which the edit would break: unsigned, it only taints.
magic = b'~Module signature appended~\n'
if elf.endswith(magic):
    siglen, = struct.unpack_from('>I', elf, len(elf) - len(magic) - 4)
    del elf[len(elf) - len(magic) - 12 - siglen:]
shoff, = struct.unpack_from('<Q', elf, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', elf, 0x3a)
strtab, = struct.unpack_from('<Q', elf, shoff + shstrndx * shentsize + 0x18)
index = {}
for i in range(shnum):
    name = strtab + struct.unpack_from('<I', elf, shoff + i * shentsize)[0]
    index[bytes(elf[name:elf.index(b'\0', name)]).decode()] = i
for want in (sec, value if field == 'name' else sec):
    if want not in index:
        sys.exit('%s: no section %s' % (src, want))
hdr = shoff + index[sec] * shentsize
if field in ('size', 'nobits'):
    size = int(value, 0)
    if field == 'nobits':
        struct.pack_into('<I', elf, hdr + 4, 8)     # sh_type: SHT_NOBITS
    align, = struct.unpack_from('<Q', elf, hdr + 0x30)
    struct.pack_into('<Q', elf, hdr + 0x20, size)
    print('%s: section %s (size %#x, alignment %#x) does not fit in the module layout'
          % (mod, sec, size, align))
else:
    other = shoff + index[value] * shentsize
    struct.pack_into('<I', elf, hdr, struct.unpack_from('<I', elf, other)[0])
    first, second = sorted((index[sec], index[value]))
    print('%s: sections %u and %u are both named %s' % (mod, first, second, value))
open(dst, 'wb').write(elf)
PY
}

# craft SIZE: an unsigned copy of xsym_prov_solo.ko whose
# __exclusive_exports header says SHT_NOBITS of SIZE bytes, in $CRAFTED.
craft() { reshape xsym_prov_solo __exclusive_exports nobits "$1" >/dev/null; }

# The loader sizes its memory in 32 bits: 64 GiB and 32 bytes would take
# 32 bytes of it, while the section claims 2^31 + 1 entries.  The ELF
# checks refuse the section before the exclusive ones see it.
t_huge() {
	craft 0x1000000020 || return 1
	mark_log
	MODDIR=$CRAFTED load_fails xsym_prov_solo "Invalid module format" || return 1
	expect_log <<<"xsym_prov_solo: section __exclusive_exports (size 0x1000000020, alignment 0x8) does not fit in the module layout" &&
		expect_provider xsym_solo fallback
}

# 1 MiB of zeroes after the one relocated entry: entry 1 names no slot.
t_zeroes() {
	craft 0x100000 || return 1
	MODDIR=$CRAFTED refused xsym_prov_solo "Invalid module format" \
		"xsym_prov_solo: exclusive export 1 refers to no registered slot"
}

step "crafted SHT_NOBITS section larger than the module" t_huge
step "crafted SHT_NOBITS section of zeroed entries" t_zeroes

# The loader the series extends, on a module without exclusive sections.
# reshaped MODULE SECTION FIELD VALUE: the reshaped copy is refused with
# ENOEXEC ("Invalid module format") and its one message (a loader without the check loaded the
# .bss one: it is removed again, for the steps after it).
reshaped() {
	local want
	want=$(reshape "$@") || return 1
	mark_log
	if ! MODDIR=$CRAFTED load_fails "$1" "Invalid module format"; then
		is_loaded "$1" && rmmod "$1"
		return 1
	fi
	expect_log <<<"$want"
}

# 2^64 - 32 bytes of .bss wrapped the layout's 32-bit sizes around, and
# move_module() copied sections past the module's memory.
step "stock loader: SHT_NOBITS .bss of 2^64 - 32 bytes" \
	reshaped xsym_cons_pre .bss size 0xffffffffffffffe0
# Two allocated sections of one name made sysfs dump its stack.
step "stock loader: two allocated sections of one name" \
	reshaped xsym_cons_pre .note.Linux name .note.gnu.build-id
step "implementation in init text" refused xsym_bad_inittext "Invalid module format" \
	"xsym_bad_inittext: exclusive export 0 is malformed: its implementation is not a function in the module's text"
step "implementation one byte into a function" refused xsym_bad_midfunc "Invalid module format" \
	"xsym_bad_midfunc: exclusive export 0 is malformed: its implementation is not a function in the module's text"
step "exit() as an implementation" refused xsym_bad_exitimpl "Invalid module format" \
	"xsym_bad_exitimpl: exclusive export 0 is malformed: its implementation is not a function in the module's text"
step "owner with a slot descriptor without group" refused xsym_bad_slot "Invalid module format" \
	"xsym_bad_slot: slot descriptor 0 is malformed: its group is not a group of the module"
step "slot whose group is read-only data" refused xsym_bad_slotgroup "Invalid module format" \
	"xsym_bad_slotgroup: slot descriptor 0 is malformed: its group is not a group of the module"
step "slot with another static call's key" refused xsym_bad_slotkey "Invalid module format" \
	"xsym_bad_slotkey: slot descriptor 0 is malformed: its key is not the slot's static call key"
step "slot with a trampoline one byte off" refused xsym_bad_slottramp "Invalid module format" \
	"xsym_bad_slottramp: slot descriptor 0 is malformed: its trampoline is not the slot's static call trampoline"
step "slot with an empty name" refused xsym_bad_slotname "Invalid module format" \
	"xsym_bad_slotname: slot descriptor 0 is malformed: its name is not an identifier in the module's data"
step "one owner defining a slot name twice" refused xsym_bad_slotdup "Invalid module format" \
	"xsym_bad_slotdup: slot descriptor 1 is malformed: its name is used twice"
step "a provider named like the fallback's word" refused fallback "Invalid parameters" \
	"fallback: the name is reserved, no provider or owner may have it"
finish
