#!/usr/bin/env bash
# CNI plugin start-up: ADD and DEL wall time (process start to exit) of bin/k6t-net-cni against
# Debian's reference `bridge` and `ptp` plugins (package containernetworking-plugins), on the same
# pod, interleaved in one run, as medians and ratios (ratios are what counts on a shared machine).
#   floor         /bin/true as the plugin: what starting any plugin costs here (ip netns exec, env, time)
#   bridge        ADD/DEL of bridge + host-local on eth0 of the pod
#   ptp           ADD/DEL of ptp + host-local on eth0 of the pod
#   k6t-daemon    ADD/DEL of k6t-net chained after ptp (the ptp ADD/DEL around it untimed), forwarded
#                 by the shipped C client to the node daemon (k6t-net cni-daemon, started here inside
#                 the node namespace, as the DaemonSet runs it, and warmed by the first round)
#   k6t-javacli   the same through the other client candidate, a java.base-only Java main
#                 (scripts/bench/cni-client/CniClient.java) with the JDK's start-up flags and an
#                 application class-data archive trained here
#   k6t-inproc    the same without a daemon: the plugin's own JVM per call, as shipped (its class-data
#                 archive trained by one ADD first)
# k6t-net's state directory is on tmpfs, as its default /run/k6t-net/cni is on a node (/run and /tmp
# are on disk on the build machine). Every plugin runs inside a "node" namespace, as a runtime would
# run it. Wall time and CPU time are both reported: CPU is user + system of the plugin and everything
# it starts (GNU time), plus for the daemon rows what the daemon spent on the request (its
# /proc/PID/stat before and after), both in 10 ms steps; on a loaded machine the wall time is mostly
# waiting for a core.
#
#   scripts/bench-cni.sh [RUNS]      (root; needs a built cli module: mvn -pl cli -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
cni=/usr/lib/cni
k6t="$PWD/bin/k6t-net-cni"
jar=$(ls cli/target/k6t-cli-*-cni.jar)
work=$(mktemp -d /tmp/k6t-bench-cni.XXXXXX)
state=$(mktemp -d /dev/shm/k6t-bench-cni-state.XXXXXX)
socket="$state/cni.sock"
node="k6tbench-cni-node-$$"
pod="k6tbench-cni-pod-$$"
daemon=
cleanup() {
  if [ -n "$daemon" ]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; fi
  ip netns del "$pod" 2>/dev/null || true; ip netns del "$node" 2>/dev/null || true; rm -rf "$work" "$state"
}
trap cleanup EXIT
ip netns add "$node"
ip netns add "$pod"
ip -n "$node" link set lo up
ip -n "$pod" link set lo up

ipam='"ipam": {"type": "host-local", "subnet": "10.244.1.0/24", "dataDir": "'"$work"'/ipam", "routes": [{"dst": "0.0.0.0/0"}]}'
echo '{"cniVersion": "1.0.0", "name": "bench", "type": "bridge", "bridge": "cni0", "isGateway": true, '"$ipam"'}' \
  > "$work/bridge.json"
echo '{"cniVersion": "1.0.0", "name": "bench", "type": "ptp", '"$ipam"'}' > "$work/ptp.json"

# The Java client candidate: compiled here, its class-data archive trained by one VERSION call below.
javaflags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -Xlog:disable -Xlog:all=error:stderr"
mkdir -p "$work/javacli"
javac -d "$work/javacli" scripts/bench/cni-client/CniClient.java
jar --create --file "$work/javacli.jar" -C "$work/javacli" .   # an archive maps classes from jars only
# shellcheck disable=SC2016 # expanded by the generated script
printf '#!/bin/sh\nexec java %s -XX:SharedArchiveFile=%s -cp %s CniClient "$K6T_NET_CNI_SOCKET"\n' \
  "$javaflags" "$work/javacli.jsa" "$work/javacli.jar" > "$work/k6t-javacli"
chmod +x "$work/k6t-javacli"

ip netns exec "$node" env -i PATH="$PATH" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} "$PWD/bin/k6t-net" cni-daemon \
  --socket "$socket" > "$work/daemon.out" 2> "$work/daemon.log" &
daemon=$!
for _ in $(seq 600); do
  grep -q "serving CNI requests" "$work/daemon.out" 2>/dev/null && break
  kill -0 "$daemon" 2>/dev/null || { cat "$work/daemon.log" >&2; exit 1; }
  sleep 0.1
done
echo '{"cniVersion":"1.0.0"}' | env -i CNI_COMMAND=VERSION java $javaflags -XX:ArchiveClassesAtExit="$work/javacli.jsa" \
  -cp "$work/javacli.jar" CniClient "$socket" > /dev/null

