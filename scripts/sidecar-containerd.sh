#!/usr/bin/env bash
# The sidecar image run by a real containerd (no registry, no kubelet) in a pod's network namespace,
# as KubeVirt's virt-launcher pod runs it: the hooks directory a bind mount, user 107. A pod namespace
# holds what the CNI plugin leaves (bridge, tap, renamed pod link, the hand-off in the link aliases);
# a guest namespace holds the guest's wire with the VMI's MAC. Debian's Python gRPC client, generated
# from our .proto files, calls Info, OnDefineDomain (the VMI sets the guest MAC) and Shutdown; udhcpc
# in the guest namespace takes the pod's IP in between. containerd runs with a configuration of its
# own in a temporary directory and is stopped by its PID; everything is removed on exit.
# Usage (root): scripts/sidecar-containerd.sh [IMAGE_TAR]   (default: cli/target/image/k6t-net-sidecar.tar,
# made by scripts/build-image.sh). Exit 0 when every step worked.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
image=${1:-$root/cli/target/image/k6t-net-sidecar.tar}
pod=k6t-ctr-pod-$$; guest=k6t-ctr-guest-$$
work=$(mktemp -d); chmod 755 "$work"
mkdir "$work/hooks" "$work/ctd" "$work/stubs"; chown 107:107 "$work/hooks"
cpid=
cleanup() {
    if [ -n "$cpid" ]; then kill "$cpid" 2>/dev/null || true; wait "$cpid" 2>/dev/null || true; fi
    ip netns del "$pod" 2>/dev/null || true
    ip netns del "$guest" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$pod"; ip netns add "$guest"; ip -n "$pod" link set lo up
ip -n "$pod" link add k6t-eth0 type bridge
ip -n "$pod" addr add 169.254.75.10/32 dev k6t-eth0
ip -n "$pod" link set k6t-eth0 up
ip -n "$pod" tuntap add dev tap0 mode tap
ip -n "$pod" link set tap0 master k6t-eth0 up
ip -n "$pod" link add eth0-nic type veth peer name eth0 netns "$guest"
ip -n "$pod" link set eth0-nic master k6t-eth0 up
ip -n "$guest" link set eth0 address 02:00:00:74:17:75 up
ip -n "$pod" link set dev k6t-eth0 alias "k6t-net/1 eth0 1/1 n=default;i=eth0;b=k6t-eth0;t=tap0;c=eth0-nic;m=0a:58:0a:f4:01:05;u=1450;s=169.254.75.10;a=10.244.1.5/24;g=10.244.1.1;r=0.0.0.0/0>10.244.1.1;l=86313600;d=35"
# Port 67 for user 107: the namespaced sysctl a pod may set (Kubernetes counts it as a safe sysctl).
ip netns exec "$pod" sysctl -qw net.ipv4.ip_unprivileged_port_start=67

printf 'version = 2\nroot = "%s/ctd/root"\nstate = "%s/ctd/state"\n[grpc]\n  address = "%s/ctd/containerd.sock"\n' \
    "$work" "$work" "$work" > "$work/ctd/config.toml"
containerd --config "$work/ctd/config.toml" > "$work/ctd/log" 2>&1 &
cpid=$!
for _ in $(seq 100); do [ -S "$work/ctd/containerd.sock" ] && break; sleep 0.1; done
ctr=(ctr --address "$work/ctd/containerd.sock")
"${ctr[@]}" image import --index-name k6t.local/k6t-net-sidecar:latest "$image" >/dev/null

/usr/bin/python3 -m grpc_tools.protoc -I "$root/kubevirt-binding/src/main/proto" --python_out="$work/stubs" \
    --grpc_python_out="$work/stubs" kubevirt/hooks/info/api_info.proto kubevirt/hooks/v1alpha2/api_v1alpha2.proto \
    kubevirt/hooks/v1alpha3/api_v1alpha3.proto
client=(/usr/bin/python3 "$root/integration-tests/src/test/python/hooks_client.py" "$work/stubs" "$work/hooks/k6t.sock")
res=$root/integration-tests/src/test/resources/io/k6t/net/it/kubevirt

"${ctr[@]}" run --rm --with-ns "network:/run/netns/$pod" \
    --mount "type=bind,src=$work/hooks,dst=/var/run/kubevirt-hooks,options=rbind:rw" \
    k6t.local/k6t-net-sidecar:latest k6t-sidecar-$$ > "$work/sidecar.log" 2>&1 &
rpid=$!
for _ in $(seq 300); do [ -S "$work/hooks/k6t.sock" ] && break; sleep 0.1; done
"${client[@]}" info
"${client[@]}" define v1alpha3 "$res/domain.xml" "$res/vmi.json" "$work/domain.xml"
virt-xml-validate "$work/domain.xml" domain
ip netns exec "$guest" udhcpc -i eth0 -f -q -n -t 5 -T 1 -s /bin/true 2>&1 | grep "lease of 10.244.1.5"
"${client[@]}" shutdown
rc=0; wait "$rpid" || rc=$?
cat "$work/sidecar.log"
echo "sidecar container exit: $rc"
[ "$rc" = 0 ] && [ ! -e "$work/hooks/k6t.sock" ] && echo "socket removed"
