#!/bin/sh
# Provenance of the golden bytes in RtnetlinkGoldenTest: runs each iproute2 command (iproute2 6.1,
# Debian 12) in a throw-away namespace under `strace -e trace=sendmsg -e write=3,4`, which hex-dumps
# every netlink request the command sends. Output: capture.txt beside this script.
# Usage (root; needs Debian packages iproute2 and strace): sh capture.sh > capture.txt. Each run has
# new sequence numbers (iproute2 takes them from the clock); the tests name the ones they use.
set -eu
NS=k6tnl-capture-$$
ip netns add "$NS"
trap 'ip netns del "$NS"' EXIT
run() {
    echo "### $*"
    ip netns exec "$NS" strace -e trace=sendmsg -e write=3,4 "$@" 2>&1 | grep -e '^ |' -e '^sendmsg' || true
}
ip netns exec "$NS" ip link add v9 type veth peer name v8
run ip link add br0 address 02:00:00:00:00:01 type bridge
run ip link add v0 type veth peer name v1
run ip link add d0 type dummy
run ip link add probe0 numtxqueues 0 type dummy
run ip link show dev br0
run ip link set dev br0 up
run ip link set dev br0 down
run ip link set dev v9 name v7
run ip link set dev br0 address 02:00:00:00:00:03
run ip link set dev br0 mtu 1400
run ip link set dev v0 master br0
run bridge link set dev v0 learning off
run ip link set dev v0 nomaster
run ip addr add 10.0.0.1/24 dev br0
run ip addr replace 10.0.0.1/24 dev br0
run ip addr add fd00::1/64 dev br0
run ip addr del 10.0.0.1/24 dev br0
run ip route add 10.1.0.0/16 via 10.0.0.254 dev br0
run ip route add 10.0.0.5/32 dev br0 scope link
run ip route replace 10.1.0.0/16 via 10.0.0.253 dev br0 table 100 proto static
run ip route del 10.1.0.0/16 via 10.0.0.254 dev br0
run ip route add 10.2.0.0/16 via 10.0.0.254 dev br0 table 1000
run ip route add default via 10.0.0.254 dev br0
run ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev br0
run ip neigh del 10.0.0.2 dev br0
run ip link del br0
