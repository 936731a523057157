#!/usr/bin/env bash
# The whole picture (run through `scripts/demo.sh --two-node`, which installs and builds first):
# two "nodes" (network namespaces) joined by a link, a secondary L2 network (a bridge br1 per node,
# joined through that link, dnsmasq on node A's br1 as its DHCP server), one pod per node bound by
# k6t-net on eth0 (the pod network: k6t-net serves the guest its address) and net1 (the L2: no
# IPAM, the guest's DHCP crosses the bridge), and one QEMU guest per pod with both NICs. The
# database guest (node B) listens on TCP 7000; `k6t-net status --json` of its pod gives its
# addresses, from which the demo prints the headless service's Endpoints; the web guest (node A)
# then connects to it over eth1 and over eth0. Prints the topology of both pods as one Graphviz
# picture, and removes everything it created (also on failure or Ctrl-C).
#
# The L2 is a Linux bridge, not Open vSwitch: OVS is not part of the machine's packages and its
# userspace datapath needs ovsdb-server and ovs-vswitchd per node; k6t-net only sees the pod's
# veth either way, so the bridge does not change what is shown.
#
# Output contract (the integration test reads it): lines "K6T-TCP ..." of the web guest,
# "K6T-LINK ..." of the database guest, and the Endpoints YAML between "--- endpoints" and "---".
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
[ "$(id -u)" = 0 ] || { echo "demo: needs root (network namespaces, bridges, taps)" >&2; exit 2; }
for tool in jq dnsmasq qemu-system-x86_64; do
  command -v "$tool" >/dev/null || { echo "demo: missing $tool (scripts/install-deps.sh)" >&2; exit 2; }
done

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
k6t() { "$repo/bin/k6t-net" "$@"; }

