# Functions the perfdhcp benchmarks of k6t-net against dnsmasq share (bench-dhcp-shipped.sh and
# bench-dhcp-pairs.sh for DHCPv4, bench-dhcp6.sh for DHCPv6); sourced, not run. The sourcing script sets
# BENCH (its name, for messages) and SERVER_PID (the server it started); the DHCPv4 ones also NS_SERVER,
# NS_PERF, WORK, MAC and NICE.

# setsid and ip netns exec exec in place, so $! is the server itself: the one process stopped by PID.
is_server() { # expected command name
    local comm
    comm=$(cat "/proc/$SERVER_PID/comm" 2>/dev/null || true)
    [ "$comm" = "$1" ] || { echo "$BENCH: PID $SERVER_PID is '$comm', not $1" >&2; exit 1; }
}

# perfdhcp output -> "received mean_ms" for one exchange ("DISCOVER-OFFER", "REQUEST-ACK",
# "SOLICIT-ADVERTISE", "REQUEST-REPLY")
stat_of() { # file exchange
    awk -v ex="$2" '
        $0 ~ "Statistics for: " ex {on=1; next}
        on && /^\*\*\*/ {on=0}
        on && /^received packets:/ {recv=$3}
        on && /^avg delay:/ {avg=$3}
        END {printf "%d %s\n", recv, avg}' "$1"
}

# CPU time of a process, all its threads, user + system, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# TICKS of CPU time (cpu_ticks after minus before) per one of COUNT things, in µs; 0 when COUNT is 0.
us_per() { # ticks count
    awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN {printf "%.0f", (n > 0 ? t * 1e6 / hz / n : 0)}'
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# DHCPv4: the server's namespace with k6t-bench (10.99.1.1/24), perfdhcp's with its veth peer p-bench
# (10.99.1.2 and up, one address per perfdhcp), and the lease both servers serve: MAC gets .50/24 with
# router, DNS, search domain and MTU ($WORK/lease.json, k6t-net's lease file).
dhcp4_bench_network() { # clients
    local i
    ip netns add "$NS_SERVER"
    ip netns add "$NS_PERF"
    ip -n "$NS_SERVER" link set lo up
    ip -n "$NS_PERF" link set lo up
    ip -n "$NS_SERVER" link add k6t-bench type veth peer name p-bench netns "$NS_PERF"
    ip -n "$NS_SERVER" addr add 10.99.1.1/24 dev k6t-bench
    for i in $(seq "$1"); do ip -n "$NS_PERF" addr add "10.99.1.$((i + 1))/24" dev p-bench; done
    ip -n "$NS_SERVER" link set k6t-bench up
    ip -n "$NS_PERF" link set p-bench up
    cat > "$WORK/lease.json" <<JSON
{"interface": "k6t-bench", "serverAddress": "10.99.1.1", "clientMac": "$MAC", "address": "10.99.1.50/24",
 "gateway": "10.99.1.254", "dnsServers": ["10.96.0.10"], "searchDomains": ["cluster.local"],
 "mtu": 1500, "leaseSeconds": 3600, "acceptRelayed": true}
JSON
}

# perfdhcp as a relay from perfdhcp's namespace, in a session of its own: RATE exchanges/s for SECONDS,
# as the one client MAC, from ADDRESS (default 10.99.1.2; each concurrent perfdhcp needs its own, as each
# binds port 67 there); its output to OUT.
perfdhcp4() { # rate seconds out [address]
    setsid nice -n "$NICE" ip netns exec "$NS_PERF" timeout $(($2 + 30)) perfdhcp -4 -l "${4:-10.99.1.2}" -R 1 \
        -b "mac=$MAC" -r "$1" -p "$2" -W 500000 10.99.1.1 > "$3" 2>&1 || true
}

# `dhcp serve` of that lease through the wrapper (its JVM flags and class-data archive; K6T_NET_JAR, if
# set, chooses the jar), in a session of its own; returns once it is bound.
start_k6t_net() { # wrapper
    rm -f "$WORK/ready"
    # ip netns exec and the wrapper exec: the PID is the JVM's.
    setsid nice -n "$NICE" ip netns exec "$NS_SERVER" env K6T_NET_JAVA_OPTS="${K6T_NET_JAVA_OPTS:-}" \
        "$1" dhcp serve --lease "$WORK/lease.json" --ready-file "$WORK/ready" \
        > "$WORK/k6t-net.out" 2> "$WORK/k6t-net.err" &
    SERVER_PID=$!
    await_k6t_net
}

# Returns once the k6t-net server just started wrote $WORK/ready; else shows its errors and fails.
await_k6t_net() {
    for _ in $(seq 600); do [ -s "$WORK/ready" ] && { is_server java; return; }; sleep 0.1; done
    cat "$WORK/k6t-net.err" >&2
    echo "$BENCH: k6t-net did not start" >&2
    exit 1
}

# dnsmasq serving the same lease, in a session of its own; returns once it listens.
start_dnsmasq4() {
    rm -f "$WORK/dnsmasq.leases"
    setsid nice -n "$NICE" ip netns exec "$NS_SERVER" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
        --interface=k6t-bench --bind-interfaces --except-interface=lo --dhcp-range=10.99.1.0,static,255.255.255.0,1h \
        --dhcp-host="$MAC,10.99.1.50" --dhcp-authoritative --no-ping --quiet-dhcp \
        --dhcp-option=3,10.99.1.254 --dhcp-option=6,10.96.0.10 --dhcp-option=119,cluster.local \
        --dhcp-option=26,1500 --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid" --user=root \
        --log-facility="$WORK/dnsmasq.log" &
    SERVER_PID=$!
    await_dnsmasq 67
}

# Returns once the dnsmasq just started listens on UDP port PORT in $NS_SERVER; else fails the benchmark.
await_dnsmasq() { # port
    for _ in $(seq 100); do
        ip netns exec "$NS_SERVER" ss -Hlun "sport = :$1" | grep -q . && { is_server dnsmasq; return; }
        sleep 0.1
    done
    echo "$BENCH: dnsmasq did not start" >&2
    exit 1
}

# The EXIT trap of every perfdhcp benchmark: the server stopped, both namespaces and $WORK gone
# ($WORK kept when KEEP is set).
bench_cleanup() {
    stop_server
    ip netns del "$NS_SERVER" 2>/dev/null || true
    ip netns del "$NS_PERF" 2>/dev/null || true
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}

stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
