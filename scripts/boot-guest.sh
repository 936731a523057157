#!/usr/bin/env bash
# Boots the test guest (scripts/build-guest.sh, cached) under QEMU/TCG inside a network namespace,
# one virtio NIC per tap, shows its console and exits 0 when it finished with a lease on every NIC.
#
#   scripts/boot-guest.sh --netns NS --nic TAP=MAC[/QUEUES] [--nic ...] [--console FILE]
#                         [--timeout SECONDS] [--kernel vmlinux|vmlinuz] [--only-records]
#                         [--image DIR] [-- KERNEL_ARGS...]
#
# KERNEL_ARGS are added to the kernel command line (k6t.ping=..., k6t.prev_ip=..., k6t.dhcp6=eth0,
# see docs/guest-image.md). --only-records shows only the K6T-* lines. --image boots an image
# directory made by build-guest.sh instead of building (or finding) it. Exit: 0 guest done and every
# NIC leased (a k6t.dhcp6 NIC by DHCPv6 too), 1 otherwise (no K6T-DONE, K6T-NOLEASE, K6T-NOLEASE6 or
# K6T-ERROR), 2 usage. Needs root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

usage() { sed -n '4,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
netns=""
nics=()
console=""
timeout_s=180
kernel_file=vmlinux
only_records=0
image=""
while [ $# -gt 0 ]; do
  case "$1" in
    --netns) netns="${2:?}"; shift 2 ;;
    --nic) nics+=("${2:?}"); shift 2 ;;
    --console) console="${2:?}"; shift 2 ;;
    --timeout) timeout_s="${2:?}"; shift 2 ;;
    --kernel) kernel_file="${2:?}"; shift 2 ;;
    --only-records) only_records=1; shift ;;
    --image) image="${2:?}"; shift 2 ;;
    --) shift; break ;;
    -h | --help) usage ;;
    *) echo "boot-guest: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -n "$netns" ] && [ "${#nics[@]}" -gt 0 ] || usage
case "$kernel_file" in vmlinux | vmlinuz) ;; *) echo "boot-guest: --kernel $kernel_file" >&2; usage ;; esac

[ -n "$image" ] || image="$("$here/build-guest.sh" | tail -n 1)"
if [ -z "$console" ]; then
  console="$(mktemp --suffix=.log /tmp/k6t-guest-console.XXXXXX)"
fi
names=()
qemu=(qemu-system-x86_64 -accel tcg -nographic -no-reboot -m 256
  -kernel "$image/$kernel_file" -initrd "$image/initrd.cpio.gz")
for i in "${!nics[@]}"; do
  spec="${nics[$i]}"
  tap="${spec%%=*}"
  rest="${spec#*=}"
  mac="${rest%%/*}"
  queues=1
  [ "$mac" != "$rest" ] && queues="${rest#*/}"
  [[ "$queues" =~ ^[0-9]+$ ]] && [ "$queues" -ge 1 ] || { echo "boot-guest: --nic $spec: bad queues" >&2; usage; }
  [[ "$mac" =~ ^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$ ]] || { echo "boot-guest: --nic $spec: bad MAC" >&2; usage; }
  netdev="tap,id=n$i,ifname=$tap,script=no,downscript=no"
  device="virtio-net-pci,netdev=n$i,mac=$mac,romfile="
  if [ "$queues" -gt 1 ]; then
    netdev="$netdev,queues=$queues"
    device="$device,mq=on,vectors=$((2 * queues + 2))"
  fi
  qemu+=(-netdev "$netdev" -device "$device")
  names+=("eth$i")
done
nic_list="$(IFS=,; echo "${names[*]}")"
qemu+=(-append "console=ttyS0 quiet panic=-1 k6t.nics=$nic_list $*")

echo "boot-guest: $image/$kernel_file in netns $netns, console $console" >&2
filter=(cat)
[ "$only_records" = 1 ] && filter=(grep -a --line-buffered -o 'K6T-.*')
set +e
timeout "$timeout_s" ip netns exec "$netns" "${qemu[@]}" </dev/null 2>&1 \
  | tee "$console" | stdbuf -oL tr -d '\r' | "${filter[@]}"
set -e
if ! grep -aq 'K6T-DONE' "$console"; then
  echo "boot-guest: the guest did not finish within ${timeout_s} s (console: $console)" >&2
  exit 1
fi
if grep -aq -e 'K6T-NOLEASE' -e 'K6T-ERROR' "$console"; then
  echo "boot-guest: the guest finished without a lease on every NIC (console: $console)" >&2
  exit 1
fi
