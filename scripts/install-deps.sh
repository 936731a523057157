#!/usr/bin/env bash
# Installs the Debian 12 packages that k6t-net's build, tests, demo and benchmarks use.
# Idempotent: packages already present are left alone. Needs root. Starts no service.
set -euo pipefail

PACKAGES=(
  # build (a C compiler and static C library for the CNI plugin's client, cli/src/main/c)
  openjdk-17-jdk-headless maven gcc libc6-dev
  # kernel plumbing and the tools the tests compare against
  iproute2 nftables procps psmisc
  # real DHCP clients and peers
  udhcpc isc-dhcp-client dhcpcd-base systemd dnsmasq-base kea-dhcp4-server kea-admin radvd
  # independent decoder, packet capture; hand-made frames of a spoofing guest (standard library only)
  tshark libpcap0.8 python3
  # libvirt and a real guest
  libvirt0 libvirt-clients libxml2-utils libvirt-daemon libvirt-daemon-driver-qemu
  qemu-system-x86 cpio xz-utils zstd kmod
  # the KubeVirt sidecar: a gRPC client in another language, Prometheus, an image without a registry
  python3-grpcio python3-grpc-tools prometheus umoci containerd curl busybox-static
  # docs, and the two-node demo (reads k6t-net status --json)
  graphviz jq
  # benchmarks (CLI start-up)
  hyperfine
  # KubeVirt binding CNI plugin: the reference CNI plugins it chains after and is measured against,
  # a real container runtime and a local image (busybox-static copied into an OCI layout by umoci)
  containernetworking-plugins containerd umoci busybox-static
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
# Packages such as dnsmasq, kea and libvirt ship services; this machine runs its own instances
# inside network namespaces, so no service may start at install time.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT

export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
