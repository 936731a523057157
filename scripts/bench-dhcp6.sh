#!/usr/bin/env bash
# perfdhcp -6 (kea-admin) against k6t-net's DHCPv6 server and dnsmasq's, on the same veth, one server at a
# time, in alternating rounds (k6t-net first in odd rounds, dnsmasq first in even ones), so both see the
# same background load. Both serve one client, as k6t-net is built to: the guest's MAC. perfdhcp's
# interface carries that MAC, so its link-local source is the EUI-64 address k6t-net recognises the guest
# by, and its client id is the DUID-LL of the same MAC (-R 1: one client). It sends Solicit to ff02::1:2
# (both servers join it on their interface) and Request after the Advertise (SARR, no Rapid Commit); both
# servers answer fd00:99::50/64 with a DNS server and a search domain.
# k6t-net: Dhcp6Server (what serve and run start per bridge) as a process of its own
# (io.k6t.net.it.bench.Serve6Main) with the JVM flags bin/k6t-net gives its servers. dnsmasq: DHCPv6 only,
# a static range and the host's address (--dhcp-host by MAC), no router advertisements.
# The server and perfdhcp run in sessions of their own (setsid): the kernel shares the CPUs between
# sessions first (autogroup scheduling), so neither competes with the benchmark script or with the other.
# Per round and server: a fresh start, WARMUP_SECONDS at 1000/s (not measured), then
#   saturated rate: perfdhcp offers SAT_RATE exchanges/s for SAT_SECONDS; completed SARR exchanges (Replies
#     to Request received) per second, and the server's CPU time per exchange;
#   latency: perfdhcp at LAT_RATE/s for LAT_SECONDS; mean Solicit-Advertise and Request-Reply delay.
# Prints a Markdown table with every round, the medians and the k6t-net/dnsmasq ratios, and the load average
# before and after (stdout and $OUT, default target/bench-dhcp6.md).
#
# Usage (root): scripts/bench-dhcp6.sh [ROUNDS]   (default 3; builds the integration tests' classes offline;
#   perfdhcp, dnsmasq)
# env: SAT_RATE (20000), SAT_SECONDS (10), LAT_RATE (1000), LAT_SECONDS (10), WARMUP_SECONDS (10),
#   NICE (-10: the servers and perfdhcp).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ROUNDS=${1:-3}
SAT_RATE=${SAT_RATE:-20000}
SAT_SECONDS=${SAT_SECONDS:-10}
LAT_RATE=${LAT_RATE:-1000}
LAT_SECONDS=${LAT_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
NICE=${NICE:--10}
MAC=02:00:00:74:17:75
SERVER_MAC=02:00:00:99:00:01
DUID=00030001${MAC//:/}
OUT=${OUT:-target/bench-dhcp6.md}
NS_SERVER=k6t6bench-srv-$$
NS_PERF=k6t6bench-perf-$$
WORK=$(mktemp -d /tmp/k6t-bench-dhcp6.XXXXXX)
chmod 755 "$WORK"
LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
SERVER_PID=
BENCH=bench-dhcp6
# shellcheck source=scripts/bench-perfdhcp-lib.sh
. "$ROOT/scripts/bench-perfdhcp-lib.sh"

for tool in perfdhcp dnsmasq java ip mvn; do
    command -v "$tool" >/dev/null || { echo "bench-dhcp6: missing $tool (scripts/install-deps.sh)" >&2; exit 1; }
done

trap bench_cleanup EXIT

# The servers' JVM flags, read from the wrapper so that there is one list of them.
SERVER_FLAGS=$(awk '/^    \*\) tuning="/ {on = 1} on {print} on && /;;$/ {exit}' bin/k6t-net \
    | sed 's/^ *\*) tuning="//; s/" ;;$//; s/\\$//' | tr '\n' ' ')
case "$SERVER_FLAGS" in
    *-Xmx*TieredStopAtLevel*) ;;
    *) echo "bench-dhcp6: cannot read the servers' JVM flags from bin/k6t-net: '$SERVER_FLAGS'" >&2; exit 1 ;;
