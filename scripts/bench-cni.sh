#!/usr/bin/env bash
# CNI plugin start-up: ADD and DEL wall time (process start to exit) of bin/k6t-net-cni against
# Debian's reference `bridge` and `ptp` plugins (package containernetworking-plugins), on the same
# pod, interleaved in one run, as medians and ratios (ratios are what counts on a shared machine).
#   bridge   ADD/DEL of bridge + host-local on eth0 of the pod
#   ptp      ADD/DEL of ptp + host-local on eth0 of the pod
#   k6t-net  ADD/DEL of k6t-net chained after ptp (the ptp ADD/DEL around it untimed), as shipped:
#            its class-data archive is trained by one ADD first; its state directory on tmpfs, as
#            its default /run/k6t-net/cni is on a node (/run and /tmp are on disk on the build machine)
# Every plugin runs inside a "node" namespace, as a runtime would run it. Wall time and CPU time
# (user + system, of the plugin and everything it starts) are both reported: on a loaded machine the
# wall time is mostly waiting for a core.
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
node="k6tbench-cni-node-$$"
pod="k6tbench-cni-pod-$$"
cleanup() { ip netns del "$pod" 2>/dev/null || true; ip netns del "$node" 2>/dev/null || true; rm -rf "$work" "$state"; }
trap cleanup EXIT
ip netns add "$node"
ip netns add "$pod"
ip -n "$node" link set lo up
ip -n "$pod" link set lo up

ipam='"ipam": {"type": "host-local", "subnet": "10.244.1.0/24", "dataDir": "'"$work"'/ipam", "routes": [{"dst": "0.0.0.0/0"}]}'
echo '{"cniVersion": "1.0.0", "name": "bench", "type": "bridge", "bridge": "cni0", "isGateway": true, '"$ipam"'}' \
  > "$work/bridge.json"
echo '{"cniVersion": "1.0.0", "name": "bench", "type": "ptp", '"$ipam"'}' > "$work/ptp.json"

# plugin LABEL EXE COMMAND CONFIG -> the plugin's stdout in $work/out.json; wall time (date, ns) and
# CPU time (GNU time: user + system of the plugin and its children, 10 ms resolution) in µs appended
# to $work/<label> and $work/<label>.cpu
plugin() {
  local label=$1 exe=$2 command=$3 config=$4 start end
  start=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/time" ip netns exec "$node" env -i PATH="$PATH" \
    ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} CNI_COMMAND="$command" CNI_CONTAINERID=bench CNI_IFNAME=eth0 \
    CNI_NETNS="/run/netns/$pod" CNI_PATH="$cni" "$exe" < "$config" > "$work/out.json"
  end=$(date +%s%N)
  if [ -n "$label" ]; then
    echo $(( (end - start) / 1000 )) >> "$work/$label"
    awk '{ printf "%d\n", ($1 + $2) * 1000000 }' "$work/time" >> "$work/$label.cpu"
  fi
}

k6t_config() {
  python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); print(json.dumps({"cniVersion": "1.0.0",
"name": "bench", "type": "k6t-net", "stateDir": sys.argv[2], "prevResult": p}))' "$work/out.json" "$state" \
    > "$work/k6t.json"
}

round() {
  plugin bridge-ADD "$cni/bridge" ADD "$work/bridge.json"
  plugin bridge-DEL "$cni/bridge" DEL "$work/bridge.json"
  plugin ptp-ADD "$cni/ptp" ADD "$work/ptp.json"
  plugin ptp-DEL "$cni/ptp" DEL "$work/ptp.json"
  plugin "" "$cni/ptp" ADD "$work/ptp.json"
  k6t_config
  plugin "${1}k6t-ADD" "$k6t" ADD "$work/k6t.json"
  plugin "${1}k6t-DEL" "$k6t" DEL "$work/k6t.json"
  plugin "" "$cni/ptp" DEL "$work/ptp.json"
}

rm -f "${jar%.jar}"-*.jsa
round warmup-   # trains the class-data archive (the first ADD writes it) and warms the page cache
rm -f "$work"/warmup-*
for _ in $(seq "$runs"); do round ""; done

median() { sort -n "$work/$1" | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $runs runs each"
printf '| plugin | ADD median (ms) | DEL median (ms) | ADD / bridge | ADD / ptp | DEL / bridge | DEL / ptp | ADD CPU (ms) | DEL CPU (ms) |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
badd=$(median bridge-ADD); bdel=$(median bridge-DEL); padd=$(median ptp-ADD); pdel=$(median ptp-DEL)
for p in bridge ptp k6t; do
  add=$(median "$p-ADD"); del=$(median "$p-DEL"); addcpu=$(median "$p-ADD.cpu"); delcpu=$(median "$p-DEL.cpu")
  awk -v n="$p" -v a="$add" -v d="$del" -v ba="$badd" -v bd="$bdel" -v pa="$padd" -v pd="$pdel" -v ac="$addcpu" \
    -v dc="$delcpu" 'BEGIN {
    printf "| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f |\n", n, a / 1000, d / 1000, a / ba, a / pa,
      d / bd, d / pd, ac / 1000, dc / 1000 }'
done
