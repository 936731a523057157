#!/bin/sh
# Footprint benchmark (results in docs/benchmarks.md "Footprint"): the resident set size of a
# DHCP server serving one guest, after that guest got its lease, for k6t-net (ServeMain, i.e. the
# DhcpServer of `k6t-net dhcp serve` without the CLI, under several JVM option sets; and the CLI's own
# `dhcp serve` when K6T_NET_JAR points at its shaded jar) beside dnsmasq and Kea in the same run, on
# the same bridge; and `k6t-net run` (bridge binding plus its DHCP server) in a pod of its own, its guest on
# the bridge. The CLI runs through bin/k6t-net (its server flags and per-command class-data archive: the
# first start writes the archive at exit, the second maps it). Prints one TSV line per server: name, RSS in
# kB, threads, lease time in ms.
# Needs root, iproute2, udhcpc, dnsmasq, kea-dhcp4 and a built tree (mvn -pl integration-tests -am test-compile).
. "$(cd "$(dirname "$0")" && pwd)/harden-lib.sh"

make_topology
cat > "$WORK/hook" <<HOOK
#!/bin/sh
[ "\$1" = bound ] && echo "\$ip" > $WORK/bound
exit 0
HOOK
chmod +x "$WORK/hook"

lease_ms() { # [guest namespace]
    rm -f "$WORK/bound"
    t0=$(date +%s%N)
    ip netns exec "${1:-$GUEST}" udhcpc -i eth0 -f -q -n -t 5 -T 1 -s "$WORK/hook" > "$WORK/udhcpc.log" 2>&1 || true
    t1=$(date +%s%N)
    if [ "$(cat "$WORK/bound" 2>/dev/null)" = 10.244.1.5 ]; then echo $(( (t1 - t0) / 1000000 )); else echo FAIL; fi
}

measure() { # name pid [guest namespace]
    ms=$(lease_ms "${3:-}")
    ms2=$(lease_ms "${3:-}")
    printf '%s\t%s\t%s\t%s\n' "$1" "$(rss_kb "$2")" "$(threads "$2")" "$ms/$ms2"
    kill "$2"; wait "$2" 2>/dev/null || true
}

# The smallest set found: serial GC, 16 MB heap, C1 only with one compiler thread, small code cache and
# thread stacks, and Netty's unpooled allocator (its pooled arenas touch whole chunks of direct memory).
SMALL="-XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData -Xmx16m -Xss256k -XX:ReservedCodeCacheSize=8m \
-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxDirectMemorySize=16m -Dio.netty.allocator.type=unpooled"
printf 'server\trss_kb\tthreads\tlease_ms(first/second)\n'
for opts in "-XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData" \
        "-XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData -Xmx32m -Xss256k -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=48m -XX:TieredStopAtLevel=1" \
        "$SMALL" \
        ""; do
    JVM_OPTS=$opts
    start_server
    measure "ServeMain ${opts:-(JVM defaults)}" "$SERVER_PID"
done