esac
mvn -B -ntp -q -o test-compile dependency:build-classpath -pl integration-tests -am \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" -Dcheckstyle.skip >/dev/null
CP="integration-tests/target/test-classes:dhcp-server/target/classes:$(cat "$WORK/cp.txt")"

ip netns add "$NS_SERVER"
ip netns add "$NS_PERF"
for ns in "$NS_SERVER" "$NS_PERF"; do
    # No duplicate address detection: the link-local addresses are usable at once.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    ip -n "$ns" link set lo up
done
ip -n "$NS_SERVER" link add k6t-bench address "$SERVER_MAC" type veth peer name p-bench address "$MAC" netns "$NS_PERF"
# dnsmasq serves a range only on an interface with an address in it.
ip -n "$NS_SERVER" addr add fd00:99::1/64 dev k6t-bench
ip -n "$NS_SERVER" link set k6t-bench up
ip -n "$NS_PERF" link set p-bench up
for _ in $(seq 100); do
    ip -n "$NS_PERF" -6 addr show dev p-bench scope link | grep -q fe80 \
        && ip -n "$NS_SERVER" -6 addr show dev k6t-bench scope link | grep -q fe80 && break
    sleep 0.1
done

start_server() { # k6t-net | dnsmasq
    rm -f "$WORK/ready" "$WORK/dnsmasq.leases"
    if [ "$1" = k6t-net ]; then
        # shellcheck disable=SC2086 # the flags are a list
        setsid nice -n "$NICE" ip netns exec "$NS_SERVER" java $SERVER_FLAGS -cp "$CP" io.k6t.net.it.bench.Serve6Main \
            --interface k6t-bench --server-mac "$SERVER_MAC" --client-mac "$MAC" --address fd00:99::50/64 \
            --dns fd00:99::53 --search cluster.local --ready-file "$WORK/ready" \
            > "$WORK/k6t-net.out" 2> "$WORK/k6t-net.err" &
        SERVER_PID=$!
        await_k6t_net
        return
    fi
    setsid nice -n "$NICE" ip netns exec "$NS_SERVER" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
        --interface=k6t-bench --bind-interfaces --except-interface=lo --dhcp-range=fd00:99::,static,64,1h \
        --dhcp-host="$MAC,[fd00:99::50]" --dhcp-authoritative --quiet-dhcp6 \
        --dhcp-option=option6:dns-server,[fd00:99::53] --dhcp-option=option6:domain-search,cluster.local \
        --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid" --user=root \
        --log-facility="$WORK/dnsmasq.log" &
    SERVER_PID=$!
    await_dnsmasq 547
}

perf() { # rate seconds out
    setsid nice -n "$NICE" ip netns exec "$NS_PERF" timeout $(($2 + 30)) perfdhcp -6 -l p-bench -R 1 \
        -b "duid=$DUID" -r "$1" -p "$2" -W 500000 > "$3" 2>&1 || true
}


