#!/usr/bin/env bash
# DHCP server benchmark: perfdhcp (kea-admin) in its own namespace, over a veth, against k6t-net,
# dnsmasq and kea-dhcp4 in the same run, each serving the single client MAC. perfdhcp acts as a
# relay (giaddr = its address, replies to port 67), so k6t-net runs with acceptRelayed.
# For each server the rate goes up step by step until more than 2.5% of either exchange
# (DISCOVER-OFFER, REQUEST-ACK) is dropped; reported: highest clean rate, mean and max latency at
# that rate, RSS of the server after the run. Results: a Markdown table on stdout (and $OUT).
#
# Usage (root): scripts/bench-dhcp.sh [SECONDS_PER_STEP] ; env RATES="1000 2000 ..." overrides the steps.
set -euo pipefail
cd "$(dirname "$0")/.."

STEP_SECONDS=${1:-5}
RATES=${RATES:-"500 1000 2000 3000 4000 5000 6000 7000 8000 9000 10000 11000 12000 13000 14000"}
MAX_DROP=2.5
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
MAC=02:00:00:74:17:75
OUT=${OUT:-target/bench-dhcp.md}
WORK=$(mktemp -d /tmp/k6t-bench-dhcp.XXXXXX)
NS_SRV=k6tbench-srv-$$
NS_PERF=k6tbench-perf-$$
IFACE=k6t-bench
SERVER_PID=

for tool in perfdhcp dnsmasq kea-dhcp4 java ip; do
  command -v "$tool" >/dev/null || { echo "bench-dhcp: missing $tool (scripts/install-deps.sh)" >&2; exit 1; }
done

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  ip netns del "$NS_SRV" 2>/dev/null || true
  ip netns del "$NS_PERF" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- build k6t-net and its classpath (test scope holds ServeMain) -------------------------------
mvn -B -ntp -q -o test-compile dependency:build-classpath -pl integration-tests -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" -Dcheckstyle.skip >/dev/null
CP="integration-tests/target/test-classes:dhcp-server/target/classes:$(cat "$WORK/cp.txt")"

# --- topology: perf (10.99.0.2, relay) <-veth-> srv (k6t-bench 10.99.0.1) ----------------------
ip netns add "$NS_SRV"
ip netns add "$NS_PERF"
ip -n "$NS_SRV" link set lo up
ip -n "$NS_PERF" link set lo up
ip -n "$NS_SRV" link add "$IFACE" type veth peer name eth0 netns "$NS_PERF"
ip -n "$NS_SRV" addr add 10.99.0.1/24 dev "$IFACE"
ip -n "$NS_PERF" addr add 10.99.0.2/24 dev eth0
ip -n "$NS_SRV" link set "$IFACE" up
ip -n "$NS_PERF" link set eth0 up

cat > "$WORK/lease.json" <<JSON
{"interface": "$IFACE", "serverAddress": "10.99.0.1", "clientMac": "$MAC", "address": "10.99.0.50/24",
 "gateway": "10.99.0.254", "dnsServers": ["10.96.0.10"], "searchDomains": ["cluster.local"],
 "mtu": 1500, "leaseSeconds": 3600, "acceptRelayed": true}
JSON
cat > "$WORK/kea.json" <<JSON
{"Dhcp4": {"interfaces-config": {"interfaces": ["$IFACE"], "dhcp-socket-type": "udp"},
  "lease-database": {"type": "memfile", "persist": false},
  "host-reservation-identifiers": ["hw-address"], "valid-lifetime": 3600,
  "subnet4": [{"id": 1, "subnet": "10.99.0.0/24",
    "reservations": [{"hw-address": "$MAC", "ip-address": "10.99.0.50"}],
    "option-data": [{"name": "routers", "data": "10.99.0.254"}, {"name": "domain-name-servers", "data": "10.96.0.10"},
      {"name": "domain-search", "data": "cluster.local"}, {"name": "interface-mtu", "data": "1500"}]}],
  "loggers": [{"name": "kea-dhcp4", "severity": "WARN", "output_options": [{"output": "$WORK/kea.log"}]}]}}
JSON

