#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lib/crypto slots under a real user: a WireGuard tunnel between two
# network namespaces carries continuous traffic both ways while the chacha
# provider rotates (chacha_ssse3, chacha_avx2, generic), poly1305_x86_64
# and curve25519_x86_64 come and go, at least 50 swaps in all.  A second
# tunnel makes a fresh handshake (curve25519) every few swaps.  Proves that
# no packet fails authentication across swaps: every datagram handed to
# WireGuard's socket in the data tunnel's namespaces is accepted (UDP
# InDatagrams == wg0 rx_packets), no authenticated packet is malformed
# (rx_errors == 0), the traffic never stalls, and no kernel splat.
#
# Knobs: XSYM_WG_SWAPS (chacha swaps, default 60).

. "$(dirname "$0")/functions.sh"

SWAPS=${XSYM_WG_SWAPS:-60}
ST=/tmp/xsym-wg.$$
N1=xsym-wg-a N2=xsym-wg-b	# the data tunnel: wg0, 10.199.1.1 <-> .2
H1=xsym-hs-a H2=xsym-hs-b	# the handshake tunnel: wg1, 10.199.3.1 <-> .2
AUTOLOAD=/sys/module/module/parameters/exclusive_autoload
PROVIDERS="chacha_ssse3 chacha_avx2 chacha_avx512vl poly1305_x86_64 curve25519_x86_64"
WG_MODS="wireguard libchacha20poly1305 libcurve25519 libchacha libpoly1305
	 libcurve25519-generic"

[ "$(id -u)" = 0 ] || skip_all "must run as root"
[ -d "$SLOTS" ] || skip_all "kernel without CONFIG_MODULE_EXCLUSIVE_SYMBOLS"
if command -v ping >/dev/null; then
	PING=ping
elif command -v busybox >/dev/null && busybox ping -h 2>&1 | grep -q Usage; then
	PING="busybox ping"
else
	skip_all "no ping"
fi
command -v ip >/dev/null || skip_all "no ip (iproute2)"
command -v wg >/dev/null || skip_all "no wg (wireguard-tools)"
modprobe -n wireguard 2>/dev/null || skip_all "no wireguard module"
for m in chacha_ssse3 chacha_avx2 poly1305_x86_64 curve25519_x86_64; do
	modprobe -n $m 2>/dev/null || skip_all "no $m module"
done
echo "" > /sys/module/module/parameters/exclusive_pin

mkdir -p "$ST" || exit 1
preloaded=$(awk '{print $1}' /proc/modules | tr '\n' ' ')
autoload_was=$(cat $AUTOLOAD 2>/dev/null)

nsx() { ip netns exec "$@"; }
was_loaded() { case " $preloaded " in *" ${1//-/_} "*) return 0 ;; esac; return 1; }

# rmmod_retry MOD: a provider is pinned while WireGuard is inside one of its
# functions (poly1305 from init to final): retry, count the retries.
rmmod_retry() {
	local m=$1 i err
	for ((i = 0; i < 200; i++)); do
		err=$(rmmod "$m" 2>&1) && break
		case $err in
		*"in use"*) sleep 0.02 ;;
		*) fail "rmmod $m: $err"; return 1 ;;
		esac
	done
	echo $i >> "$ST/retries.$m"
	((i < 200)) || fail "rmmod $m: still in use after $i tries"
}

# bound GROUP-SLOT: the module bound to the slot, or 'generic'.
bound() { slot_attr "$1" provider; }

# set_provider SLOT WANT: unbind whatever serves SLOT, bind WANT.
set_provider() {
	local slot=$1 want=$2 cur
	cur=$(bound "$slot")
	[ "$cur" = "$want" ] && return 0
	if [ "$cur" != generic ]; then
		rmmod_retry "$cur" || return 1
		expect_provider "$slot" generic || return 1
	fi
	if [ "$want" != generic ]; then
		modprobe "$want" || fail "modprobe $want" || return 1
	fi
	expect_provider "$slot" "$want" && echo x >> "$ST/swaps.$slot"
}