declare -A SAT SA RR CPU
for round in $(seq "$ROUNDS"); do
    order="k6t-net dnsmasq"
    [ $((round % 2)) = 0 ] && order="dnsmasq k6t-net"
    for s in $order; do
        start_server "$s"
        perf 1000 "$WARMUP_SECONDS" "$WORK/warmup.txt"
        read -r warm _ <<<"$(stat_of "$WORK/warmup.txt" REQUEST-REPLY)"
        if [ "$warm" -eq 0 ]; then
            cat "$WORK/warmup.txt" "$WORK/$s.err" "$WORK/k6t-net.err" >&2 2>/dev/null || true
            echo "bench-dhcp6: $s answered no exchange in the warm-up" >&2
            exit 1
        fi
        cpu_before=$(cpu_ticks "$SERVER_PID")
        perf "$SAT_RATE" "$SAT_SECONDS" "$WORK/sat.txt"
        cpu_after=$(cpu_ticks "$SERVER_PID")
        read -r replies _ <<<"$(stat_of "$WORK/sat.txt" REQUEST-REPLY)"
        SAT[$s,$round]=$((replies / SAT_SECONDS))
        # CPU time of the server (all its threads, user + system) per completed exchange, in µs.
        CPU[$s,$round]=$(us_per $((cpu_after - cpu_before)) "$replies")
        perf "$LAT_RATE" "$LAT_SECONDS" "$WORK/lat.txt"
        read -r _ SA[$s,$round] <<<"$(stat_of "$WORK/lat.txt" SOLICIT-ADVERTISE)"
        read -r _ RR[$s,$round] <<<"$(stat_of "$WORK/lat.txt" REQUEST-REPLY)"
        stop_server
        echo "bench-dhcp6: round $round $s: saturated ${SAT[$s,$round]}/s (${CPU[$s,$round]} µs CPU each);" \
            "at ${LAT_RATE}/s SOLICIT-ADVERTISE ${SA[$s,$round]} ms, REQUEST-REPLY ${RR[$s,$round]} ms" >&2
    done
done
LOAD_AFTER=$(cut -d" " -f1-3 /proc/loadavg)

declare -A MED
{
    echo "| server | saturated rate (exchanges/s), rounds | median | server CPU per exchange there (µs), rounds | median | SOLICIT-ADVERTISE mean at ${LAT_RATE}/s (ms), rounds | median | REQUEST-REPLY mean at ${LAT_RATE}/s (ms), rounds | median |"
    echo "|---|---|---:|---|---:|---|---:|---|---:|"
    for s in k6t-net dnsmasq; do
        sat=(); cpu=(); sa=(); rr=()
        for round in $(seq "$ROUNDS"); do
            sat+=("${SAT[$s,$round]}"); cpu+=("${CPU[$s,$round]}"); sa+=("${SA[$s,$round]}"); rr+=("${RR[$s,$round]}")
        done
        MED[$s,sat]=$(median "${sat[@]}"); MED[$s,cpu]=$(median "${cpu[@]}")
        MED[$s,sa]=$(median "${sa[@]}"); MED[$s,rr]=$(median "${rr[@]}")
        echo "| $s | ${sat[*]} | ${MED[$s,sat]} | ${cpu[*]} | ${MED[$s,cpu]} | ${sa[*]} | ${MED[$s,sa]} | ${rr[*]} | ${MED[$s,rr]} |"
    done
    echo
    awk -v r="$LAT_RATE" -v a="${MED[k6t-net,sat]}" -v b="${MED[dnsmasq,sat]}" -v c="${MED[k6t-net,sa]}" -v d="${MED[dnsmasq,sa]}" \
        -v e="${MED[k6t-net,rr]}" -v f="${MED[dnsmasq,rr]}" -v g="${MED[k6t-net,cpu]}" -v h="${MED[dnsmasq,cpu]}" 'BEGIN {
        printf "k6t-net / dnsmasq (medians): saturated rate %.2fx; CPU per exchange %.2fx; latency at %s/s SOLICIT-ADVERTISE %.2fx, REQUEST-REPLY %.2fx\n", a / b, g / h, r, c / d, e / f}'
    echo
    echo "$ROUNDS alternating rounds; offered ${SAT_RATE}/s for ${SAT_SECONDS} s (saturated), ${LAT_RATE}/s for ${LAT_SECONDS} s" \
        "(latency), after ${WARMUP_SECONDS} s at 1000/s; nice ${NICE}; $(perfdhcp -v 2>&1 | head -n1 | tr -d '\n');" \
        "$(dnsmasq --version | head -n1 | cut -d' ' -f1-3); load average before: $LOAD_BEFORE, after: $LOAD_AFTER."
} | tee "$WORK/result.md"
mkdir -p "$(dirname "$OUT")"
cp "$WORK/result.md" "$OUT"
