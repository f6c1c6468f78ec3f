#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# doc-examples-check.sh SRC OBJ [RST]: every example of the user
# documentation compiles, as the modules it describes, without a warning.
#
# RST defaults to SRC/Documentation/core-api/exclusive-symbols.rst; OBJ is
# the kernel's build directory.  Every literal block of the page must follow
# a marker, an rst comment that renders as nothing:
#
#   .. example: header           the owner's header; its first line is the
#                                comment /* include/<path> */
#   .. example: owner            part of the owner module's source
#   .. example: provider         part of the provider module's source
#   .. example: provider-kbuild  the provider's Kbuild file, verbatim; it
#                                names the owner's build directory $(FOO_DIR)
#   .. example: caller           part of a caller module's source
#   .. example: none             not C, or not meant to compile (commands,
#                                sysfs listings, kernel messages)
#
# placed before the paragraph that introduces the block.  A literal block
# without a marker fails the check, so that no new example escapes it.
#
# Three external modules are built, each against the one before, the way
# the page says they are built: the owner (the header and the owner
# blocks, in page order), the provider (its blocks, with the page's Kbuild
# file and the owner's Module.symvers) and a caller (its blocks, with the
# owner's Module.symvers).  The owner and the caller get a licence and a
# description if the page gives them none, and the caller's fragments, which
# define helpers that nothing calls, are built with -Wno-unused-function and
# -fkeep-static-functions, so that the helpers are still emitted and their
# references resolved by modpost; nothing else is added.  Every block starts
# with a #line directive, so a compiler message names the page's line.  Any
# warning fails the check.
#
# KEEP=1 keeps the generated modules and prints where they are.

set -u
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: $0 SRC OBJ [RST]" >&2
	exit 2
fi
src=$(realpath "$1")
obj=$(realpath "$2")
rst=$(realpath "${3:-$src/Documentation/core-api/exclusive-symbols.rst}")
[ -f "$rst" ] || { echo "no $rst"; exit 1; }
[ -f "$obj/Module.symvers" ] || { echo "no kernel build in $obj"; exit 1; }

tmp=$(mktemp -d /tmp/doc-examples.XXXXXX)
if [ "${KEEP:-0}" = 1 ]; then
	echo "# keeping $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi
mkdir -p "$tmp/blocks" "$tmp/owner/include" "$tmp/provider" "$tmp/caller"

# Split the page into its literal blocks: blocks/NNN.KIND, and a list of
# "NNN KIND LINE" in blocks/list.  Problems go to stderr, status 1.
awk -v out="$tmp/blocks" '
function indent(s,   i, c, w) {
	w = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == " ")
			w++
		else if (c == "\t")
			w = int(w / 8) * 8 + 8
		else
			break
	}
	return w
}
function problem(msg) {
	printf "line %d: %s\n", NR, msg
	bad = 1
}
function flush(   f, i) {
	if (!lit)
		return
	while (n > 0 && buf[n] == "")
		n--
	f = sprintf("%s/%03d.%s", out, ++nblk, kind)
	printf "" > f
	for (i = 1; i <= n; i++)
		print buf[i] > f
	close(f)
	printf "%03d %s %d\n", nblk, kind, first > (out "/list")
	lit = 0
}
BEGIN { expect = -1; skip = -1; lit = 0; marker = ""; fresh = 0 }
{
	line = $0
	blank = line ~ /^[ \t]*$/
	if (lit) {
		if (blank) {
			buf[++n] = ""
			next
		}
		if (indent(line) > pind) {
			if (substr(line, 1, length(pfx)) != pfx)
				problem("literal block indented inconsistently")
			buf[++n] = substr(line, length(pfx) + 1)
			next
		}
		flush()
	}
	if (blank)
		next
	if (fresh) {
		fresh = 0
		if (indent(line) > mind)
			problem("indented text after the marker of line " \
				mline " would be part of that rst comment")
	}
	if (expect >= 0) {
		if (indent(line) > expect) {
			if (marker == "") {
				problem("literal block without a marker" \
					" (.. example: <kind>)")
				kind = "unmarked"
			} else {
				kind = marker
			}
			marker = ""
			lit = 1
			n = 1
			pind = expect
			first = NR
			match(line, /^[ \t]*/)
			pfx = substr(line, 1, RLENGTH)
			buf[1] = substr(line, RLENGTH + 1)
			expect = -1
			next
		}
		expect = -1
	}
	if (skip >= 0) {
		if (indent(line) > skip)
			next
		skip = -1
	}
	if (line ~ /^[ \t]*\.\. example:/) {
		if (marker != "")
			problem("the marker of line " mline \
				" has no literal block")
		marker = line
		sub(/^[ \t]*\.\. example:[ \t]*/, "", marker)
		sub(/[ \t]+$/, "", marker)
		if (marker == "")
			problem("marker without a kind")
		mline = NR
		mind = indent(line)
		fresh = 1
		next
	}
	# Any other comment or directive: its indented content is no block.
	if (line ~ /^[ \t]*\.\.([ \t]|$)/) {
		skip = indent(line)
		next
	}
	if (line ~ /::[ \t]*$/)
		expect = indent(line)
}
END {
	flush()
	if (marker != "") {
		NR = mline
		problem("the marker has no literal block")
	}
	exit bad
}' "$rst" || { echo "$rst: fix the markers above"; exit 1; }

