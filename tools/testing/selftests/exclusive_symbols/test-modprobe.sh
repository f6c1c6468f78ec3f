#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The patched modprobe (patches/kmod/) with real providers: the policy of
# modprobe.d's "provider" directive, -ENODEV fall-through, "fallback", the
# message and status of a conflicting explicit load, the report of
# modprobe -r, a dry run, an empty policy, the kernel's autoload when a
# slot's owner registers, an explicit load that the autoload never
# overtakes, and loaders racing for one group.  XSYM_KMOD names the directory of the patched tools; the
# policies live in /run/modprobe.d, which kmod reads.

. "$(dirname "$0")/functions.sh"
. "$(dirname "$0")/crypto-functions.sh"
require
require_crypto

MP=${XSYM_KMOD:-}/modprobe
[ -x "$MP" ] || skip_all "no patched modprobe (XSYM_KMOD=${XSYM_KMOD:-unset})"
POLICY=/run/modprobe.d/xsym-policy.conf
SLOT=chacha_crypt_arch
CHACHA=$(providers_of $SLOT)
mkdir -p /run/modprobe.d
saved_modprobe=$(cat /proc/sys/kernel/modprobe)

policy() { printf '%s\n' "$@" > $POLICY; }

loaded_chacha() {
	local m n=0
	for m in $CHACHA; do
		is_loaded "$m" && { n=$((n + 1)); echo "$m"; }
	done
	[ $n -le 1 ] || fail "$n chacha providers loaded"
}

# The best provider this CPU can bind, as modprobe should find it.
best_chacha() {
	if provider_usable chacha_avx512vl; then
		echo chacha_avx512vl
	else
		echo chacha_avx2
	fi
}

reset() {
	unload_providers
	rm -f $POLICY
	echo 0 > "$AUTOLOAD"
	modprobe libchacha
}

t_policy_order() {
	reset
	policy "provider $SLOT chacha_ssse3 chacha_avx2"
	"$MP" "exclusive:$SLOT" || fail "exit status $?" || return 1
	expect_provider $SLOT chacha_ssse3 &&
	[ "$(loaded_chacha)" = chacha_ssse3 ]
}

t_enodev_falls_through() {
	local out want
	reset
	want=$(best_chacha)
	policy "provider $SLOT chacha_avx512vl chacha_avx2 chacha_ssse3"
	out=$("$MP" -v "exclusive:$SLOT" 2>&1) || fail "exit status $?: $out" ||
		return 1
	echo "$out" | grep "exclusive slot"
	expect_provider $SLOT "$want" && [ "$(loaded_chacha)" = "$want" ] ||
		return 1
	[ "$want" = chacha_avx512vl ] ||
		echo "$out" | grep -q "chacha_avx512vl.*No such device\|chacha_avx512vl.*ENODEV" ||
		fail "no -v message for the skipped chacha_avx512vl"
}

t_generic_keeps_fallback() {
	reset
	policy "provider $SLOT fallback chacha_avx2"
	"$MP" "exclusive:$SLOT" || fail "exit status $?" || return 1
	expect_provider $SLOT fallback && [ -z "$(loaded_chacha)" ] ||
		fail "loaded: $(loaded_chacha)"
}

t_already_bound() {
	reset
	policy "provider $SLOT chacha_avx2 chacha_ssse3"
	"$MP" chacha_ssse3 || return 1
	"$MP" "exclusive:$SLOT" || fail "exit status $?" || return 1
	expect_provider $SLOT chacha_ssse3 && [ "$(loaded_chacha)" = chacha_ssse3 ]
}

t_conflicting_load() {
	local err rc
	reset
	"$MP" chacha_ssse3 || return 1
	err=$("$MP" chacha_avx2 2>&1)
	rc=$?
	log "status $rc: $err"
	[ $rc = 3 ] || fail "exit status $rc, expected 3" || return 1
	[ "$(echo "$err" | wc -l)" = 1 ] || fail "more than one line" || return 1
	case $err in
	*"exclusive slot "*"is held by chacha_ssse3"*) ;;
	*) fail "message does not name the slot and its holder"; return 1 ;;
	esac
	expect_provider $SLOT chacha_ssse3
}