udp_in() {
	nsx "$1" awk '/^Udp:/ { if (!h) { for (i = 2; i <= NF; i++) c[$i] = i; h = 1 }
		else print $c["InDatagrams"], $c["InErrors"], $c["RcvbufErrors"] }' /proc/net/snmp
}
wgstat() { nsx "$1" cat "/sys/class/net/$2/statistics/$3"; }

# counters NS: "udp_in udp_inerr udp_rcvbuferr rx_packets rx_errors
# rx_frame_errors rx_length_errors rx_crc_errors tx_packets tx_errors tx_dropped"
counters() {
	local s out
	out=$(udp_in "$1")
	for s in rx_packets rx_errors rx_frame_errors rx_length_errors rx_crc_errors \
		 tx_packets tx_errors tx_dropped; do
		out="$out $(wgstat "$1" wg0 $s)"
	done
	echo $out
}

# tunnel NSA NSB SUBNET WGDEV PORTBASE: veth NSA<->NSB on 10.199.SUBNET.0/24,
# WireGuard WGDEV on 10.199.SUBNET+1.0/24.
tunnel() {
	local a=$1 b=$2 n=$3 dev=$4 port=$5 o=$(($3 + 1)) ns i peer
	for ns in $a $b; do
		ip netns add $ns || fail "ip netns add $ns" || return 1
		ip -n $ns link set lo up
		wg genkey > "$ST/$ns.key" && wg pubkey < "$ST/$ns.key" > "$ST/$ns.pub" ||
			fail "wg genkey" || return 1
	done
	ip link add xv-$a netns $a type veth peer name xv-$b netns $b ||
		fail "veth" || return 1
	i=1
	for ns in $a $b; do
		peer=$b; [ $ns = $b ] && peer=$a
		ip -n $ns addr add 10.199.$n.$i/24 dev xv-$ns &&
		ip -n $ns link set xv-$ns up &&
		ip -n $ns link add $dev type wireguard &&
		nsx $ns wg set $dev listen-port $((port + i)) private-key "$ST/$ns.key" \
			peer "$(cat "$ST/$peer.pub")" allowed-ips 10.199.$o.$((3 - i))/32 \
			endpoint 10.199.$n.$((3 - i)):$((port + 3 - i)) &&
		ip -n $ns addr add 10.199.$o.$i/24 dev $dev &&
		ip -n $ns link set $dev up || fail "WireGuard setup in $ns" || return 1
		i=2
	done
}

t_setup() {
	local m
	echo 0 > $AUTOLOAD 2>/dev/null || log "no $AUTOLOAD: autoload stays on"
	modprobe wireguard || fail "modprobe wireguard" || return 1
	[ -d "$SLOTS/chacha_crypt_arch" ] && [ -d "$SLOTS/poly1305_init_arch" ] &&
	[ -d "$SLOTS/curve25519_arch" ] || fail "lib/crypto slots missing" || return 1
	set_provider chacha_crypt_arch chacha_ssse3 &&
	set_provider poly1305_init_arch poly1305_x86_64 &&
	set_provider curve25519_arch curve25519_x86_64 || return 1
	for m in chacha_crypt_arch hchacha_block_arch poly1305_init_arch \
		 poly1305_update_arch poly1305_final_arch curve25519_arch \
		 curve25519_base_arch blake2s_compress; do
		[ -d "$SLOTS/$m" ] && log "$m: $(bound $m) (group $(slot_attr $m group))"
	done
	rm -f "$ST"/swaps.* "$ST"/retries.*
	tunnel $N1 $N2 0 wg0 51820 && tunnel $H1 $H2 2 wg1 51830 || return 1
	# One side starts, so that the handshake has one initiator.
	nsx $N1 $PING -c 1 -w 20 10.199.1.2 >/dev/null ||
		fail "no ping through the data tunnel" || return 1
	nsx $N2 $PING -c 1 -w 10 10.199.1.1 >/dev/null ||
		fail "no reverse ping through the data tunnel" || return 1
	nsx $H1 $PING -c 1 -w 20 10.199.3.2 >/dev/null ||
		fail "no ping through the handshake tunnel" || return 1
	log "tunnels up: $(nsx $N1 wg show wg0 latest-handshakes | wc -l) peer," \
	    "ping: $PING"
}