id="$$"
nodes=(a b)
work=$(mktemp -d /tmp/k6t-demo2.XXXXXX)
namespaces=()
pids=()
cleanup() {
  local rc=$?
  if [ "$rc" != 0 ]; then
    for f in "$work"/*.console "$work"/run-*.log "$work"/dnsmasq.log; do
      [ -s "$f" ] && { echo "--- last lines of $(basename "$f")"; tail -n 25 "$f" | tr -d '\r'; } >&2
    done
  fi
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  for ns in "${namespaces[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

node() { echo "k6tdemo-node$1-$id"; }
pod() { echo "k6tdemo-pod$1-$id"; }
# Node A's pods use 10.244.1.0/24, node B's 10.244.2.0/24 (one pod CIDR per node, routed).
subnet() { [ "$1" = a ] && echo 1 || echo 2; }

step "Two nodes joined by a link; br1 on each node is the secondary L2 (Linux bridge)"
for n in "${nodes[@]}"; do
  for ns in "$(node "$n")" "$(pod "$n")"; do
    ip netns add "$ns"
    namespaces+=("$ns")
    ip -n "$ns" link set lo up
  done
done
na=$(node a)
nb=$(node b)
# The "physical" link carries both networks: routed pod traffic (underlay) and the L2 (a port of br1).
ip -n "$na" link add underlay type veth peer name underlay netns "$nb"
ip -n "$na" link add l2link type veth peer name l2link netns "$nb"
ip -n "$na" addr add 172.18.0.1/30 dev underlay
ip -n "$nb" addr add 172.18.0.2/30 dev underlay
ip -n "$na" route add 10.244.2.0/24 via 172.18.0.2 2>/dev/null || true
for n in "${nodes[@]}"; do
  ns=$(node "$n")
  s=$(subnet "$n")
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
  ip -n "$ns" link set underlay up
  ip -n "$ns" link add br1 type bridge
  ip -n "$ns" link set l2link master br1 up
  ip -n "$ns" link set br1 up
  # The pod network, as a CNI plugin leaves it: eth0 with an address and a default route via the node.
  ip -n "$ns" link add veth-pod type veth peer name eth0 netns "$(pod "$n")"
  ip -n "$ns" addr add "10.244.$s.1/24" dev veth-pod
  ip -n "$ns" link set veth-pod up
  ip -n "$(pod "$n")" link set eth0 up
  ip -n "$(pod "$n")" addr add "10.244.$s.5/24" dev eth0
  ip -n "$(pod "$n")" route add default via "10.244.$s.1"
  # The L2 attachment, as Multus with a bridge plugin and no IPAM leaves it: net1, no address.
  ip -n "$ns" link add "veth-net1" type veth peer name net1 netns "$(pod "$n")"
  ip -n "$ns" link set veth-net1 master br1 up
  ip -n "$(pod "$n")" link set net1 up
done
ip -n "$nb" route add 10.244.1.0/24 via 172.18.0.1
ip -n "$na" route replace 10.244.2.0/24 via 172.18.0.2
ip -n "$na" addr add 192.168.60.1/24 dev br1
ip netns exec "$na" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --interface=br1 \
  --bind-interfaces --except-interface=lo --dhcp-range=192.168.60.100,192.168.60.199,255.255.255.0,1h \
  --dhcp-authoritative --no-ping --dhcp-leasefile="$work/dnsmasq.leases" --pid-file="$work/dnsmasq.pid" \
  --user=root > "$work/dnsmasq.log" 2>&1 &
pids+=($!)
for n in "${nodes[@]}"; do
  echo "node $n: $(ip -n "$(node "$n")" -4 -br addr | awk '$3 {printf "%s %s  ", $1, $3}')"
done
echo "dnsmasq serves 192.168.60.100-199 on node a's br1"

step "k6t-net run in each pod: eth0 served by k6t-net, net1 passed through (the guest's DHCP crosses to dnsmasq)"
printf 'nameserver 10.96.0.10\nsearch demo.svc.cluster.local svc.cluster.local cluster.local\n' > "$work/resolv.conf"
declare -A mac0 mac1
for n in "${nodes[@]}"; do
  p=$(pod "$n")
  mac0[$n]=$(ip -n "$p" -br link show eth0 | awk '{print $3}')
  mac1[$n]=$(ip -n "$p" -br link show net1 | awk '{print $3}')
  host=$([ "$n" = a ] && echo web || echo db)
  cat > "$work/pod-$n.json" <<JSON
{ "stateDir": "$work/state-$n", "resolvConf": "$work/resolv.conf", "hostname": "$host",
  "interfaces": [ { "name": "default", "podInterface": "eth0", "binding": "bridge" },
                  { "name": "l2", "podInterface": "net1", "binding": "bridge" } ] }
JSON
  k6t plan --config "$work/pod-$n.json" --netns "$p" --format dot > "$work/plan-$n.dot"
  ip netns exec "$p" "$repo/bin/k6t-net" run --config "$work/pod-$n.json" --ready-file "$work/ready-$n" \
    > "$work/run-$n.log" 2>&1 &
  pids+=($!)
done
for n in "${nodes[@]}"; do
  for _ in $(seq 300); do
    [ -e "$work/ready-$n" ] && break
    sleep 0.1
  done
  [ -e "$work/ready-$n" ] || { echo "demo: k6t-net run in pod $n did not become ready" >&2; cat "$work/run-$n.log" >&2; exit 1; }
done
k6t status --config "$work/pod-b.json" --netns "$(pod b)"

step "Guest db (node b): eth0 and eth1 by DHCP, then a TCP server on port 7000"
image=$(bash scripts/build-guest.sh | tail -n 1)
# no_timer_check: on a busy host, TCG runs the guest so slowly that the kernel's IO-APIC timer check
# fails and it panics ("IO-APIC + timer doesn't work"); the check proves nothing about networking.
bash scripts/boot-guest.sh --image "$image" --netns "$(pod b)" --nic "tap0=${mac0[b]}" --nic "tap1=${mac1[b]}" \
  --console "$work/db.console" --only-records --timeout 900 -- no_timer_check k6t.default_iface=eth0 k6t.listen=7000 k6t.hold=600 \
  > "$work/db.log" 2>&1 &
pids+=($!)
# The guest's addresses as k6t-net reports them: eth0 served, net1 learned from dnsmasq's ACK (the
# IPv4 one: IPv6 addresses learned from neighbour discovery would belong in an Endpoints of their own).
db_l2=""
for _ in $(seq 1200); do
  db_l2=$(k6t status --json --config "$work/pod-b.json" --netns "$(pod b)" \
    | jq -r '[.interfaces[] | select(.podInterface == "net1") | .learned[] | select(.source == "DHCPV4")][0].address // empty')
  [ -n "$db_l2" ] && break
  kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/db.log" >&2; echo "demo: guest db ended" >&2; exit 1; }
  sleep 0.5
done
[ -n "$db_l2" ] || { echo "demo: k6t-net learned no address for guest db on net1" >&2; exit 1; }
for _ in $(seq 600); do
  grep -q 'K6T-LISTEN' "$work/db.log" && break
  sleep 0.2
done
grep -q 'K6T-LISTEN' "$work/db.log" || { cat "$work/db.log" >&2; echo "demo: guest db is not listening" >&2; exit 1; }
k6t status --config "$work/pod-b.json" --netns "$(pod b)"
status=$(k6t status --json --config "$work/pod-b.json" --netns "$(pod b)")
db_pod=$(jq -r '.interfaces[] | select(.podInterface == "eth0") | .served.address | split("/")[0]' <<< "$status")
echo "--- endpoints"
jq -r '"apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: db  # headless service on the secondary network\n"
  + "subsets:\n- addresses:"
  + ([.interfaces[] | select(.podInterface == "net1") | .learned[] | select(.source == "DHCPV4")
      | "\n  - ip: \(.address)\n    hostname: db"]
     | join(""))
  + "\n  ports:\n  - name: db\n    port: 7000\n    protocol: TCP"' <<< "$status"
echo "---"
grep '^K6T-LINK' "$work/db.log"

step "Guest web (node a): connects to db over eth1 ($db_l2) and over eth0 ($db_pod)"
bash scripts/boot-guest.sh --image "$image" --netns "$(pod a)" --nic "tap0=${mac0[a]}" --nic "tap1=${mac1[a]}" \
  --console "$work/web.console" --only-records --timeout 600 -- no_timer_check k6t.default_iface=eth0 \
  "k6t.connect=$db_l2:7000,$db_pod:7000" | tee "$work/web.log"
k6t status --config "$work/pod-a.json" --netns "$(pod a)"

step "Topology: both pods (k6t-net plan --format dot), the nodes' link and the L2"
{
  echo "digraph k6t_two_nodes {"
  echo "  rankdir=LR; compound=true; node [shape=box, fontname=\"monospace\"];"
  for n in "${nodes[@]}"; do
    echo "  subgraph cluster_node_$n { label=\"node $n: $(pod "$n")\";"
    sed -e '1,3d' -e '$d' -e "s/\\bi\\([0-9]\\)_/${n}_i\\1_/g" -e "s/cluster_pod/cluster_${n}_pod/g" "$work/plan-$n.dot"
    echo "    ${n}_br1 [label=\"br1 (node $n, L2)$([ "$n" = a ] && echo '\ndnsmasq :67')\"];"
    echo "    ${n}_br1 -> ${n}_i1_node [dir=both];"
    echo "  }"
  done
  echo "  a_br1 -> b_br1 [dir=both, label=\"l2link (the physical link)\"];"
  echo "  a_i0_node -> b_i0_node [dir=both, label=\"underlay: 10.244.1.0/24 <-> 10.244.2.0/24\"];"
  echo "}"
} | tee "$work/topology.dot"
if command -v dot >/dev/null; then
  dot -Tsvg "$work/topology.dot" > /dev/null && echo "(renders with: dot -Tsvg; checked)"
fi

ok=$(grep -c '^K6T-TCP .* ok=1 ' "$work/web.log" || true)
[ "$ok" = 2 ] || { echo "demo: the web guest's TCP connections did not both succeed" >&2; exit 1; }
echo
echo "demo: done; everything it created is removed now."