t_remove_reports_fallback() {
	local out
	out=$("$MP" -r chacha_ssse3 2>&1) || fail "exit status $?: $out" ||
		return 1
	log "$out"
	echo "$out" | grep -q "$SLOT: fallback active" ||
		fail "no report of the fallback" || return 1
	# modprobe -r also removed the owner, libchacha, now unused.
	! is_loaded chacha_ssse3 || fail "chacha_ssse3 still loaded"
}

t_dry_run() {
	local out
	reset
	policy "provider $SLOT chacha_avx2 chacha_ssse3"
	out=$("$MP" -n -v "exclusive:$SLOT" 2>&1) || fail "exit status $?" ||
		return 1
	echo "$out" | grep "exclusive slot\|insmod"
	echo "$out" | grep -q chacha_avx2 || fail "dry run names no candidate" ||
		return 1
	expect_provider $SLOT fallback && [ -z "$(loaded_chacha)" ]
}

t_empty_policy() {
	local got
	reset
	"$MP" "exclusive:$SLOT" || fail "exit status $?" || return 1
	got=$(loaded_chacha) || return 1
	[ -n "$got" ] || fail "nothing bound" || return 1
	log "modules.alias order bound $got"
	expect_provider $SLOT "$got"
}

# The kernel asks modprobe when the owner registers; the owner is itself
# being loaded by modprobe meanwhile.
t_autoload() {
	local i
	reset
	unload_mod libchacha || return 1
	policy "provider $SLOT chacha_ssse3 chacha_avx2" \
	       "provider poly1305_init_arch fallback"
	echo "$MP" > /proc/sys/kernel/modprobe
	echo 1 > "$AUTOLOAD"
	"$MP" libchacha20poly1305 || return 1
	for i in $(seq 100); do
		[ "$(slot_attr $SLOT provider)" = fallback ] || break
		sleep 0.1
	done
	expect_provider $SLOT chacha_ssse3 &&
	[ "$(loaded_chacha)" = chacha_ssse3 ] &&
	expect_provider poly1305_init_arch fallback &&
	! is_loaded poly1305_x86_64 || fail "poly1305_x86_64 loaded against the policy"
}

# An explicit load of a provider, which loads the slot's owner as its
# dependency, is never overtaken by the autoload that the owner's arrival
# asks for on behalf of a policy preferring another provider.
t_explicit_beats_autoload() {
	local i best rounds=${XSYM_AUTOLOAD_ROUNDS:-100}
	reset
	best=$(best_chacha)
	policy "provider $SLOT chacha_ssse3 $best"
	echo "$MP" > /proc/sys/kernel/modprobe
	echo 1 > "$AUTOLOAD"
	for i in $(seq "$rounds"); do
		"$MP" -r "$best" libchacha 2>/dev/null
		"$MP" "$best" && [ "$(slot_attr $SLOT provider)" = "$best" ] &&
			continue
		# What the loader said in this round, and who is bound.
		dmesg | grep 'exclusive_symbols' | tail -n 4
		fail "round $i: $SLOT bound to $(slot_attr $SLOT provider)," \
		     "loaded: $(loaded_chacha)"
		return 1
	done
	# The last round's request, had it been made, would be due by now.
	sleep 2
	expect_provider $SLOT "$best" && [ "$(loaded_chacha)" = "$best" ] &&
	log "$rounds rounds: $best bound in every one"
}

