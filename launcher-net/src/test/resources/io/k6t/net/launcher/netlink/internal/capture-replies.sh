#!/bin/sh
# Provenance of the kernel replies decoded in RtnetlinkDecodeTest: each iproute2 command runs in a
# throw-away namespace under `strace -e trace=recvmsg -e read=3`, which hex-dumps every netlink
# reply. Kernel 6.18, iproute2 6.1. Usage (root; needs iproute2 and strace):
# sh capture-replies.sh > replies.txt
set -eu
NS=k6tnl-replies-$$
ip netns add "$NS"
trap 'ip netns del "$NS"' EXIT
x() { ip netns exec "$NS" "$@"; }
run() {
    echo "### $*"
    x strace -e trace=recvmsg -e read=3 "$@" 2>&1 | grep -e '^ |' -e '^### ' || true
}
x ip link add br0 address 02:00:00:00:00:01 mtu 1400 type bridge
x ip link add v0 address 02:00:00:00:00:02 type veth peer name v1
x ip link set v0 master br0
x ip link set br0 up
x ip addr add 10.0.0.1/24 dev br0
x ip addr add fd00::1/64 dev br0 nodad
x ip route add 10.1.0.0/16 via 10.0.0.254 dev br0 proto static
run ip link add d0 type dummy
run ip link add br0 type bridge
run ip link show dev v0
run ip -4 addr show dev br0
run ip -6 route show dev br0
