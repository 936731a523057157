#!/usr/bin/env bash
# Builds the k6t-net test guest: Debian's kernel (vmlinuz as shipped, and vmlinux: the same kernel
# uncompressed, which QEMU boots faster through its PVH entry) plus a busybox initramfs whose init brings up every
# virtio NIC with DHCP, prints what it applied in K6T-* lines and powers off. See docs/guest-image.md.
#
#   scripts/build-guest.sh [OUTDIR]
#
# Nothing is installed: the Debian packages are fetched with `apt-get download` and unpacked with
# `dpkg-deb --fsys-tarfile`. The result is cached under
# ${K6T_GUEST_CACHE:-${XDG_CACHE_HOME:-/var/cache}/k6t-net/guest}/<hash>, where <hash> covers this script,
# scripts/guest/* and the exact package versions, so a rerun with nothing changed does not rebuild.
# With OUTDIR, vmlinuz, vmlinux and initrd.cpio.gz are copied there too. The last line printed on stdout is
# the directory holding them. Needs root (the cpio holds a /dev/console device node).
#
# Environment: K6T_GUEST_KERNEL_PACKAGE (default: what linux-image-amd64 depends on),
# K6T_GUEST_CACHE (cache root), K6T_GUEST_REBUILD=1 (ignore the cache). The three most recently
# used images are kept, older ones are deleted after a build.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
guest_src="$here/guest"
out_dir="${1:-}"

log() { echo "build-guest: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (mknod /dev/console for the initramfs)"
for tool in apt-get apt-cache dpkg-deb cpio gzip sha256sum xz zstd flock; do
  command -v "$tool" >/dev/null || die "missing tool '$tool' (scripts/install-deps.sh installs it)"
done

kernel_pkg="${K6T_GUEST_KERNEL_PACKAGE:-}"
if [ -z "$kernel_pkg" ]; then
  kernel_pkg="$(apt-cache depends linux-image-amd64 2>/dev/null \
    | sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n 1)"
fi
[ -n "$kernel_pkg" ] || die "cannot find the kernel package (apt-cache depends linux-image-amd64); run apt-get update"
# busybox-static: the init, udhcpc and every tool; isc-dhcp-client + libc6: dhclient, the client
# that does a real INIT-REBOOT (REQUEST for a remembered address) when the cmdline gives k6t.prev_ip.
packages=("$kernel_pkg" busybox-static isc-dhcp-client libc6)

# One apt-cache call for all packages (each call costs about a second on a busy machine).
mapfile -t pins < <(apt-cache policy "${packages[@]}" 2>/dev/null \
  | awk '/^[^ ].*:$/ { p = substr($0, 1, length($0) - 1) } $1 == "Candidate:" { print p "=" $2 }')
for p in "${packages[@]}"; do
  pin="$(printf '%s\n' "${pins[@]}" | grep -m 1 "^$p=" || true)"
  [ -n "$pin" ] && [ "${pin#*=}" != "(none)" ] || die "no candidate version of package '$p' (apt-get update?)"
done

hash="$( { printf '%s\n' "${pins[@]}"; cat "$0"; \
  find "$guest_src" -type f -print0 | LC_ALL=C sort -z | xargs -0 cat; } | sha256sum | cut -c1-16)"
cache_root="${K6T_GUEST_CACHE:-${XDG_CACHE_HOME:-/var/cache}/k6t-net/guest}"
final="$cache_root/$hash"
mkdir -p "$cache_root"

publish() {
  if [ -n "$out_dir" ]; then
    mkdir -p "$out_dir"
    cp -f "$final/vmlinuz" "$final/vmlinux" "$final/initrd.cpio.gz" "$final/manifest.txt" "$out_dir/"
    (cd "$out_dir" && pwd)
  else
    echo "$final"
  fi
}

exec 9>"$cache_root/.lock"
flock 9
if [ -f "$final/manifest.txt" ] && [ "${K6T_GUEST_REBUILD:-0}" != 1 ]; then
  log "cached: $final"
  touch "$final"
  publish
  exit 0
fi

work="$(mktemp -d "$cache_root/.build-XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "building $hash from ${pins[*]}"

mkdir -p "$work/debs" "$work/unpack"
# apt-get download writes into the working directory; as root it warns that _apt cannot write
# there, which is harmless.
(cd "$work/debs" && apt-get download -q "${pins[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
for p in "${packages[@]}"; do
  deb="$(ls "$work/debs/${p}_"*.deb 2>/dev/null | head -n 1)"
  [ -n "$deb" ] || die "apt-get download did not fetch $p (package lists stale? run apt-get update)"
  mkdir -p "$work/unpack/$p"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/unpack/$p"
done

k="$work/unpack/$kernel_pkg"
vmlinuz="$(ls "$k"/boot/vmlinuz-* | head -n 1)"
kver="${vmlinuz##*/vmlinuz-}"
root="$work/root"
mkdir -p "$root"/{bin,sbin,dev,proc,sys,run,tmp,etc,lib/modules,lib/k6t,lib64,lib/x86_64-linux-gnu,var/lib/dhcp}

# Modules in load order (dependency order: modules.dep of this kernel), uncompressed for busybox insmod.
modules=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci failover net_failover virtio_net)
for m in "${modules[@]}"; do
  src="$(find "$k/lib/modules/$kver/kernel" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" | head -n 1)"
  [ -n "$src" ] || die "module $m not in $kernel_pkg"
  case "$src" in
    *.ko.xz) xz -dc "$src" > "$root/lib/modules/$m.ko" ;;
    *.ko.zst) zstd -q -dc "$src" > "$root/lib/modules/$m.ko" ;;
    *) cp "$src" "$root/lib/modules/$m.ko" ;;
  esac
