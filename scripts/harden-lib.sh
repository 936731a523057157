# Shared by soak.sh and footprint.sh (sourced): throw-away namespaces with the design's DHCP wiring.
# pod: bridge k6t-eth0 169.254.75.10/32; guest: eth0 (MAC 02:00:00:74:17:75) on the bridge.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
tag=k6th$$
POD=$tag-pod
GUEST=$tag-guest
WORK=$(mktemp -d /tmp/$tag.XXXXXX)
PIDS=""

cleanup() {
    for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
    for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
    ip netns del "$POD" 2>/dev/null || true
    ip netns del "$GUEST" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

make_topology() {
    ip netns add "$POD"
    ip netns add "$GUEST"
    ip -n "$POD" link set lo up
    ip -n "$GUEST" link set lo up
    ip -n "$POD" link add k6t-eth0 type bridge
    ip -n "$POD" addr add 169.254.75.10/32 dev k6t-eth0
    ip -n "$POD" link set k6t-eth0 up
    ip -n "$POD" link add vp0 type veth peer name eth0 netns "$GUEST"
    ip -n "$POD" link set vp0 master k6t-eth0 up
    ip -n "$GUEST" link set eth0 address 02:00:00:74:17:75 up
    # Unicast renewals, as the binding sets up: the guest's address is routed to the bridge in the pod.
    ip -n "$POD" route add 10.244.1.5/32 dev k6t-eth0 scope link
    cat > "$WORK/lease.json" <<JSON
{ "interface": "k6t-eth0", "serverAddress": "169.254.75.10", "clientMac": "02:00:00:74:17:75",
  "address": "10.244.1.5/24", "gateway": "10.244.1.1",
  "routes": [{"destination": "0.0.0.0/0", "gateway": "10.244.1.1"}],
  "dnsServers": ["10.96.0.10"], "searchDomains": ["vm.svc.cluster.local", "cluster.local"],
  "mtu": 1450, "hostname": "soak", "leaseSeconds": LEASE_SECONDS }
JSON
    sed -i "s/LEASE_SECONDS/${LEASE_SECONDS:-3600}/" "$WORK/lease.json"
}

# The test classpath of integration-tests (built with: mvn -pl integration-tests -am test-compile).
classpath() {
    cp_file="$repo/integration-tests/target/harden-classpath.txt"
    if [ ! -s "$cp_file" ]; then
        # In the reactor (-am), so the project's own modules resolve without being installed; every
        # module writes the file, integration-tests (built last) writes it last.
        (cd "$repo" && mvn -B -ntp -q -o -Dcheckstyle.skip test-compile dependency:build-classpath \
            -pl integration-tests -am -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null)
    fi
    echo "$repo/integration-tests/target/test-classes:$repo/dhcp-server/target/classes:$repo/launcher-net/target/classes:$(cat "$cp_file")"
}

# Starts ServeMain with the given JVM options; sets SERVER_PID once it is bound.
start_server() {
    rm -f "$WORK/ready"
    # shellcheck disable=SC2086 # JVM option lists are split on purpose
    java ${JVM_OPTS:-} -cp "$(classpath)" io.k6t.net.it.bench.ServeMain --netns "$POD" --ready-file "$WORK/ready" "$WORK/lease.json" \
        > "$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    PIDS="$PIDS $SERVER_PID"
    i=0
    while [ ! -s "$WORK/ready" ]; do
        i=$((i + 1))
        if [ $i -gt 300 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
        fi
        sleep 0.1
    done
}

rss_kb() {
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

threads() {
    awk '/^Threads:/ {print $2}' "/proc/$1/status"
}