[ -s "$tmp/blocks/list" ] || { echo "$rst: no literal blocks"; exit 1; }

owner_c=$tmp/owner/foo.c
provider_kbuild=$tmp/provider/Kbuild
caller_c=$tmp/caller/bar.c
declare -A count
provider_parts=()
status=0

# emit FILE LINE BLOCK: append a block, with its place in the page.
emit() {
	printf '#line %d "%s"\n' "$(($2 + 0))" "$rst" >> "$1"
	cat "$3" >> "$1"
}

while read -r idx kind line; do
	block=$tmp/blocks/$idx.$kind
	count[$kind]=$((${count[$kind]:-0} + 1))
	case $kind in
	header)
		path=$(sed -n '1s@^/\* include/\([A-Za-z0-9_/.-]*\.h\) \*/$@\1@p' \
			"$block")
		if [ -z "$path" ]; then
			echo "line $line: no /* include/<path>.h */ on top"
			status=1
			continue
		fi
		mkdir -p "$(dirname "$tmp/owner/include/$path")"
		emit "$tmp/owner/include/$path" "$line" "$block"
		;;
	owner)
		emit "$owner_c" "$line" "$block" ;;
	provider)
		provider_parts+=("$line:$block") ;;
	provider-kbuild)
		cat "$block" >> "$provider_kbuild" ;;
	caller)
		emit "$caller_c" "$line" "$block" ;;
	none) ;;
	*)
		echo "line $line: unknown example kind '$kind'"
		status=1 ;;
	esac
done < "$tmp/blocks/list"

for kind in header owner provider provider-kbuild caller; do
	if [ -z "${count[$kind]:-}" ]; then
		echo "$rst: no '.. example: $kind' block"
		status=1
	fi
done
[ "${count[provider-kbuild]:-0}" -le 1 ] ||
	{ echo "$rst: more than one provider-kbuild block"; status=1; }
[ $status = 0 ] || exit 1

# The provider's source is the one object the page's Kbuild file names.
objs=$(sed -n 's/^obj-m[[:space:]]*[:+]\{0,1\}=[[:space:]]*//p' \
	"$provider_kbuild")
# shellcheck disable=SC2086
set -- $objs
if [ $# != 1 ] || [[ $1 != *.o ]]; then
	echo "the provider's Kbuild names no single module: obj-m = '$objs'"
	exit 1
fi
provider=${1%.o}
for part in "${provider_parts[@]}"; do
	emit "$tmp/provider/$provider.c" "${part%%:*}" "${part#*:}"
done

# glue FILE ROLE: a licence and a description, unless the page has them.
glue() {
	grep -q 'MODULE_LICENSE' "$1" && return
	cat >> "$1" <<EOF
#line 1 "doc-examples-glue.c"
#include <linux/module.h>
MODULE_DESCRIPTION("exclusive-symbols.rst examples: $2");
MODULE_LICENSE("GPL");
EOF
}
glue "$owner_c" owner
glue "$caller_c" caller

cat > "$tmp/owner/Kbuild" <<'EOF'
obj-m := foo.o
ccflags-y := -I$(src)/include
EOF
cat > "$tmp/caller/Kbuild" <<EOF
obj-m := bar.o
ccflags-y := -I$tmp/owner/include -Wno-unused-function -fkeep-static-functions
KBUILD_EXTRA_SYMBOLS := $tmp/owner/Module.symvers
EOF

# build NAME DIR [MAKE ARGS...]: the module must build without a warning.
build() {
	local name=$1 dir=$2 log
	shift 2
	log=$dir/build.log
	if ! make -C "$obj" M="$dir" ARCH=x86_64 ${KLLVM:+"$KLLVM"} "$@" modules > "$log" 2>&1
	then
		echo "FAIL: the $name does not build:"
		grep -v '^make\[[0-9]*\]: \(Entering\|Leaving\)' "$log"
		return 1
	fi
	if grep -qi 'warning' "$log"; then
		echo "FAIL: the $name builds with warnings:"
		grep -v '^make\[[0-9]*\]: \(Entering\|Leaving\)' "$log"
		return 1
	fi
	echo "ok: $name: $(cd "$dir" && ls -- *.ko)"
}

unset KBUILD_EXTRA_SYMBOLS KBUILD_MODPOST_WARN
echo "$rst: ${count[header]} header, ${count[owner]} owner," \
	"${count[provider]} provider," \
	"${count[provider-kbuild]} provider-kbuild, ${count[caller]} caller" \
	"and ${count[none]:-0} other blocks"
build owner "$tmp/owner" || exit 1
build provider "$tmp/provider" FOO_DIR="$tmp/owner" || exit 1
build caller "$tmp/caller" || exit 1
echo "every example of the page builds"
