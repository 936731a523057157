#!/usr/bin/env bash
# Resident memory of `k6t-net sidecar` serving four interfaces, beside dnsmasq serving the same four.
# One pod namespace with four bridges (each with tap, renamed pod link and the hand-off in the link
# aliases, as the CNI plugin leaves them) and a guest namespace with the four wires. The sidecar runs
# as nobody with only CAP_NET_BIND_SERVICE through bin/k6t-net (its shipped JVM flags); after each
# guest wire took a lease (udhcpc) and one Info and one OnDefineDomain call, VmRSS from /proc. Then
# dnsmasq on the same bridges, after the same four leases. Prints one line per server.
# Usage (root): scripts/footprint-sidecar.sh [ROUNDS]   (needs a built cli, udhcpc, dnsmasq, python3-grpcio)
#   ROOTFS=DIR runs the image's tree instead (scripts/build-image.sh with KEEP_ROOTFS=DIR): its runtime,
#   its wrapper and the sidecar's class-data archive, as user 107.
#   CLASSLIST=FILE writes the classes the sidecar loaded (bin/k6t-net, -XX:DumpLoadedClassList) to FILE:
#   how scripts/image/sidecar.classlist, from which the image's archive is made, is kept current.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=${1:-3}
pod=k6t-fp-pod-$$; guest=k6t-fp-guest-$$
work=$(mktemp -d); chmod 755 "$work"
cleanup() {
    for p in $(ip netns pids "$pod" 2>/dev/null) $(ip netns pids "$guest" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
    ip netns del "$pod" 2>/dev/null || true
    ip netns del "$guest" 2>/dev/null || true
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$pod"; ip netns add "$guest"
ip -n "$pod" link set lo up
mkdir "$work/hooks"
if [ -n "${ROOTFS:-}" ]; then chown 107:107 "$work/hooks"; else chown 65534:65534 "$work/hooks"; fi
nets=(default net1 net2 net3)
for i in 0 1 2 3; do
    n=${nets[$i]}; iface=$([ "$i" = 0 ] && echo eth0 || echo "$n"); t=$([ "$i" = 0 ] && echo eth0 || echo "$n")
    mac=0a:58:0a:f4:0$i:05
    ip -n "$pod" link add "k6t-$t" type bridge
    ip -n "$pod" addr add "169.254.75.1$i/32" dev "k6t-$t"
    ip -n "$pod" link set "k6t-$t" up
    ip -n "$pod" tuntap add dev "tap$i" mode tap
    ip -n "$pod" link set "tap$i" master "k6t-$t" up
    ip -n "$pod" link add "$t-nic" type veth peer name "g$i" netns "$guest"
    ip -n "$pod" link set "$t-nic" master "k6t-$t" up
    ip -n "$guest" link set "g$i" address "$mac" up
    ip -n "$pod" link set dev "k6t-$t" alias "k6t-net/1 $iface 1/1 n=$n;i=$iface;b=k6t-$t;t=tap$i;c=$t-nic;m=$mac;u=1450;s=169.254.75.1$i;a=10.24$i.1.5/24;g=10.24$i.1.1;r=0.0.0.0/0>10.24$i.1.1;l=3600;d=35"
done
proto=$root/kubevirt-binding/src/main/proto
/usr/bin/python3 -m grpc_tools.protoc -I "$proto" --python_out="$work" --grpc_python_out="$work" \
    kubevirt/hooks/info/api_info.proto kubevirt/hooks/v1alpha3/api_v1alpha3.proto
client=(/usr/bin/python3 "$root/integration-tests/src/test/python/hooks_client.py" "$work" "$work/hooks/k6t.sock")
res=$root/integration-tests/src/test/resources/io/k6t/net/it/kubevirt

leases() {
    for i in 0 1 2 3; do
        ip netns exec "$guest" udhcpc -i "g$i" -f -q -n -t 5 -T 1 -s /bin/true >/dev/null 2>&1 || { echo "no lease on g$i" >&2; exit 1; }
    done
}
rss() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }

if [ -n "${CLASSLIST:-}" ]; then
    install -o 65534 -g 65534 /dev/null "$work/classlist"
fi
for round in $(seq "$rounds"); do
    if [ -n "${ROOTFS:-}" ]; then
        # The image's tree as shipped (its jlinked runtime, jar, wrapper and class-data archive), run by
        # chroot as the image's user 107, which binds port 67 through the namespace's sysctl, as in
        # SidecarContainerIT (run by containerd). ip netns exec's private mount namespace holds the mounts.
        # shellcheck disable=SC2016 # expanded by the inner shell
        ip netns exec "$pod" sh -c 'sysctl -qw net.ipv4.ip_unprivileged_port_start=67 &&
            mount --bind "$1" "$2/var/run/kubevirt-hooks" && mount -t proc proc "$2/proc" &&
            mount --bind /dev "$2/dev" &&
            exec chroot --userspec=107:107 "$2" /bin/busybox env -i HOME=/home/k6t PATH=/usr/bin:/bin \
                JAVA_HOME=/usr/lib/k6t-net/jre K6T_NET_JAVA_OPTS="$3" /usr/bin/k6t-net sidecar' \
            sh "$work/hooks" "$ROOTFS" "${K6T_NET_JAVA_OPTS:-}" > "$work/sidecar.log" 2>&1 &
    else
        ip netns exec "$pod" setpriv --reuid=65534 --regid=65534 --clear-groups \
            --inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service --bounding-set=-all,+net_bind_service \
            env HOME="$work" K6T_NET_CDS=0 K6T_NET_JAVA_OPTS="${K6T_NET_JAVA_OPTS:-}${CLASSLIST:+ -XX:DumpLoadedClassList=$work/classlist}" \
            ${SIDECAR_ENV:-} "$root/bin/k6t-net" sidecar --hooks-dir "$work/hooks" > "$work/sidecar.log" 2>&1 &
    fi
    pid=$!
    for _ in $(seq 300); do [ -S "$work/hooks/k6t.sock" ] && break; sleep 0.1; done
    leases
    "${client[@]}" info >/dev/null
    "${client[@]}" define v1alpha3 "$res/domain.xml" "$res/vmi.json" "$work/out.xml" >/dev/null
    echo "round $round k6t-net-sidecar rss_kb=$(rss $pid) threads=$(ls /proc/$pid/task | wc -l)"
    kill -TERM "$pid"; wait "$pid" || true
    if [ -n "${CLASSLIST:-}" ]; then
        cp "$work/classlist" "$CLASSLIST"
    fi

    args=()
    for i in 0 1 2 3; do
        t=$([ "$i" = 0 ] && echo eth0 || echo "${nets[$i]}")
        args+=(--interface="k6t-$t" --dhcp-range="10.24$i.1.0,static,255.255.255.0,1h" --dhcp-host="0a:58:0a:f4:0$i:05,10.24$i.1.5"
            --shared-network="k6t-$t,10.24$i.1.0")
    done
    ip netns exec "$pod" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --bind-interfaces \
        --except-interface=lo --dhcp-authoritative --no-ping --dhcp-leasefile="$work/dnsmasq.leases" \
        --pid-file="$work/dnsmasq.pid" --user=root "${args[@]}" > "$work/dnsmasq.log" 2>&1 &
    dpid=$!
    sleep 0.5
    leases
    echo "round $round dnsmasq rss_kb=$(rss $dpid)"
    kill "$dpid"; wait "$dpid" || true
    rm -f "$work/dnsmasq.leases"
done