# The owner's arrival asks for a provider once.  An explicit load that
# bound one answers that request, so an rmmod right after it, before the
# request was due, leaves the slot on its fallback as the administrator
# asked: nothing is loaded behind their back.
t_unbind_after_explicit() {
	local best
	reset
	best=$(best_chacha)
	policy "provider $SLOT chacha_ssse3 $best"
	echo "$MP" > /proc/sys/kernel/modprobe
	echo 1 > "$AUTOLOAD"
	"$MP" -r libchacha 2>/dev/null
	! is_loaded libchacha || skip "libchacha is in use: no owner arrives" ||
		return
	"$MP" "$best" && rmmod "$best" || fail "modprobe or rmmod $best" ||
		return 1
	# Past the request's delay and the loader's exit.
	sleep 3
	expect_provider $SLOT fallback && [ -z "$(loaded_chacha)" ] ||
		fail "loaded after the rmmod: $(loaded_chacha)"
}

# Loaders racing for one group, as at boot (the initramfs's modprobe, the
# kernel's request): while A's first choice is still in its init, which
# then fails, B's is refused with -EBUSY and C finds A's module coming.
# Both wait for that init and try again; everyone ends on the one provider
# that bound.  The test modules get a module directory of their own.
t_racing_loaders() {
	local root=/tmp/xsym-modroot dir out m i pa pb rc=0
	reset
	dir=$root/lib/modules/$(uname -r)
	mkdir -p "$dir/extra"
	cp "$MODDIR"/xsym_owner.ko "$MODDIR"/xsym_prov_b.ko "$MODDIR"/xsym_prov_d.ko \
		"$dir/extra/"
	touch "$dir/modules.order" "$dir/modules.builtin" "$dir/modules.builtin.modinfo"
	"$(dirname "$MP")/depmod" -b "$root" "$(uname -r)" ||
		fail "depmod of the test modules" || return 1
	policy "provider xsym_add xsym_prov_d xsym_prov_b" \
	       "provider xsym_sub xsym_prov_b fallback" \
	       "options xsym_prov_d init_ms=3000"
	load_mod xsym_owner || return 1
	"$MP" -d "$root" -v exclusive:xsym_add > /tmp/xsym-race-a 2>&1 &
	pa=$!
	for i in $(seq 100); do
		[ "$(cat /sys/module/xsym_prov_d/initstate 2>/dev/null)" = coming ] &&
			break
		sleep 0.1
	done
	"$MP" -d "$root" -v exclusive:xsym_sub > /tmp/xsym-race-b 2>&1 &
	pb=$!
	"$MP" -d "$root" -v exclusive:xsym_add > /tmp/xsym-race-c 2>&1 ||
		rc=$?
	wait $pa || rc=$?
	wait $pb || rc=$?
	for m in a b c; do
		out=$(grep "exclusive slot" /tmp/xsym-race-$m)
		log "loader $m: $(echo "$out" | tail -n 1)"
		echo "$out" | tail -n 1 | grep -q "bound to xsym_prov_b" ||
			{ echo "$out"; fail "loader $m did not end on xsym_prov_b"; rc=1; }
	done
	expect_provider xsym_add xsym_prov_b && expect_provider xsym_sub xsym_prov_b &&
	! is_loaded xsym_prov_d && [ $rc = 0 ] || fail "status $rc" || return 1
	rmmod xsym_prov_b xsym_owner && rm -rf "$root" /tmp/xsym-race-?
}

step policy-order t_policy_order
step enodev-falls-through t_enodev_falls_through
step generic-keeps-fallback t_generic_keeps_fallback
step already-bound-acceptable t_already_bound
step conflicting-explicit-load t_conflicting_load
step remove-reports-fallback t_remove_reports_fallback
step dry-run-loads-nothing t_dry_run
step empty-policy-binds-one t_empty_policy
step autoload-applies-policy t_autoload
step explicit-load-beats-autoload t_explicit_beats_autoload
step unbind-after-explicit-load-stays t_unbind_after_explicit
step racing-loaders-end-on-one-provider t_racing_loaders

echo "$saved_modprobe" > /proc/sys/kernel/modprobe
rm -f $POLICY
unload_providers
echo 1 > "$AUTOLOAD"
finish
