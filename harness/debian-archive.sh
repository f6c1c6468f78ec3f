# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced: the Debian archive this machine's apt uses, for a suite it does
# not list (Debian 13 "trixie" on a Debian 12 host), without touching the
# machine's own sources.
#
# debian_archive TYPE SUITE: one sources.list line for TYPE (deb or
# deb-src), the machine's Debian mirror and key (deb822 or one-line
# sources), deb.debian.org if it names none.
# apt_suite DIR SUITE TYPE CMD ARGS...: CMD (apt-get, apt-cache) with a
# private sources list and package lists in DIR, updated once.

debian_archive() {
	local type=$1 suite=$2 f uri= key=

	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		uri=$(awk 'tolower($1) == "uris:" {
			for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$f")
		if [ -n "$uri" ]; then
			key=$(awk 'tolower($1) == "signed-by:" && NF == 2 { print $2; exit }' "$f")
			break
		fi
	done
	if [ -z "$uri" ]; then
		uri=$(sed -n 's/^[[:space:]]*deb\(-src\)\?[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\/debian\/\?\)[[:space:]].*/\3/p' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1)
	fi
	[ -f "$key" ] || key=/usr/share/keyrings/debian-archive-keyring.gpg
	echo "$type [signed-by=$key] ${uri:-http://deb.debian.org/debian} $suite main"
}

apt_suite() {
	local dir=$1 suite=$2 type=$3 cmd=$4 opts

	shift 4
	opts=(-q -o Dir::Etc::SourceList="$dir/sources.list"
	      -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$dir/lists"
	      -o Dir::Cache="$dir/cache")
	if [ ! -f "$dir/lists/.updated" ]; then
		mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
		debian_archive "$type" "$suite" > "$dir/sources.list"
		apt-get "${opts[@]}" update >/dev/null || return 1
		touch "$dir/lists/.updated"
	fi
	"$cmd" "${opts[@]}" "$@"
}