done
printf '%s\n' "${modules[@]}" > "$root/lib/modules/load-order"

bb="$work/unpack/busybox-static/bin/busybox"
cp "$bb" "$root/bin/busybox"
for applet in $("$bb" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done

cp "$work/unpack/isc-dhcp-client/sbin/dhclient" "$root/sbin/dhclient"
libc="$work/unpack/libc6/lib/x86_64-linux-gnu"
cp "$libc/libc.so.6" "$libc/ld-linux-x86-64.so.2" "$root/lib/x86_64-linux-gnu/"
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"

install -m 0755 "$guest_src/init" "$root/init"
install -m 0644 "$guest_src/lease.sh" "$root/lib/k6t/lease.sh"
install -m 0755 "$guest_src/udhcpc.hook" "$root/lib/k6t/udhcpc.hook"
install -m 0755 "$guest_src/dhclient.hook" "$root/lib/k6t/dhclient.hook"
printf 'root:x:0:0:root:/:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
mknod -m 600 "$root/dev/console" c 5 1
mknod -m 666 "$root/dev/null" c 1 3

# Reproducible archive: fixed order, owner and time.
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort \
  | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -n -9 > "$work/initrd.cpio.gz"
cp "$vmlinuz" "$work/vmlinuz"
# Under TCG the bzImage spends seconds decompressing itself before the kernel's clock even starts.
# The uncompressed ELF inside it carries a PVH entry note (CONFIG_PVH=y), which QEMU boots
# directly: extract it once here.
extract_vmlinux() {
  local magic decompress offset
  for pair in 'xz:\xfd7zXZ\x00' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08'; do
    decompress="${pair%%:*}"
    magic="${pair#*:}"
    offset="$(LC_ALL=C grep -obUaP "$magic" "$vmlinuz" | head -n 1 | cut -d: -f1)"
    [ -n "$offset" ] || continue
    case "$decompress" in
      xz) tail -c +$((offset + 1)) "$vmlinuz" | xz -dc --single-stream > "$work/vmlinux" 2>/dev/null || true ;;
      *) tail -c +$((offset + 1)) "$vmlinuz" | "$decompress" -dc > "$work/vmlinux" 2>/dev/null || true ;;
    esac
    if [ "$(head -c 4 "$work/vmlinux" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
      return 0
    fi
  done
  die "cannot extract the uncompressed kernel (ELF) from $vmlinuz"
}
extract_vmlinux

{
  echo "hash=$hash"
  echo "kernel=$kver"
  for pin in "${pins[@]}"; do echo "package=$pin"; done
  (cd "$work" && sha256sum vmlinuz vmlinux initrd.cpio.gz | sed 's/^/sha256=/')
} > "$work/manifest.txt"

rm -rf "$final"
mkdir -p "$final"
mv "$work/vmlinuz" "$work/vmlinux" "$work/initrd.cpio.gz" "$final/"
mv "$work/manifest.txt" "$final/manifest.txt"
log "built: $final"
# Keep the three most recently used images (other checkouts may use other versions of this script).
find "$cache_root" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9a-f]{16}' \
  -printf '%T@ %p\n' | sort -rn | tail -n +4 | cut -d' ' -f2- | while read -r old; do
  log "pruning $old"
  rm -rf "$old"
done
publish