start_server() { # name
  local ready="$WORK/$1.ready"
  rm -f "$ready"
  case "$1" in
    k6t-net)
      ip netns exec "$NS_SRV" java -Xms32m -Xmx64m -XX:+UseSerialGC \
        -cp "$CP" io.k6t.net.it.bench.ServeMain --ready-file "$ready" --max-seconds 900 "$WORK/lease.json" \
        >"$WORK/k6t.log" 2>&1 &
      SERVER_PID=$!
      for _ in $(seq 200); do [ -s "$ready" ] && break; sleep 0.1; done
      [ -s "$ready" ] || { cat "$WORK/k6t.log" >&2; echo "k6t-net did not start" >&2; exit 1; } ;;
    dnsmasq)
      ip netns exec "$NS_SRV" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --interface="$IFACE" \
        --bind-interfaces --except-interface=lo --dhcp-range=10.99.0.0,static,255.255.255.0,1h \
        --dhcp-host="$MAC",10.99.0.50 --dhcp-authoritative --no-ping --quiet-dhcp \
        --dhcp-option=3,10.99.0.254 --dhcp-option=6,10.96.0.10 --dhcp-option=119,cluster.local \
        --dhcp-option=26,1500 --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid" --user=root \
        --log-facility="$WORK/dnsmasq.log" &
      SERVER_PID=$!
      sleep 1 ;;
    kea)
      mkdir -p "$WORK/kea-run"
      KEA_PIDFILE_DIR="$WORK/kea-run" KEA_LOCKFILE_DIR=none ip netns exec "$NS_SRV" kea-dhcp4 -c "$WORK/kea.json" \
        >"$WORK/kea.out" 2>&1 &
      SERVER_PID=$!
      sleep 2 ;;
  esac
  kill -0 "$SERVER_PID" || { echo "$1 did not start" >&2; exit 1; }
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

server_rss_kb() { # RSS of the server process (the java/dnsmasq/kea child of ip netns exec)
  local pid=$SERVER_PID child
  child=$(pgrep -P "$pid" | head -n1 || true)
  [ -n "$child" ] && pid=$child
  awk '/VmRSS/ {print $2}' "/proc/$pid/status"
}

# perfdhcp output -> "drop% mean_ms max_ms" for one exchange ("DISCOVER-OFFER" or "REQUEST-ACK")
stat_of() { # file exchange
  awk -v ex="$2" '
    $0 ~ "Statistics for: " ex {on=1; next}
    on && /^\*\*\*/ {on=0}
    on && /^sent packets:/ {sent=$3}
    on && /^received packets:/ {recv=$3}
    on && /^avg delay:/ {avg=$3}
    on && /^max delay:/ {max=$3}
    END {drop = sent > 0 ? 100 * (sent - recv) / sent : 100; printf "%.2f %s %s %s\n", drop, avg, max, recv}' "$1"
}

echo "| server | highest clean rate (exchanges/s) | DISCOVER-OFFER mean / max (ms) | REQUEST-ACK mean / max (ms) | RSS (MiB) |" > "$WORK/table"
echo "|---|---:|---:|---:|---:|" >> "$WORK/table"
declare -A BEST
for server in k6t-net dnsmasq kea; do
  start_server "$server"
  # Warm-up, not counted: every server gets the same (the JVM compiles its hot path here).
  ip netns exec "$NS_PERF" timeout $((WARMUP_SECONDS + 30)) perfdhcp -4 -l eth0 -R 1 -b "mac=$MAC" -r 1000 \
    -p "$WARMUP_SECONDS" -W 500000 10.99.0.1 >"$WORK/$server-warmup.txt" 2>&1 || true
  best=0; best_line="- / - | - / -"
  for rate in $RATES; do
    out="$WORK/$server-$rate.txt"
    ip netns exec "$NS_PERF" timeout $((STEP_SECONDS + 30)) perfdhcp -4 -l eth0 -R 1 -b "mac=$MAC" -r "$rate" \
      -p "$STEP_SECONDS" -W 500000 10.99.0.1 >"$out" 2>&1 || true
    read -r d_drop d_avg d_max d_recv <<<"$(stat_of "$out" DISCOVER-OFFER)"
    read -r r_drop r_avg r_max r_recv <<<"$(stat_of "$out" REQUEST-ACK)"
    echo "bench-dhcp: $server rate $rate: DO drop $d_drop% avg $d_avg max $d_max, RA drop $r_drop% avg $r_avg max $r_max" >&2
    if awk -v a="$d_drop" -v b="$r_drop" -v m="$MAX_DROP" 'BEGIN {exit !(a <= m && b <= m)}' \
        && [ "${r_recv:-0}" -gt 0 ]; then
      best=$rate; best_line="$d_avg / $d_max | $r_avg / $r_max"
    else
      break
    fi
  done
  rss=$(server_rss_kb)
  stop_server
  BEST[$server]=$best
  printf '| %s | %s | %s | %.1f |\n' "$server" "$best" "$best_line" "$(echo "$rss / 1024" | bc -l)" >> "$WORK/table"
done

{
  cat "$WORK/table"
  echo
  for peer in dnsmasq kea; do
    if [ "${BEST[$peer]}" -gt 0 ]; then
      printf 'k6t-net / %s clean-rate ratio: %.2f\n\n' "$peer" "$(echo "${BEST[k6t-net]} / ${BEST[$peer]}" | bc -l)"
    fi
  done
  echo "Steps: ${RATES}; ${STEP_SECONDS} s each; drop limit ${MAX_DROP}%; perfdhcp $(perfdhcp -v 2>&1 | head -n1)."
} | tee "$WORK/result.md"
mkdir -p "$(dirname "$OUT")"
cp "$WORK/result.md" "$OUT"