# handshake: the handshake tunnel forgets its session, a ping makes a new one.
handshake() {
	ip -n $H1 link set wg1 down && ip -n $H1 link set wg1 up &&
	nsx $H1 $PING -c 1 -w 10 10.199.3.2 >/dev/null ||
		fail "no new handshake through wg1 (chacha $(bound chacha_crypt_arch)," \
		     "poly1305 $(bound poly1305_init_arch), curve25519 $(bound curve25519_arch))" ||
		return 1
	echo x >> "$ST/handshakes"
}

replies() { cat "$ST"/ping.*.out 2>/dev/null | grep -c "bytes from"; }
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

t_swaps() {
	local i chacha target n last_n last_t t stall=0 rc=0
	local -a rot=(generic chacha_ssse3 chacha_avx2)
	counters $N1 > "$ST/base.$N1" && counters $N2 > "$ST/base.$N2" || return 1
	nsx $N1 $PING -i 0.05 10.199.1.2 > "$ST/ping.fwd.out" 2>&1 &
	echo $! > "$ST/ping.fwd.pid"
	nsx $N2 $PING -i 0.1 10.199.1.1 > "$ST/ping.rev.out" 2>&1 &
	echo $! > "$ST/ping.rev.pid"
	sleep 1
	last_n=$(replies) last_t=$(now_ms)
	for ((i = 1; i <= SWAPS; i++)); do
		target=${rot[i % 3]}
		set_provider chacha_crypt_arch $target &&
		expect_provider hchacha_block_arch $target || { rc=1; break; }
		if ((i % 4 == 0)); then
			target=poly1305_x86_64
			[ "$(bound poly1305_init_arch)" = generic ] || target=generic
			set_provider poly1305_init_arch $target &&
			expect_provider poly1305_update_arch $target &&
			expect_provider poly1305_final_arch $target || { rc=1; break; }
		fi
		if ((i % 10 == 5)); then
			target=curve25519_x86_64
			[ "$(bound curve25519_arch)" = generic ] || target=generic
			set_provider curve25519_arch $target &&
			expect_provider curve25519_base_arch $target || { rc=1; break; }
		fi
		if ((i % 5 == 0)); then
			handshake || { rc=1; break; }
		fi
		n=$(replies) t=$(now_ms)
		if [ "$n" -gt "$last_n" ]; then
			last_n=$n last_t=$t
		elif ((t - last_t > stall)); then
			stall=$((t - last_t))
		fi
	done
	sleep 1
	kill -INT "$(cat "$ST/ping.fwd.pid")" "$(cat "$ST/ping.rev.pid")"
	wait
	sleep 1		# let the last packets through decryption
	counters $N1 > "$ST/end.$N1" && counters $N2 > "$ST/end.$N2" || return 1
	echo $stall > "$ST/stall"
	log "swaps: chacha $(swaps chacha_crypt_arch), poly1305 $(swaps poly1305_init_arch)," \
	    "curve25519 $(swaps curve25519_arch); handshakes $(swaps handshakes);" \
	    "rmmod retries: $(retries)"
	log "now: chacha $(bound chacha_crypt_arch), poly1305 $(bound poly1305_init_arch)," \
	    "curve25519 $(bound curve25519_arch)"
	[ $rc = 0 ] || fail "swap $i failed" || return 1
	(($(swaps chacha_crypt_arch) >= SWAPS)) || fail "fewer than $SWAPS chacha swaps"
}

swaps() {
	local f=$ST/swaps.$1
	[ "$1" = handshakes ] && f=$ST/handshakes
	cat "$f" 2>/dev/null | wc -l
}

