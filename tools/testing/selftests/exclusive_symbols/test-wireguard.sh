#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lib/crypto slots under a real user: a WireGuard tunnel between two
# network namespaces carries continuous traffic both ways (ping) while the
# chacha provider rotates (chacha_ssse3, chacha_avx2, fallback) at every
# swap, poly1305_x86_64 comes and goes every 4th and curve25519_x86_64
# every 10th.  A second tunnel, in two other namespaces, drops its session
# and makes a fresh handshake (curve25519, blake2s) every 5th swap.
#
# Proves that no packet fails authentication across swaps, that the
# traffic never stalls, and no kernel splat.  WireGuard counts no statistic
# for a data packet that fails decryption (wg_packet_rx_poll() frees it
# silently), so the test counts what the data tunnel's namespaces hand to
# WireGuard's socket (UDP InDatagrams) against what WireGuard accepts (wg0
# rx_packets): with no handshake in that tunnel during the swaps, the two
# must be equal.  rx_errors (frame, length) count authenticated packets
# whose plaintext is garbage: zero too.
#
# Knobs: XSYM_WG_SWAPS (chacha swaps, default 60).

. "$(dirname "$0")/functions.sh"
. "$(dirname "$0")/crypto-functions.sh"

SWAPS=${XSYM_WG_SWAPS:-60}
ST=/tmp/xsym-wg.$$
N1=xsym-wg-a N2=xsym-wg-b	# the data tunnel: wg0, 10.199.1.1 <-> .2
H1=xsym-hs-a H2=xsym-hs-b	# the handshake tunnel: wg1, 10.199.3.1 <-> .2
WG_MODS="wireguard libchacha20poly1305 libcurve25519 libchacha libpoly1305
	 libcurve25519-generic udp_tunnel ip6_udp_tunnel veth"

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

umask 077
mkdir -p "$ST" || exit 1
preloaded=$(awk '{print $1}' /proc/modules | tr '\n' ' ')
autoload_was=$(cat $AUTOLOAD 2>/dev/null)

nsx() { ip netns exec "$@"; }
was_loaded() { case " $preloaded " in *" ${1//-/_} "*) return 0 ;; esac; return 1; }

# The loop forks little: under TCG every fork is felt.
declare -A SWAPS_DONE RETRIES MAXRETRY

# rmmod_retry MOD: a provider is in use while WireGuard holds a reference to
# it, and a Poly1305 provider refuses to go while a message begun on it
# stays open a second ("Resource temporarily unavailable"): retry, count
# the retries.
rmmod_retry() {
	local m=$1 i err
	for ((i = 0; i < 200; i++)); do
		rmmod "$m" 2> "$ST/rmmod.err" && break
		read -r err < "$ST/rmmod.err"
		case $err in
		*"in use"* | *"temporarily unavailable"*) sleep 0.02 ;;
		*) fail "rmmod $m: $err"; return 1 ;;
		esac
	done
	RETRIES[$m]=$((${RETRIES[$m]:-0} + i))
	((i < ${MAXRETRY[$m]:-0})) || MAXRETRY[$m]=$i
	((i < 200)) || fail "rmmod $m: still in use after $i tries"
}

# bound SLOT: print the module bound to SLOT, or 'fallback'.
bound() { slot_attr "$1" provider; }

# is_bound SLOT WANT: expect_provider without a fork.
is_bound() {
	local cur
	read -r cur < "$SLOTS/$1/provider"
	[ "$cur" = "$2" ] || fail "$1 provider is '$cur', expected '$2'"
}

# set_provider SLOT WANT: unbind whatever serves SLOT, bind WANT.
set_provider() {
	local slot=$1 want=$2 cur
	read -r cur < "$SLOTS/$slot/provider"
	[ "$cur" = "$want" ] && return 0
	if [ "$cur" != fallback ]; then
		rmmod_retry "$cur" && is_bound "$slot" fallback || return 1
	fi
	if [ "$want" != fallback ]; then
		modprobe "$want" || fail "modprobe $want" || return 1
	fi
	is_bound "$slot" "$want" && SWAPS_DONE[$slot]=$((${SWAPS_DONE[$slot]:-0} + 1))
}