if [ -n "${K6T_NET_JAR:-}" ]; then
    rm -f "${K6T_NET_JAR%.jar}"-*.jsa "${K6T_NET_JAR%.jar}"-*.jsa.*.tmp
    cli() { # name, then the command and its arguments after bin/k6t-net or java -jar
        name=$1; shift
        rm -f "$WORK/ready"
        "$@" > "$WORK/cli.log" 2>&1 &
        pid=$!; PIDS="$PIDS $pid"
        i=0; while [ ! -e "$WORK/ready" ] && [ $i -lt 300 ]; do i=$((i + 1)); sleep 0.1; done
        [ -z "${CLI_GUEST:-}" ] || join_guest
        measure "$name" "$pid" "${CLI_GUEST:-}"
    }
    # shellcheck disable=SC2086
    cli "k6t-net dhcp serve, java -jar ${CLI_OPTS:=-XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData}" \
        java $CLI_OPTS -jar "$K6T_NET_JAR" dhcp serve --lease "$WORK/lease.json" --netns "$POD" --ready-file "$WORK/ready"
    for start in first second; do
        cli "k6t-net dhcp serve, bin/k6t-net, $start start" \
            "$repo/bin/k6t-net" dhcp serve --lease "$WORK/lease.json" --netns "$POD" --ready-file "$WORK/ready"
    done

    # k6t-net run: node and pod joined by a veth pair like a CNI plugin does, a guest on the pod's bridge.
    NODE=$tag-node RPOD=$tag-rpod RGUEST=$tag-rguest
    trap 'for ns in $NODE $RPOD $RGUEST; do ip netns del "$ns" 2>/dev/null || true; done; cleanup' EXIT INT TERM
    for ns in $NODE $RPOD $RGUEST; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
    ip -n "$NODE" link add veth-pod type veth peer name eth0 netns "$RPOD"
    ip -n "$NODE" addr add 10.244.1.1/24 dev veth-pod
    ip -n "$NODE" link set veth-pod up
    ip -n "$RPOD" link set eth0 mtu 1450 up
    ip -n "$RPOD" addr add 10.244.1.5/24 dev eth0
    ip -n "$RPOD" route add default via 10.244.1.1
    pod_mac=$(ip netns exec "$RPOD" cat /sys/class/net/eth0/address)
    printf 'nameserver 10.96.0.10\n' > "$WORK/resolv.conf"
    cat > "$WORK/pod.json" <<JSON
{ "stateDir": "$WORK/state", "resolvConf": "$WORK/resolv.conf", "hostname": "vm",
  "interfaces": [ { "name": "default", "podInterface": "eth0", "binding": "bridge" } ] }
JSON
    ip -n "$RPOD" link add vguest type veth peer name eth0 netns "$RGUEST"
    ip -n "$RGUEST" link set eth0 address "$pod_mac" up
    join_guest() { # run made the bridge k6t-eth0 (with eth0 on it); the guest's port joins it
        ip -n "$RPOD" link set vguest mtu 1450 master k6t-eth0 up
    }
    for start in first second; do
        CLI_GUEST=$RGUEST cli "k6t-net run, bin/k6t-net, $start start" \
            "$repo/bin/k6t-net" run --config "$WORK/pod.json" --netns "$RPOD" --ready-file "$WORK/ready"
    done
fi

ip netns exec "$POD" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --interface=k6t-eth0 \
    --bind-interfaces --except-interface=lo --dhcp-range=10.244.1.0,static,255.255.255.0,1h \
    --dhcp-host=02:00:00:74:17:75,10.244.1.5 --dhcp-authoritative --no-ping --shared-network=k6t-eth0,10.244.1.5 \
    --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid" --user=root > "$WORK/dnsmasq.log" 2>&1 &
pid=$!; PIDS="$PIDS $pid"
sleep 0.5
measure "dnsmasq $(dnsmasq --version | head -n 1 | awk '{print $3}')" "$pid"

cat > "$WORK/kea.json" <<JSON
{ "Dhcp4": { "interfaces-config": { "interfaces": ["k6t-eth0"] },
  "lease-database": { "type": "memfile", "persist": false },
  "subnet4": [ { "id": 1, "subnet": "10.244.1.0/24", "interface": "k6t-eth0",
      "reservations": [ { "hw-address": "02:00:00:74:17:75", "ip-address": "10.244.1.5" } ],
      "option-data": [ { "name": "routers", "data": "10.244.1.1" } ] } ],
  "valid-lifetime": 3600 } }
JSON
mkdir -p "$WORK/kea"
ip netns exec "$POD" env KEA_PIDFILE_DIR="$WORK/kea" KEA_LOCKFILE_DIR=none kea-dhcp4 -c "$WORK/kea.json" \
    > "$WORK/kea.log" 2>&1 &
pid=$!; PIDS="$PIDS $pid"
sleep 1
measure "kea-dhcp4 $(kea-dhcp4 -v)" "$pid"
