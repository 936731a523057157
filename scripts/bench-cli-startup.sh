#!/usr/bin/env bash
# CLI start-up: process start to output, for `k6t-net --help` and `k6t-net plan` on a real pod
# namespace, three ways in one hyperfine run each (ratios are what counts on a shared machine):
#   plain   java -jar the shaded jar (JVM defaults)
#   flags   bin/k6t-net with K6T_NET_CDS=0 (C1 only, serial GC, the JDK's CDS, no perf data)
#   wrapper bin/k6t-net as shipped: those flags plus the application class-data archive it keeps
#           beside the jar (trained here by one `plan` run first)
#
#   scripts/bench-cli-startup.sh [RUNS]      (root; needs hyperfine and a built cli module)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
jar=$(ls cli/target/k6t-cli-*-shaded.jar)
work=$(mktemp -d /tmp/k6t-bench-cli.XXXXXX)
ns="k6tbench-cli-$$"
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add eth0 type veth peer name peer0
ip -n "$ns" addr add 10.244.1.5/24 dev eth0
ip -n "$ns" link set eth0 up
printf 'nameserver 10.96.0.10\n' > "$work/resolv.conf"
printf '{ "stateDir": "%s/state", "resolvConf": "%s/resolv.conf", "interfaces": [ { "name": "default", "podInterface": "eth0", "binding": "bridge" } ] }\n' \
  "$work" "$work" > "$work/pod.json"
plan="plan --config $work/pod.json --netns $ns"
rm -f "${jar%.jar}.jsa"
# shellcheck disable=SC2086
bin/k6t-net $plan > /dev/null

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for cmd in "--help" "$plan"; do
  hyperfine -N --style basic -w 3 -r "$runs" --export-markdown "$work/out.md" \
    -n plain "java -jar $jar $cmd" -n flags "env K6T_NET_CDS=0 bin/k6t-net $cmd" -n wrapper "bin/k6t-net $cmd" \
    > /dev/null
  echo
  echo "k6t-net ${cmd%% *}:"
  cat "$work/out.md"
done