# counters NS: "udp_in udp_inerr udp_rcvbuferr" then wg0's "rx_packets
# rx_errors rx_frame_errors rx_length_errors rx_crc_errors tx_packets
# tx_errors tx_dropped", in one trip into the namespace.
counters() {
	nsx "$1" sh -c 'cd /sys/class/net/wg0/statistics && cat /proc/net/snmp \
		rx_packets rx_errors rx_frame_errors rx_length_errors rx_crc_errors \
		tx_packets tx_errors tx_dropped' |
	awk '/^Udp:/ { if (!h) { for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
		       udp = $c["InDatagrams"] " " $c["InErrors"] " " $c["RcvbufErrors"] }
	     /^[0-9]+$/ { wg = wg " " $1 }
	     END { print udp wg }'
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
	local m t0=$SECONDS
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
	tunnel $N1 $N2 0 wg0 51820 && tunnel $H1 $H2 2 wg1 51830 || return 1
	# One side starts, so that the handshake has one initiator.
	nsx $N1 $PING -c 1 -w 20 10.199.1.2 >/dev/null ||
		fail "no ping through the data tunnel" || return 1
	nsx $N2 $PING -c 1 -w 10 10.199.1.1 >/dev/null ||
		fail "no reverse ping through the data tunnel" || return 1
	nsx $H1 $PING -c 1 -w 20 10.199.3.2 >/dev/null ||
		fail "no ping through the handshake tunnel" || return 1
	log "tunnels up in $((SECONDS - t0)) s, ping: $PING"
}

# handshake: the handshake tunnel forgets its session, a ping makes a new one.
handshake() {
	ip -n $H1 link set wg1 down && ip -n $H1 link set wg1 up &&
	nsx $H1 $PING -c 1 -w 10 10.199.3.2 >/dev/null ||
		fail "no new handshake through wg1 (chacha $(bound chacha_crypt_arch)," \
		     "poly1305 $(bound poly1305_init_arch), curve25519 $(bound curve25519_arch))" ||
		return 1
	SWAPS_DONE[handshakes]=$((${SWAPS_DONE[handshakes]:-0} + 1))
}

# stop_pings: SIGINT makes ping print its statistics; bounded wait.
stop_pings() {
	local p i
	for p in fwd rev; do
		[ -f "$ST/ping.$p.pid" ] || continue
		kill -INT "$(cat "$ST/ping.$p.pid")" 2>/dev/null
		for ((i = 0; i < 50; i++)); do
			kill -0 "$(cat "$ST/ping.$p.pid")" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$(cat "$ST/ping.$p.pid")" 2>/dev/null
		rm -f "$ST/ping.$p.pid"
	done
	wait
}

# ping_gaps DIR: the longest run of lost replies and the longest round trip
# (ms) of ping DIR: the tunnel must never stop for long.
ping_gaps() {
	awk 'match($0, /seq=[0-9]+/) && !/DUP/ {
		seq = substr($0, RSTART + 4, RLENGTH - 4) + 0
		if (seq - prev - 1 > run) run = seq - prev - 1
		if (seq > prev) prev = seq
		if (match($0, /time=[0-9.]+/) && substr($0, RSTART + 5, RLENGTH - 5) + 0 > rtt)
			rtt = substr($0, RSTART + 5, RLENGTH - 5) + 0
	} BEGIN { prev = -1; run = 0; rtt = 0 } END { printf "%d %d\n", run, rtt }' "$ST/ping.$1.out"
}

