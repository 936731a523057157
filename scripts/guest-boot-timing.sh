#!/usr/bin/env bash
# Boots the test guest N times (default 5) on a tap bridged to dnsmasq in a throw-away namespace and
# prints each boot's K6T-TIME breakdown and the median of every stage (docs/guest-image.md).
#
#   scripts/guest-boot-timing.sh [N] [extra kernel arguments...]
#
# K6T_GUEST_KERNEL_FILE=vmlinuz boots the compressed bzImage instead of vmlinux (to compare).
# Needs root, qemu-system-x86 and dnsmasq-base. Everything it starts lives in namespace k6tgt-<pid>
# and is removed on exit.
set -euo pipefail
runs="${1:-5}"
shift || true
extra="$*"
here="$(cd "$(dirname "$0")" && pwd)"
image="$("$here/build-guest.sh" | tail -n 1)"  # build (or find) it before the clock starts
ns="k6tgt-$$"
work="$(mktemp -d)"
mac=02:00:00:74:17:75
kernel_file="${K6T_GUEST_KERNEL_FILE:-vmlinux}"
dnsmasq_pid=""

cleanup() {
  [ -n "$dnsmasq_pid" ] && kill "$dnsmasq_pid" 2>/dev/null && wait "$dnsmasq_pid" 2>/dev/null
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add br0 type bridge
ip -n "$ns" addr add 10.244.1.1/24 dev br0
ip -n "$ns" link set br0 up
ip -n "$ns" tuntap add dev tap0 mode tap
ip -n "$ns" link set tap0 master br0 up
ip netns exec "$ns" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --interface=br0 \
  --bind-interfaces --except-interface=lo --dhcp-range=10.244.1.0,static,255.255.255.0,1h \
  --dhcp-host="$mac,10.244.1.5,nodejs" --dhcp-authoritative --no-ping --user=root \
  --dhcp-leasefile="$work/leases" --pid-file="$work/dnsmasq.pid" \
  --dhcp-option=option:router,10.244.1.1 --dhcp-option=option:mtu,1450 2>"$work/dnsmasq.log" &
dnsmasq_pid=$!

echo "image: $image/$kernel_file, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "run wall_ms init modules dhcp_start bound done (guest uptime, ms)"
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  "$here/boot-guest.sh" --image "$image" --netns "$ns" --nic "tap0=$mac" --kernel "$kernel_file" --console "$work/console-$i.log" \
    -- $extra > /dev/null 2>"$work/boot-$i.err" || { cat "$work/boot-$i.err" >&2; exit 1; }
  wall=$((($(date +%s%N) - start) / 1000000))
  line="$(grep -a -o 'K6T-TIME.*' "$work/console-$i.log" | tr -d '\r')"
  echo "$i $wall $(echo "$line" | sed 's/K6T-TIME //; s/[a-z_]*=//g')" | tee -a "$work/times"
done
awk '{ for (c = 2; c <= NF; c++) v[c, NR] = $c } END {
  split("wall_ms init modules dhcp_start bound done", name, " ")
  printf "median"
  for (c = 2; c <= 7; c++) {
    n = 0; for (r = 1; r <= NR; r++) a[++n] = v[c, r]
    for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (a[y] < a[x]) { t = a[x]; a[x] = a[y]; a[y] = t }
    m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    printf " %s", m
  }
  printf "\n"
}' "$work/times"
