#!/usr/bin/env bash
# Captures golden DHCPv6 exchanges (and the router solicitations/advertisements around them) between
# real clients and dnsmasq, one pcap per client, in throw-away network namespaces (never touching
# the host's interfaces). Run as root on Debian 12:
#   bash dhcp-server/src/test/resources/golden6/capture.sh [OUTDIR]
# Needs: iproute2, dnsmasq-base, wireshark's dumpcap (tshark package), isc-dhcp-client,
# dhcpcd-base, systemd (networkd). Writes OUTDIR/<client>.pcap (default: this script's directory).
# The captures differ from run to run (transaction ids, DUIDs, timing); the committed ones are the
# reference the tests assert on.
set -euo pipefail

OUT="$(cd "${1:-$(dirname "$0")}" && pwd)"
ID="$$"
SRV="k6tcap6-srv-$ID"
CLI="k6tcap6-cli-$ID"
WORK="$(mktemp -d /tmp/k6t-golden6.XXXXXX)"
MAC="02:00:00:74:17:75"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  # dhcpcd leaves helper processes in the client namespace: end them by PID.
  for pid in $(ip netns pids "$CLI" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  ip netns del "$CLI" 2>/dev/null || true
  ip netns del "$SRV" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
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
in_srv sysctl -qw net.ipv6.conf.veth-srv.accept_dad=0
in_srv ip link set lo up
in_srv ip addr add fd00:99::1/64 dev veth-srv nodad
in_srv ip link set veth-srv up
in_cli sysctl -qw net.ipv6.conf.eth0.accept_dad=0
in_cli ip link set lo up
in_cli ip link set eth0 address "$MAC"
in_cli ip link set eth0 up

# dnsmasq serves fd00:99::5..9 (a client that did not release keeps its own) by DHCPv6 and advertises the prefix with the M and O
# flags (so clients use DHCPv6), DNS (23) and the domain list (24).
in_srv dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --interface=veth-srv --bind-interfaces \
  --except-interface=lo --dhcp-range=fd00:99::5,fd00:99::9,64,1h --enable-ra \
  --dhcp-authoritative --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid" \
  --user=root --log-dhcp \
  --dhcp-option=option6:dns-server,[fd00:99::1] \
  --dhcp-option=option6:domain-search,vm.svc.cluster.local,svc.cluster.local,cluster.local \
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
  in_cli ip -6 addr flush dev eth0 scope global
  : > "$WORK/dnsmasq.leases"
  ip netns exec "$SRV" dumpcap -q -P -i veth-srv \
    -f "udp port 546 or udp port 547 or (icmp6 and (ip6[40] == 133 or ip6[40] == 134))" -w "$pcap" \
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

has_lease() { in_cli ip -6 addr show dev eth0 | grep -q "inet6 fd00:99::[5-9]/"; }

# dhclient -6: a stateful exchange, then a Release (-r), then a stateless Information-request (-S).
run_dhclient() {
  cat > "$WORK/dhclient6.conf" <<CONF
request dhcp6.name-servers, dhcp6.domain-search;
CONF
  in_cli dhclient -6 -1 -d -cf "$WORK/dhclient6.conf" -lf "$WORK/dhclient6.leases" -pf "$WORK/dhclient6.pid" \
    -sf "$HOOK" eth0 >"$WORK/dhclient.log" 2>&1 &
  local pid=$!
  PIDS+=($pid)
  wait_for "dhclient -6 lease" 30 grep -q "iaaddr fd00:99::[5-9]" "$WORK/dhclient6.leases"
  kill "$pid" 2>/dev/null || true; wait "$pid" || true
  in_cli dhclient -6 -r -1 -d -cf "$WORK/dhclient6.conf" -lf "$WORK/dhclient6.leases" -pf "$WORK/dhclient6.pid" \
    -sf "$HOOK" eth0 >>"$WORK/dhclient.log" 2>&1
  in_cli dhclient -6 -S -1 -d -cf "$WORK/dhclient6.conf" -lf "$WORK/dhclient6-s.leases" \
    -pf "$WORK/dhclient6.pid" -sf "$HOOK" eth0 >"$WORK/dhclient-s.log" 2>&1 &
  pid=$!
  PIDS+=($pid)
  wait_for "dhclient -6 -S reply" 30 grep -q "PRC: Done" "$WORK/dhclient-s.log"
  kill "$pid" 2>/dev/null || true; wait "$pid" || true
}

run_dhcpcd() {
  mkdir -p "$WORK/dhcpcd-db"
  printf 'ipv6rs\nia_na 1\nnohook resolv.conf\noption dhcp6_name_servers, dhcp6_domain_search\n' > "$WORK/dhcpcd.conf"
  in_cli sh -c "mount --bind $WORK/dhcpcd-db /var/lib/dhcpcd; mount -t tmpfs tmpfs /run; \
    exec dhcpcd -f $WORK/dhcpcd.conf -c $HOOK -6 -1 -w -B eth0" >"$WORK/dhcpcd.log" 2>&1
  for pid in $(ip netns pids "$CLI"); do kill "$pid" 2>/dev/null || true; done
}

run_networkd() {
  cat > "$WORK/10-eth0.network" <<CONF
[Match]
Name=eth0

[Network]
DHCP=ipv6
IPv6AcceptRA=yes
CONF
  in_cli sh -c "mount -t tmpfs tmpfs /run; mkdir -p /run/systemd/network; \
    cp $WORK/10-eth0.network /run/systemd/network/; mount -o remount,bind,ro /sys; \
    SYSTEMD_LOG_TARGET=console exec /lib/systemd/systemd-networkd" >"$WORK/networkd.log" 2>&1 &
  local pid=$!
  PIDS+=($pid)
  wait_for "systemd-networkd lease" 30 has_lease
  kill "$pid" 2>/dev/null || true; wait "$pid" || true
}

capture dhclient6 run_dhclient
capture dhcpcd6 run_dhcpcd
capture systemd-networkd6 run_networkd

{
  echo "dhclient: $(dhclient --version 2>&1)"
  echo "dhcpcd: $(dhcpcd --version | head -1)"
  echo "systemd-networkd: $(/lib/systemd/systemd-networkd --version | head -1)"
  echo "dnsmasq: $(dnsmasq --version | head -1)"
  echo "dumpcap: $(dumpcap --version | head -1)"
} > "$OUT/versions.txt"
echo "capture.sh: versions in $OUT/versions.txt"