t_swaps() {
	local i target rc=0 t0=$SECONDS
	local -a rot=(chacha_ssse3 chacha_avx2 fallback)
	counters $N1 > "$ST/base.$N1" && counters $N2 > "$ST/base.$N2" || return 1
	# Not through nsx: $! must be ping itself (ip netns exec execs it).
	ip netns exec $N1 $PING -i 0.05 10.199.1.2 > "$ST/ping.fwd.out" 2>&1 &
	echo $! > "$ST/ping.fwd.pid"
	ip netns exec $N2 $PING -i 0.1 10.199.1.1 > "$ST/ping.rev.out" 2>&1 &
	echo $! > "$ST/ping.rev.pid"
	sleep 1
	for ((i = 1; i <= SWAPS; i++)); do
		target=${rot[i % 3]}
		set_provider chacha_crypt_arch $target &&
		is_bound hchacha_block_arch $target || { rc=1; break; }
		if ((i % 4 == 0)); then
			target=poly1305_x86_64
			[ "$(bound poly1305_init_arch)" = fallback ] || target=fallback
			set_provider poly1305_init_arch $target &&
			is_bound poly1305_update_arch $target &&
			is_bound poly1305_final_arch $target || { rc=1; break; }
		fi
		if ((i % 10 == 5)); then
			target=curve25519_x86_64
			[ "$(bound curve25519_arch)" = fallback ] || target=fallback
			set_provider curve25519_arch $target &&
			is_bound curve25519_base_arch $target || { rc=1; break; }
		fi
		if ((i % 5 == 0)); then
			handshake || { rc=1; break; }
		fi
	done
	sleep 1
	stop_pings
	sleep 1		# let the last packets through decryption
	counters $N1 > "$ST/end.$N1" && counters $N2 > "$ST/end.$N2" || return 1
	log "swaps: chacha $(swaps chacha_crypt_arch), poly1305 $(swaps poly1305_init_arch)," \
	    "curve25519 $(swaps curve25519_arch); handshakes $(swaps handshakes);" \
	    "rmmod retries: $(retries)"
	log "swap phase: $((SECONDS - t0)) s; now: chacha $(bound chacha_crypt_arch)," \
	    "poly1305 $(bound poly1305_init_arch), curve25519 $(bound curve25519_arch)"
	[ $rc = 0 ] || fail "swap $i failed" || return 1
	(($(swaps chacha_crypt_arch) >= SWAPS)) || fail "fewer than $SWAPS chacha swaps"
}

swaps() { echo ${SWAPS_DONE[$1]:-0}; }

retries() {
	local m out=
	for m in $CRYPTO_PROVIDERS; do
		[ -n "${RETRIES[$m]}" ] &&
			out="$out, $m ${RETRIES[$m]} (at most ${MAXRETRY[$m]} in one rmmod)"
	done
	echo "${out#, }"
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
		[ "$(wc -w < "$ST/base.$ns") $(wc -w < "$ST/end.$ns")" = "11 11" ] ||
			fail "$ns: unreadable counters: $(cat "$ST/base.$ns") / $(cat "$ST/end.$ns")" ||
			return 1
	done
	for ns in $N1 $N2; do
		in=$(delta $ns 1) rx=$(delta $ns 4)
		lost=$((in - rx))
		log "$ns: udp in $in (errors $(delta $ns 2), rcvbuf $(delta $ns 3)), wg0 rx $rx" \
		    "tx $(delta $ns 9) (tx errors $(delta $ns 10), dropped $(delta $ns 11));" \
		    "rx errors $(delta $ns 5): frame $(delta $ns 6) length $(delta $ns 7)" \
		    "crc $(delta $ns 8); datagrams not accepted (auth failures) $lost"
		[ $lost = 0 ] || fail "$ns: WireGuard dropped $lost datagrams unauthenticated" || rc=1
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
	local d sent recv run rtt ms total=0 rc=0
	for d in fwd rev; do
		read -r sent recv < <(ping_stats $d)
		[ -n "$sent" ] || fail "ping $d printed no statistics" || return 1
		read -r run rtt < <(ping_gaps $d)
		ms=$((run * 50)); [ $d = rev ] && ms=$((run * 100))
		log "ping $d: sent $sent, received $recv, lost $((sent - recv));" \
		    "longest loss run $run (${ms} ms), longest round trip $rtt ms"
		((recv * 10 >= sent * 9)) || fail "ping $d lost more than 10%" || rc=1
		((ms < 5000 && rtt < 5000)) || fail "the tunnel stalled (ping $d)" || rc=1
		total=$((total + recv))
	done
	((total >= 2 * SWAPS)) || fail "only $total replies in $SWAPS swaps" || rc=1
	return $rc
}

t_after() {
	nsx $N1 $PING -c 3 -i 0.2 -w 10 10.199.1.2 >/dev/null &&
	nsx $N2 $PING -c 3 -i 0.2 -w 10 10.199.1.1 >/dev/null ||
		fail "the data tunnel does not work after the swaps" || return 1
	handshake
}

cleanup() {
	local ns m i
	stop_pings
	for ns in $N1 $N2 $H1 $H2; do
		ip -n $ns link del wg0 2>/dev/null
		ip -n $ns link del wg1 2>/dev/null
		ip -n $ns link del xv-$ns 2>/dev/null
		ip netns del $ns 2>/dev/null
	done
	for m in $CRYPTO_PROVIDERS; do
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
