#!/usr/bin/env bash
# `k6t-net dhcp serve` as shipped (bin/k6t-net: the servers' JVM flags, the per-transaction line on
# stdout, its class-data archive) against dnsmasq, on the same veth, one server at a time, in
# alternating rounds (k6t-net first in odd rounds, dnsmasq first in even ones), so both see the same
# background load. perfdhcp (kea-admin) acts as a relay from its own namespace: the one client MAC
# 02:00:00:74:17:75 gets .50/24 with router, DNS, search domain and MTU from both servers.
# The server and every perfdhcp run in sessions of their own (setsid): the kernel shares the CPUs
# between sessions first (autogroup scheduling), so in one session with the benchmark the server would
# compete with its own load generator, and the machine's other work decides how much each gets.
# Per round and server: a fresh start, WARMUP_SECONDS at 2000/s (not measured), then
#   saturated rate: CLIENTS perfdhcp at once, each from its own address on the same veth, offer
#     SAT_RATE exchanges/s together for SAT_SECONDS (one perfdhcp alone cannot offer more than either
#     server answers here); completed four-way exchanges (ACKs received, summed) per second;
#   latency: perfdhcp at LAT_RATE/s for LAT_SECONDS; mean DISCOVER-OFFER and REQUEST-ACK delay, and the
#     server's CPU time per message there (at this rate each request finds the server asleep and its
#     caches cold: the CPU a message costs then, not at saturation, is what its reply waits for);
#   with SPLIT=1 also the server's own share of the latency: dumpcap on the server's end of the veth
#     during the latency phase, each reply's time after its request there (median, 99th percentile).
# Prints a Markdown table with every round, the medians and the k6t-net/dnsmasq ratios, and the load
# average before and after (stdout and $OUT, default target/bench-dhcp-shipped.md).
#
# Usage (root): scripts/bench-dhcp-shipped.sh [ROUNDS]   (default 3; needs a built cli:
#   mvn -pl cli -am package -DskipTests; perfdhcp, dnsmasq)
# env: SAT_RATE (30000), CLIENTS (3), SAT_SECONDS (10), LAT_RATE (1000), LAT_SECONDS (10), WARMUP_SECONDS (10),
#   NICE (-10: the servers and perfdhcp, as in bench-dhcp.sh), K6T_NET_JAVA_OPTS (extra JVM options),
#   SPLIT (1: capture the server side of the latency phase; needs dumpcap and tshark).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ROUNDS=${1:-3}
SAT_RATE=${SAT_RATE:-30000}
CLIENTS=${CLIENTS:-3}
SAT_SECONDS=${SAT_SECONDS:-10}
LAT_RATE=${LAT_RATE:-1000}
LAT_SECONDS=${LAT_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
NICE=${NICE:--10}
MAC=02:00:00:74:17:75
OUT=${OUT:-target/bench-dhcp-shipped.md}
NS_SERVER=k6tship-srv-$$
NS_PERF=k6tship-perf-$$
WORK=$(mktemp -d /tmp/k6t-bench-shipped.XXXXXX)
chmod 755 "$WORK"
LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
SERVER_PID=
BENCH=bench-dhcp-shipped
# shellcheck source=scripts/bench-perfdhcp-lib.sh
. "$ROOT/scripts/bench-perfdhcp-lib.sh"

tools="perfdhcp dnsmasq java ip"
[ -z "${SPLIT:-}" ] || tools="$tools dumpcap tshark"
for tool in $tools; do
    command -v "$tool" >/dev/null || { echo "bench-dhcp-shipped: missing $tool (scripts/install-deps.sh)" >&2; exit 1; }
done
ls "$ROOT"/cli/target/k6t-cli-*-shaded.jar >/dev/null 2>&1 \
    || { echo "bench-dhcp-shipped: build the cli first (mvn -pl cli -am package -DskipTests)" >&2; exit 1; }

trap bench_cleanup EXIT

dhcp4_bench_network "$CLIENTS"

start_server() { # k6t-net | dnsmasq
    if [ "$1" = k6t-net ]; then
        start_k6t_net "$ROOT/bin/k6t-net"
    else
        start_dnsmasq4
    fi
}


# CLIENTS perfdhcp at once, each from its own address (each binds port 67 there, as a relay does).
perf_all() { # rate seconds out-prefix
    local pids=() i
    for i in $(seq "$CLIENTS"); do
        perfdhcp4 $(($1 / CLIENTS)) "$2" "$3.$i" "10.99.1.$((i + 1))" &
        pids+=($!)
    done
    wait "${pids[@]}"
}

# The server's time to answer, per exchange, from a capture on its own end of the veth: "median p99" in µs
# of the reply's time after its request (DISCOVER->OFFER and REQUEST->ACK together, matched by xid).
server_split() { # pcap
    tshark -r "$1" -T fields -e frame.time_epoch -e dhcp.id -e dhcp.option.dhcp 2>/dev/null | awk '
        $3 == 1 || $3 == 3 {asked[$2, $3] = $1}
        ($3 == 2 && (($2, 1) in asked)) || ($3 == 5 && (($2, 3) in asked)) {print ($1 - asked[$2, $3 == 2 ? 1 : 3]) * 1e6}' \
        | sort -g | awk '{v[NR] = $1} END {
            if (NR == 0) {print "- -"; exit}
            p99 = int(NR * 0.99) + 1
            if (p99 > NR) p99 = NR
            printf "%.0f %.0f\n", v[int((NR + 1) / 2)], v[p99]}'
}

# The wrapper writes the server's class-data archive at the first exit after a build and maps it
# from then on: one untimed start so that every measured start is a later one, as in service.
start_server k6t-net
stop_server

declare -A SAT DO RA CPU LCPU SPL
for round in $(seq "$ROUNDS"); do
    order="k6t-net dnsmasq"
    [ $((round % 2)) = 0 ] && order="dnsmasq k6t-net"
    for s in $order; do
        start_server "$s"
        perfdhcp4 2000 "$WARMUP_SECONDS" "$WORK/warmup.txt"
        cpu_before=$(cpu_ticks "$SERVER_PID")
        perf_all "$SAT_RATE" "$SAT_SECONDS" "$WORK/sat"
        cpu_after=$(cpu_ticks "$SERVER_PID")
        acks=0
        for i in $(seq "$CLIENTS"); do
            read -r n _ <<<"$(stat_of "$WORK/sat.$i" REQUEST-ACK)"
            acks=$((acks + n))
        done
        SAT[$s,$round]=$((acks / SAT_SECONDS))
        # CPU time of the server (all its threads, user + system) per completed exchange, in µs.
        CPU[$s,$round]=$(us_per $((cpu_after - cpu_before)) "$acks")
        capture=
        if [ -n "${SPLIT:-}" ]; then
            ip netns exec "$NS_SERVER" dumpcap -q -i k6t-bench -f "udp port 67" -w "$WORK/split.pcap" 2>/dev/null &
            capture=$!
            for _ in $(seq 50); do [ -s "$WORK/split.pcap" ] && break; sleep 0.1; done
        fi
        cpu_before=$(cpu_ticks "$SERVER_PID")
        perfdhcp4 "$LAT_RATE" "$LAT_SECONDS" "$WORK/lat.txt"
        cpu_after=$(cpu_ticks "$SERVER_PID")
        read -r n_do DO[$s,$round] <<<"$(stat_of "$WORK/lat.txt" DISCOVER-OFFER)"
        read -r n_ra RA[$s,$round] <<<"$(stat_of "$WORK/lat.txt" REQUEST-ACK)"
        # CPU time of the server per message answered at the latency rate, in µs.
        LCPU[$s,$round]=$(us_per $((cpu_after - cpu_before)) $((n_do + n_ra)))
        SPL[$s,$round]="- -"
        if [ -n "$capture" ]; then
            kill -TERM "$capture"
            wait "$capture" 2>/dev/null || true
            SPL[$s,$round]=$(server_split "$WORK/split.pcap")
            rm -f "$WORK/split.pcap"
        fi
        stop_server
        echo "bench-dhcp-shipped: round $round $s: saturated ${SAT[$s,$round]}/s (${CPU[$s,$round]} µs CPU each);" \
            "at ${LAT_RATE}/s DISCOVER-OFFER ${DO[$s,$round]} ms, REQUEST-ACK ${RA[$s,$round]} ms," \
            "${LCPU[$s,$round]} µs CPU per message${SPLIT:+, server side median/p99 ${SPL[$s,$round]/ //} µs}" >&2
    done
done
LOAD_AFTER=$(cut -d" " -f1-3 /proc/loadavg)

declare -A MED
{
    echo "| server | saturated rate (exchanges/s), rounds | median | server CPU per exchange there (µs), rounds | median | DISCOVER-OFFER mean at ${LAT_RATE}/s (ms), rounds | median | REQUEST-ACK mean at ${LAT_RATE}/s (ms), rounds | median | server CPU per message at ${LAT_RATE}/s (µs), rounds | median |${SPLIT:+ server side median / p99 (µs), rounds |}"
    echo "|---|---|---:|---|---:|---|---:|---|---:|---|---:|${SPLIT:+---|}"
    for s in k6t-net dnsmasq; do
        sat=(); cpu=(); do_=(); ra=(); lcpu=(); spl=()
        for round in $(seq "$ROUNDS"); do
            sat+=("${SAT[$s,$round]}"); cpu+=("${CPU[$s,$round]}"); do_+=("${DO[$s,$round]}"); ra+=("${RA[$s,$round]}")
            lcpu+=("${LCPU[$s,$round]}"); spl+=("${SPL[$s,$round]/ //}")
        done
        MED[$s,sat]=$(median "${sat[@]}"); MED[$s,cpu]=$(median "${cpu[@]}")
        MED[$s,do]=$(median "${do_[@]}"); MED[$s,ra]=$(median "${ra[@]}"); MED[$s,lcpu]=$(median "${lcpu[@]}")
        echo "| $s | ${sat[*]} | ${MED[$s,sat]} | ${cpu[*]} | ${MED[$s,cpu]} | ${do_[*]} | ${MED[$s,do]} | ${ra[*]} | ${MED[$s,ra]} | ${lcpu[*]} | ${MED[$s,lcpu]} |${SPLIT:+ ${spl[*]} |}"
    done
    echo
    awk -v r="$LAT_RATE" -v a="${MED[k6t-net,sat]}" -v b="${MED[dnsmasq,sat]}" -v c="${MED[k6t-net,do]}" -v d="${MED[dnsmasq,do]}" \
        -v e="${MED[k6t-net,ra]}" -v f="${MED[dnsmasq,ra]}" -v g="${MED[k6t-net,cpu]}" -v h="${MED[dnsmasq,cpu]}" \
        -v i="${MED[k6t-net,lcpu]}" -v j="${MED[dnsmasq,lcpu]}" 'BEGIN {
        printf "k6t-net / dnsmasq (medians): saturated rate %.2fx; CPU per exchange %.2fx; latency at %s/s DISCOVER-OFFER %.2fx, REQUEST-ACK %.2fx; CPU per message there %.2fx\n", a / b, g / h, r, c / d, e / f, (j > 0 ? i / j : 0)}'
    echo
    echo "$ROUNDS alternating rounds; offered ${SAT_RATE}/s by $CLIENTS perfdhcp for ${SAT_SECONDS} s (saturated), ${LAT_RATE}/s for ${LAT_SECONDS} s" \
        "(latency), after ${WARMUP_SECONDS} s at 2000/s; nice ${NICE}; $(perfdhcp -v 2>&1 | head -n1 | tr -d '\n');" \
        "load average before: $LOAD_BEFORE, after: $LOAD_AFTER."
} | tee "$WORK/result.md"
mkdir -p "$(dirname "$OUT")"
cp "$WORK/result.md" "$OUT"
