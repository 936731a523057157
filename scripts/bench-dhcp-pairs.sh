#!/usr/bin/env bash
# Paired rounds at a low rate: two or more DHCPv4 servers, one at a time on the same veth, in turn within
# each round, so that the state of the machine (which moves one server's latency by up to 2x between
# rounds, docs/benchmarks.md "Latency at 1000/s") is shared by the servers compared. This is how each
# latency change was measured against the code before it. Per round and server: a fresh start,
# WARMUP_SECONDS at 2000/s (not measured), then perfdhcp at LAT_RATE/s for LAT_SECONDS: mean
# DISCOVER-OFFER and REQUEST-ACK delay, the server's CPU time per message (user + system, /proc), and its
# resident memory at the end. Prints a line per round and server, then the medians.
#
# Usage (root): scripts/bench-dhcp-pairs.sh ROUNDS SERVER...
#   SERVER: NAME=dnsmasq, or NAME=JAR[=JVM OPTIONS]: k6t-net dhcp serve from that shaded jar (empty: this
#   checkout's build) through bin/k6t-net, with the options added (K6T_NET_JAVA_OPTS). Example, the
#   code before and after a change, and dnsmasq:
#     scripts/bench-dhcp-pairs.sh 6 before=/tmp/before.jar after= dnsmasq=dnsmasq
#   A jar's class-data archive is written beside it at its first stop: give each jar one start first.
# env: LAT_RATE (1000), LAT_SECONDS (8), WARMUP_SECONDS (5), NICE (-10).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

[ $# -ge 2 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 2; }
ROUNDS=$1
shift
LAT_RATE=${LAT_RATE:-1000}
LAT_SECONDS=${LAT_SECONDS:-8}
WARMUP_SECONDS=${WARMUP_SECONDS:-5}
NICE=${NICE:--10}
MAC=02:00:00:74:17:75
NS_SERVER=k6tpair-srv-$$
NS_PERF=k6tpair-perf-$$
WORK=$(mktemp -d /tmp/k6t-bench-pairs.XXXXXX)
chmod 755 "$WORK"
SERVER_PID=
BENCH=bench-dhcp-pairs
# shellcheck source=scripts/bench-perfdhcp-lib.sh
. "$ROOT/scripts/bench-perfdhcp-lib.sh"

for tool in perfdhcp dnsmasq java ip; do
    command -v "$tool" >/dev/null || { echo "$BENCH: missing $tool (scripts/install-deps.sh)" >&2; exit 1; }
done

trap bench_cleanup EXIT

dhcp4_bench_network 1

declare -A DO RA CPU
names=()
for round in $(seq "$ROUNDS"); do
    for server in "$@"; do
        name=${server%%=*}
        spec=${server#*=}
        [ "$round" = 1 ] && names+=("$name")
        if [ "$spec" = dnsmasq ]; then
            start_dnsmasq4
        else
            jar=${spec%%=*}
            opts=
            [ "$jar" = "$spec" ] || opts=${spec#*=}
            K6T_NET_JAR=$jar K6T_NET_JAVA_OPTS=$opts start_k6t_net "$ROOT/bin/k6t-net"
        fi
        perfdhcp4 2000 "$WARMUP_SECONDS" "$WORK/warmup.txt"
        before=$(cpu_ticks "$SERVER_PID")
        perfdhcp4 "$LAT_RATE" "$LAT_SECONDS" "$WORK/lat.txt"
        after=$(cpu_ticks "$SERVER_PID")
        rss=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
        stop_server
        read -r n_do DO[$name,$round] <<<"$(stat_of "$WORK/lat.txt" DISCOVER-OFFER)"
        read -r n_ra RA[$name,$round] <<<"$(stat_of "$WORK/lat.txt" REQUEST-ACK)"
        CPU[$name,$round]=$(us_per $((after - before)) $((n_do + n_ra)))
        printf '%-12s round %d: DISCOVER-OFFER %s ms, REQUEST-ACK %s ms, %s µs CPU per message, %s kB resident\n' \
            "$name" "$round" "${DO[$name,$round]}" "${RA[$name,$round]}" "${CPU[$name,$round]}" "$rss"
    done
done
echo
echo "| server | DISCOVER-OFFER median (ms) | REQUEST-ACK median (ms) | CPU per message median (µs) |"
echo "|---|---:|---:|---:|"
for name in "${names[@]}"; do
    do_=(); ra=(); cpu=()
    for round in $(seq "$ROUNDS"); do
        do_+=("${DO[$name,$round]}"); ra+=("${RA[$name,$round]}"); cpu+=("${CPU[$name,$round]}")
    done
    echo "| $name | $(median "${do_[@]}") | $(median "${ra[@]}") | $(median "${cpu[@]}") |"
done
echo
echo "$ROUNDS rounds at ${LAT_RATE}/s for ${LAT_SECONDS} s after ${WARMUP_SECONDS} s at 2000/s; load average now: $(cut -d' ' -f1-3 /proc/loadavg)."