retries() {
	local m out= f
	for m in $PROVIDERS; do
		f=$ST/retries.$m
		[ -f "$f" ] || continue
		out="$out $m $(awk '{ s += $1; if ($1 > x) x = $1 } END { print s " (max " x " in one rmmod)" }' "$f"),"
	done
	echo "${out:- none}" | sed 's/^ //; s/,$//'
}

# delta NS FIELD: change of a counter of counters() over the swap phase.
delta() {
	local b e
	b=$(awk -v f=$2 '{ print $f }' "$ST/base.$1")
	e=$(awk -v f=$2 '{ print $f }' "$ST/end.$1")
	echo $((e - b))
}

t_auth() {
	local ns in rx lost rc=0
	[ -f "$ST/end.$N1" ] || fail "no counters: the swap phase did not finish" || return 1
	for ns in $N1 $N2; do
		in=$(delta $ns 1) rx=$(delta $ns 4)
		lost=$((in - rx))
		log "$ns: udp in $in (errors $(delta $ns 2), rcvbuf $(delta $ns 3)), wg0 rx $rx" \
		    "tx $(delta $ns 9) (tx errors $(delta $ns 10), dropped $(delta $ns 11));" \
		    "rx errors $(delta $ns 5): frame $(delta $ns 6) length $(delta $ns 7)" \
		    "crc $(delta $ns 8); datagrams not accepted (auth failures) $lost"
		[ $lost = 0 ] || fail "$ns: $lost datagrams failed authentication" || rc=1
		[ "$(delta $ns 5)" = 0 ] || fail "$ns: authenticated packets malformed" || rc=1
		[ "$(delta $ns 2)" = 0 ] || fail "$ns: UDP input errors" || rc=1
	done
	return $rc
}

ping_stats() {
	grep -Eo "[0-9]+ packets transmitted, [0-9]+ (packets )?received" "$ST/ping.$1.out" |
		awk '{ print $1, $4 }'
}

t_traffic() {
	local d sent recv stall total=0
	for d in fwd rev; do
		read -r sent recv < <(ping_stats $d)
		[ -n "$sent" ] || fail "ping $d printed no statistics" || return 1
		log "ping $d: sent $sent, received $recv, lost $((sent - recv))"
		((recv * 10 >= sent * 9)) || fail "ping $d lost more than 10%" || return 1
		total=$((total + recv))
	done
	stall=$(cat "$ST/stall")
	log "longest stretch without a reply: $stall ms"
	((total >= 20 * SWAPS / 10)) || fail "only $total replies" || return 1
	((stall < 5000)) || fail "the tunnel stalled for $stall ms"
}

t_after() {
	nsx $N1 $PING -c 3 -i 0.2 -w 10 10.199.1.2 >/dev/null &&
	nsx $N2 $PING -c 3 -i 0.2 -w 10 10.199.1.1 >/dev/null ||
		fail "the data tunnel does not work after the swaps" || return 1
	handshake
}

cleanup() {
	local ns m
	for m in fwd rev; do
		[ -f "$ST/ping.$m.pid" ] && kill "$(cat "$ST/ping.$m.pid")" 2>/dev/null
	done
	for ns in $N1 $N2 $H1 $H2; do
		ip -n $ns link del wg0 2>/dev/null
		ip -n $ns link del wg1 2>/dev/null
		ip netns del $ns 2>/dev/null
	done
	for m in $PROVIDERS; do
		is_loaded $m && ! was_loaded $m && rmmod_retry $m >/dev/null
	done
	for m in $WG_MODS; do
		is_loaded ${m//-/_} && ! was_loaded $m && for i in 1 2 3 4 5 6 7 8 9 10; do
			rmmod ${m//-/_} 2>/dev/null && break
			sleep 0.5
		done
	done
	[ -n "$autoload_was" ] && echo "$autoload_was" > $AUTOLOAD
	rm -rf "$ST"
}
trap cleanup EXIT

step "WireGuard tunnels between two pairs of namespaces" t_setup
step "$SWAPS provider swaps under continuous traffic" t_swaps
step "no packet failed authentication" t_auth
step "traffic flowed through every swap" t_traffic
step "the tunnel and handshakes work after the swaps" t_after
finish
