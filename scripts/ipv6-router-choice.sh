#!/usr/bin/env bash
# Measures which IPv6 router a bridge-bound guest should use (docs/dhcpv6.md "Which router"):
#   A: the node's link-local router, reached through the bridge (the pod does not route);
#   B: the pod's bridge as router (forwarding on in the pod, default via the node on the bridge).
# Builds NODE / POD / GUEST namespaces shaped like the ptp CNI plugin's IPv6 result and the bridge
# binding (eth0 renamed eth0-nic and enslaved to k6t-eth0, the guest on a veth in place of the tap),
# then pings the node from the guest with each choice and reads the pod's forwarding counters.
# Run as root: bash scripts/ipv6-router-choice.sh   (everything lives in throw-away namespaces)
set -euo pipefail
ID=$$
NODE=k6trc-node-$ID; POD=k6trc-pod-$ID; GUEST=k6trc-guest-$ID
cleanup() { for n in "$GUEST" "$POD" "$NODE"; do ip netns del "$n" 2>/dev/null || true; done; }
trap cleanup EXIT
for n in "$NODE" "$POD" "$GUEST"; do ip netns add "$n"; ip -n "$n" link set lo up; done
for n in "$NODE" "$POD" "$GUEST"; do ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0; done
ip link add vethpod netns "$NODE" type veth peer name eth0 netns "$POD"
ip -n "$NODE" link set vethpod up
ip -n "$NODE" addr add fd00:ff::1/128 dev lo
ip netns exec "$NODE" sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n "$NODE" route add fd00:10:244::5/128 dev vethpod
ip -n "$POD" link set eth0 up
NODE_LL=$(ip -n "$NODE" -6 -j addr show dev vethpod scope link | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["addr_info"][0]["local"])')
# The bridge binding: the pod's address leaves the pod; eth0 becomes a bridge port.
ip -n "$POD" link set eth0 down; ip -n "$POD" link set eth0 name eth0-nic
ip -n "$POD" link add k6t-eth0 type bridge; ip -n "$POD" link set eth0-nic master k6t-eth0
ip -n "$POD" link set eth0-nic up; ip -n "$POD" link set k6t-eth0 up
ip link add tap0 netns "$POD" type veth peer name eth0 netns "$GUEST"
ip -n "$POD" link set tap0 master k6t-eth0; ip -n "$POD" link set tap0 up
ip -n "$GUEST" link set eth0 address 02:00:00:74:17:75; ip -n "$GUEST" link set eth0 up
ip -n "$GUEST" addr add fd00:10:244::5/128 dev eth0
sleep 1
BR_LL=$(ip -n "$POD" -6 -j addr show dev k6t-eth0 scope link | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["addr_info"][0]["local"])')
fwd() { ip netns exec "$POD" cat /proc/net/snmp6 | awk '$1=="Ip6OutForwDatagrams"{print $2}'; }
redirects() { ip netns exec "$POD" cat /proc/net/snmp6 | awk '$1=="Icmp6OutRedirects"{print $2}'; }
measure() {
  local label="$1" before after rbefore
  before=$(fwd); rbefore=$(redirects)
  if ip netns exec "$GUEST" busybox ping -6 -c 5 -W 1 -q fd00:ff::1 > /tmp/k6trc-$ID.txt 2>&1; then ok=yes; else ok=no; fi
  after=$(fwd)
  echo "$label: ping ok=$ok $(grep -E 'packet loss|rtt' /tmp/k6trc-$ID.txt | tr '\n' ' ') pod-forwarded=$((after - before)) pod-redirects=$(( $(redirects) - rbefore ))"
  rm -f /tmp/k6trc-$ID.txt
}
# A: node's link-local router through the bridge; the pod only bridges.
ip -n "$GUEST" -6 route add default via "$NODE_LL" dev eth0
measure "A default via node $NODE_LL"
ip -n "$GUEST" -6 route del default
ip -n "$GUEST" -6 neigh flush dev eth0
# B: the pod's bridge as router.
ip netns exec "$POD" sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n "$POD" -6 route add default via "$NODE_LL" dev k6t-eth0
ip -n "$POD" -6 route add fd00:10:244::5/128 dev k6t-eth0
ip -n "$GUEST" -6 route add default via "$BR_LL" dev eth0
measure "B default via pod bridge $BR_LL"
echo "B guest route cache after redirects: $(ip -n "$GUEST" -6 route get fd00:ff::1 | head -1)"
ip netns exec "$POD" sysctl -qw net.ipv6.conf.all.forwarding=0
ip -n "$GUEST" -6 route flush cache
measure "B without pod forwarding (redirect forgotten)"
