#!/usr/bin/env bash
# Captures golden DHCP exchanges between real clients and dnsmasq, one pcap per client, in
# throw-away network namespaces (never touching the host's interfaces). Run as root on Debian 12:
#   bash dhcp-server/src/test/resources/golden/capture.sh [OUTDIR]
# Needs: iproute2, dnsmasq-base, wireshark's dumpcap (tshark package), udhcpc, isc-dhcp-client,
# dhcpcd-base, systemd (networkd). Writes OUTDIR/<client>.pcap (default: this script's directory).
# The captures differ from run to run (xid, dhcpcd's DUID, timing); the committed ones are the
# reference the tests assert on.
set -euo pipefail

OUT="$(cd "${1:-$(dirname "$0")}" && pwd)"
ID="$$"
SRV="k6tcap-srv-$ID"
CLI="k6tcap-cli-$ID"
WORK="$(mktemp -d /tmp/k6t-golden.XXXXXX)"
MAC="02:00:00:74:17:75"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  ip netns del "$CLI" 2>/dev/null || true
  ip netns del "$SRV" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

in_srv() { ip netns exec "$SRV" "$@"; }
in_cli() { ip netns exec "$CLI" "$@"; }

# Polls a condition (a command) every 0.1 s until it holds or the deadline (seconds) passes.
wait_for() {
  local what="$1" deadline=$(( $(date +%s) + $2 )); shift 2
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "capture.sh: timed out waiting for $what" >&2; return 1; fi
    sleep 0.1
  done
}

ip netns add "$SRV"
ip netns add "$CLI"
ip link add veth-srv netns "$SRV" type veth peer name eth0 netns "$CLI"
in_srv ip link set lo up
in_srv ip addr add 10.99.0.1/24 dev veth-srv
in_srv ip link set veth-srv up
in_cli ip link set lo up
in_cli ip link set eth0 address "$MAC"
in_cli ip link set eth0 up

# dnsmasq offers what k6t-net offers: router, DNS, search list (119), classless routes (121, the
# on-link server route first), MTU, NTP; it answers only what each client's PRL asks for.
in_srv dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --interface=veth-srv --bind-interfaces \
  --except-interface=lo --dhcp-range=10.99.0.0,static,255.255.255.0,1h --dhcp-host="$MAC,10.99.0.5" \
  --dhcp-authoritative --no-ping --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid" \
  --user=root --log-dhcp \
  --dhcp-option=option:router,10.99.0.1 --dhcp-option=option:dns-server,10.99.0.1 \
  --dhcp-option=option:domain-search,vm.svc.cluster.local,svc.cluster.local,cluster.local \
  --dhcp-option=option:domain-name,cluster.local \
  --dhcp-option=121,10.99.0.1/32,0.0.0.0,0.0.0.0/0,10.99.0.1 \
  --dhcp-option=option:mtu,1450 --dhcp-option=option:ntp-server,10.99.0.1 \
  >"$WORK/dnsmasq.log" 2>&1 &
PIDS+=($!)

HOOK="$WORK/hook.sh"
printf '#!/bin/sh\nenv >> %s/hook.env\nexit 0\n' "$WORK" > "$HOOK"
chmod +x "$HOOK"

# Starts dumpcap on the server end, runs "$@" (a function that makes the client get its lease),
# then stops the capture and writes $OUT/$1.pcap.
capture() {
  local name="$1"; shift
  local pcap="$WORK/$name.pcap"
  in_cli ip addr flush dev eth0
  rm -f "$WORK/dnsmasq.leases"
  touch "$WORK/dnsmasq.leases"
  ip netns exec "$SRV" dumpcap -q -P -i veth-srv -f "udp port 67 or udp port 68" -w "$pcap" \
    >"$WORK/$name.dumpcap.log" 2>&1 &
  local dumpcap=$!
  wait_for "dumpcap on veth-srv" 10 test -s "$pcap"
  "$@"
  # The last reply leaves dnsmasq before the client configures itself; give dumpcap a moment.
  sleep 1
  kill -TERM "$dumpcap"
  wait "$dumpcap" || true
  cp "$pcap" "$OUT/$name.pcap"
  echo "capture.sh: $name -> $OUT/$name.pcap ($(tshark -r "$OUT/$name.pcap" 2>/dev/null | wc -l) packets)"
}

has_lease() { in_cli ip -4 addr show dev eth0 | grep -q "inet 10.99.0.5/"; }

run_udhcpc() {
  in_cli udhcpc -i eth0 -f -q -n -t 5 -T 1 -O staticroutes -O search -O mtu -O hostname -O ntpsrv \
    -x hostname:golden-udhcpc -s "$HOOK" >"$WORK/udhcpc.log" 2>&1
}

run_dhclient() {
  cat > "$WORK/dhclient.conf" <<CONF
option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;
send host-name "golden-dhclient";
request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, domain-search,
  host-name, interface-mtu, ntp-servers, rfc3442-classless-static-routes;
CONF
  in_cli dhclient -1 -d -cf "$WORK/dhclient.conf" -lf "$WORK/dhclient.leases" -pf "$WORK/dhclient.pid" \
    -sf "$HOOK" eth0 >"$WORK/dhclient.log" 2>&1 &
  local pid=$!
  PIDS+=($pid)
  wait_for "dhclient lease" 30 grep -q "fixed-address 10.99.0.5" "$WORK/dhclient.leases"
  kill "$pid"; wait "$pid" || true
  in_cli ip addr add 10.99.0.5/24 dev eth0
}

run_dhcpcd() {
  mkdir -p "$WORK/dhcpcd-db"
  cat > "$WORK/dhcpcd.conf" <<CONF
hostname golden-dhcpcd
clientid
option classless_static_routes, domain_name_servers, domain_name, domain_search, host_name, interface_mtu, ntp_servers
CONF
  in_cli sh -c "mount --bind $WORK/dhcpcd-db /var/lib/dhcpcd; mount -t tmpfs tmpfs /run; \
    exec dhcpcd -f $WORK/dhcpcd.conf -c $HOOK -4 -1 -B -t 20 --noarp --nodelay eth0" >"$WORK/dhcpcd.log" 2>&1
}

run_networkd() {
  cat > "$WORK/10-eth0.network" <<CONF
[Match]
Name=eth0

[Network]
DHCP=ipv4

[DHCPv4]
ClientIdentifier=mac
SendHostname=yes
Hostname=golden-networkd
CONF
  in_cli sh -c "mount -t tmpfs tmpfs /run; mkdir -p /run/systemd/network; \
    cp $WORK/10-eth0.network /run/systemd/network/; mount -o remount,bind,ro /sys; \
    SYSTEMD_LOG_TARGET=console exec /lib/systemd/systemd-networkd" >"$WORK/networkd.log" 2>&1 &
  local pid=$!
  PIDS+=($pid)
  wait_for "systemd-networkd lease" 30 has_lease
  kill "$pid"; wait "$pid" || true
}

capture udhcpc run_udhcpc
capture dhclient run_dhclient
capture dhcpcd run_dhcpcd
capture systemd-networkd run_networkd

{
  echo "udhcpc: $(udhcpc --help 2>&1 | head -1)"
  echo "dhclient: $(dhclient --version 2>&1)"
  echo "dhcpcd: $(dhcpcd --version | head -1)"
  echo "systemd-networkd: $(/lib/systemd/systemd-networkd --version | head -1)"
  echo "dnsmasq: $(dnsmasq --version | head -1)"
  echo "dumpcap: $(dumpcap --version | head -1)"
} > "$OUT/versions.txt"
echo "capture.sh: versions in $OUT/versions.txt"
