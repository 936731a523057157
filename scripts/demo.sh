#!/usr/bin/env bash
# The main job for a newcomer (fresh Debian 12, as root):
#
#   scripts/demo.sh [--quick | --two-node] [--no-build]
#
# Installs what it needs (scripts/install-deps.sh), builds k6t-net, creates a demo "node" and "pod"
# (network namespaces joined by a veth pair, the way a CNI plugin wires a pod), wires the pod for a
# VM with k6t-net, boots a real guest on the tap (QEMU TCG, busybox initramfs from
# scripts/build-guest.sh) -- or, with --quick, a client namespace running udhcpc on a port of the
# bridge -- shows the guest's lease and a ping to the node gateway, prints the pod topology, and
# removes everything it created (also on failure or Ctrl-C). --no-build skips install and build.
# --two-node: two nodes, a secondary L2 with its own DHCP server, two pods and two guests talking
# TCP over both networks, the Endpoints built from `k6t-net status` (scripts/demo-two-node.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

quick=0
two_node=0
build=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --two-node) two_node=1 ;;
    --no-build) build=0 ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "demo: needs root (network namespaces, bridges, taps)" >&2; exit 2; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
k6t() { "$repo/bin/k6t-net" "$@"; }

if [ "$build" = 1 ]; then
  step "Installing dependencies (scripts/install-deps.sh) and building"
  bash scripts/install-deps.sh
  mvn -B -q -ntp -DskipTests -Dcheckstyle.skip package -pl cli -am
fi
if [ "$two_node" = 1 ]; then
  exec bash scripts/demo-two-node.sh
fi

# Unique names: the demo never touches namespaces it did not create.
id="$$"
node="k6tdemo-node-$id"
pod="k6tdemo-pod-$id"
guest="k6tdemo-guest-$id"
work=$(mktemp -d /tmp/k6t-demo.XXXXXX)
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do
    # The PID may be a wrapper that did not exec: end its children (by parent PID) first.
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  for ns in "$guest" "$pod" "$node"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "Creating the node ($node) and the pod ($pod), joined by a veth pair like a CNI plugin does"
ip netns add "$node"
ip netns add "$pod"
ip -n "$node" link set lo up
ip -n "$pod" link set lo up
ip -n "$node" link add veth-pod type veth peer name eth0 netns "$pod"
ip -n "$node" addr add 10.244.1.1/24 dev veth-pod
ip -n "$node" link set veth-pod up
ip -n "$pod" link set eth0 mtu 1450 up
ip -n "$pod" addr add 10.244.1.5/24 dev eth0
ip -n "$pod" route add default via 10.244.1.1
pod_mac=$(ip -n "$pod" -br link show eth0 | awk '{print $3}')
ip -n "$pod" -br addr

step "Wiring the pod for a VM: k6t-net run (bridge binding, then the DHCP server) inside the pod"
printf 'nameserver 10.96.0.10\nsearch demo.svc.cluster.local svc.cluster.local cluster.local\n' > "$work/resolv.conf"
cat > "$work/pod.json" <<JSON
{ "stateDir": "$work/state", "resolvConf": "$work/resolv.conf", "hostname": "demo-vm",
  "interfaces": [ { "name": "default", "podInterface": "eth0", "binding": "bridge" } ] }
JSON
k6t plan --config "$work/pod.json" --netns "$pod"
ip netns exec "$pod" "$repo/bin/k6t-net" run --config "$work/pod.json" --ready-file "$work/ready" \
  > "$work/run.log" 2>&1 &
pids+=($!)
for _ in $(seq 150); do
  [ -e "$work/ready" ] && break
  kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/run.log" >&2; exit 1; }
  sleep 0.1
done
[ -e "$work/ready" ] || { echo "demo: k6t-net run did not become ready" >&2; cat "$work/run.log" >&2; exit 1; }
cat "$work/run.log"
echo "DHCP server bound on $(tr '\n' ' ' < "$work/ready")"

if [ "$quick" = 1 ]; then
  step "Guest: a client namespace ($guest) with udhcpc on a port of the bridge"
  ip netns add "$guest"
  ip -n "$guest" link set lo up
  ip -n "$pod" link add vguest type veth peer name eth0 netns "$guest"
  ip -n "$pod" link set vguest mtu 1450 master k6t-eth0 up
  ip -n "$guest" link set eth0 address "$pod_mac" up
  cat > "$work/udhcpc.hook" <<HOOK
#!/bin/sh
case "\$1" in
  bound|renew)
    ip addr add "\$ip/\$mask" dev "\$interface"
    [ -n "\$mtu" ] && ip link set "\$interface" mtu "\$mtu"
    set -- \$staticroutes
    while [ \$# -ge 2 ]; do
      if [ "\$2" = 0.0.0.0 ]; then ip route add "\$1" dev "\$interface"; else ip route add "\$1" via "\$2"; fi
      shift 2
    done
    echo "K6T-LEASE iface=\$interface ip=\$ip/\$mask router=\$router dns=\$dns search=\$search mtu=\$mtu hostname=\$hostname routes=\$staticroutes" > "$work/guest.lease"
    ;;
esac
HOOK
  chmod +x "$work/udhcpc.hook"
  ip netns exec "$guest" udhcpc -i eth0 -f -q -n -t 5 -T 1 -O staticroutes -O search -O mtu -O hostname \
    -s "$work/udhcpc.hook" > "$work/udhcpc.log" 2>&1 || { cat "$work/udhcpc.log" >&2; exit 1; }
  cat "$work/guest.lease"
  step "Guest pings the node gateway 10.244.1.1"
  ip netns exec "$guest" busybox ping -c 3 -W 2 10.244.1.1
else
  step "Guest: QEMU (TCG) booting a busybox initramfs on tap0 (scripts/boot-guest.sh; first run builds the image)"
  # The guest prints K6T-* records: the lease it applied (K6T-LEASE), its routes and a ping to its
  # default gateway, the node's 10.244.1.1 (K6T-PING); docs/guest-image.md describes them.
  bash scripts/boot-guest.sh --netns "$pod" --nic "tap0=$pod_mac" --only-records --timeout 180 \
    | tee "$work/guest.log"
  grep -q '^K6T-PING .*ok=1' "$work/guest.log" || { echo "demo: the guest could not ping the gateway" >&2; exit 1; }
fi

step "Pod topology and health (ip, k6t-net explain; k6t-net plan --format dot draws it)"
ip -n "$pod" -br link
ip -n "$pod" -br addr
ip -n "$pod" route
k6t explain --config "$work/pod.json" --netns "$pod"

step "Stopping the server and restoring the pod (k6t-net teardown)"
kill "${pids[-1]}" && wait "${pids[-1]}" 2>/dev/null || true
k6t teardown --config "$work/pod.json" --netns "$pod"
ip -n "$pod" -br addr
echo
echo "demo: done; everything it created is removed now."