daemon_ticks() { awk '{ print $14 + $15 }' "/proc/$daemon/stat"; }

# plugin LABEL EXE COMMAND CONFIG SOCKET -> the plugin's stdout in $work/out.json; wall time (date, ns)
# and CPU time (GNU time: user + system of the plugin and its children, 10 ms resolution; plus the
# daemon's when SOCKET is set) in µs appended to $work/<label> and $work/<label>.cpu
plugin() {
  local label=$1 exe=$2 command=$3 config=$4 sock=${5:-} start end before=0 after=0
  [ -n "$sock" ] && before=$(daemon_ticks)
  start=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/time" ip netns exec "$node" env -i PATH="$PATH" \
    ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} K6T_NET_CNI_SOCKET="$sock" CNI_COMMAND="$command" CNI_CONTAINERID=bench \
    CNI_IFNAME=eth0 CNI_NETNS="/run/netns/$pod" CNI_PATH="$cni" "$exe" < "$config" > "$work/out.json"
  end=$(date +%s%N)
  [ -n "$sock" ] && after=$(daemon_ticks)
  if [ -n "$label" ]; then
    echo $(( (end - start) / 1000 )) >> "$work/$label"
    awk -v d=$(( after - before )) '{ printf "%d\n", ($1 + $2) * 1000000 + d * 10000 }' "$work/time" \
      >> "$work/$label.cpu"
  fi
}

k6t_config() {
  python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); print(json.dumps({"cniVersion": "1.0.0",
"name": "bench", "type": "k6t-net", "stateDir": sys.argv[2], "prevResult": p}))' "$work/out.json" "$state" \
    > "$work/k6t.json"
}

# k6t LABEL EXE SOCKET: ADD and DEL of k6t-net after an untimed ptp ADD, then an untimed ptp DEL
k6t() {
  plugin "" "$cni/ptp" ADD "$work/ptp.json"
  k6t_config
  plugin "${prefix}$1-ADD" "$2" ADD "$work/k6t.json" "$3"
  plugin "${prefix}$1-DEL" "$2" DEL "$work/k6t.json" "$3"
  plugin "" "$cni/ptp" DEL "$work/ptp.json"
}

round() {
  plugin "${prefix}floor-ADD" /bin/true ADD "$work/ptp.json"
  plugin "${prefix}floor-DEL" /bin/true DEL "$work/ptp.json"
  plugin "${prefix}bridge-ADD" "$cni/bridge" ADD "$work/bridge.json"
  plugin "${prefix}bridge-DEL" "$cni/bridge" DEL "$work/bridge.json"
  plugin "${prefix}ptp-ADD" "$cni/ptp" ADD "$work/ptp.json"
  plugin "${prefix}ptp-DEL" "$cni/ptp" DEL "$work/ptp.json"
  k6t k6t-daemon "$k6t" "$socket"
  k6t k6t-javacli "$work/k6t-javacli" "$socket"
  k6t k6t-inproc "$k6t" ""
}

rm -f "${jar%.jar}"-*.jsa
# Trains the in-process class-data archive (the first ADD writes it), warms the daemon (its first
# requests load the binding's classes) and the page cache.
prefix=warmup- round
rm -f "$work"/warmup-*
prefix=""
for _ in $(seq "$runs"); do round; done
grep -q "exit 0" "$work/daemon.log" || { echo "the daemon served no request" >&2; exit 1; }

median() { sort -n "$work/$1" | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $runs runs each, $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '| plugin | ADD median (ms) | DEL median (ms) | ADD / bridge | ADD / ptp | DEL / bridge | DEL / ptp | ADD CPU (ms) | DEL CPU (ms) |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
badd=$(median bridge-ADD); bdel=$(median bridge-DEL); padd=$(median ptp-ADD); pdel=$(median ptp-DEL)
for p in floor bridge ptp k6t-daemon k6t-javacli k6t-inproc; do
  add=$(median "$p-ADD"); del=$(median "$p-DEL"); addcpu=$(median "$p-ADD.cpu"); delcpu=$(median "$p-DEL.cpu")
  awk -v n="$p" -v a="$add" -v d="$del" -v ba="$badd" -v bd="$bdel" -v pa="$padd" -v pd="$pdel" -v ac="$addcpu" \
    -v dc="$delcpu" 'BEGIN {
    printf "| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f |\n", n, a / 1000, d / 1000, a / ba, a / pa,
      d / bd, d / pd, ac / 1000, dc / 1000 }'
done
