#!/usr/bin/env bash
# Builds the sidecar's container image from this checkout, with no registry: an OCI image layout made
# with umoci, holding a jlinked Java runtime, the k6t-net jar, bin/k6t-net and a static busybox for
# its shell, the shared libraries they load (from this machine's Debian), and the user 107 KubeVirt
# runs its launcher and sidecars as. Output: OUT_DIR/k6t-net-sidecar.tar (an OCI archive that
# `ctr image import` loads), and its size on stdout.
# Usage (root): scripts/build-image.sh [OUT_DIR]   (needs a built cli: mvn -pl cli -am package -DskipTests;
# Debian packages umoci, busybox-static, openjdk-17-jdk-headless); KEEP_ROOTFS=DIR also leaves the
# image's tree in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${1:-$root/cli/target/image}
tag=${IMAGE_TAG:-latest}
jar=$(ls "$root"/cli/target/k6t-cli-*-shaded.jar | head -1)
[ -f "$jar" ] || { echo "build-image: no shaded jar in cli/target: build the cli module first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,usr/bin,usr/lib/k6t-net,etc,tmp,var/run/kubevirt-hooks,home/k6t}
chmod 1777 "$rootfs/tmp"

# `jdeps --ignore-missing-deps --multi-release 17 --print-module-deps` finds java.base, java.desktop,
# java.naming, java.sql, jdk.jfr, jdk.sctp and jdk.unsupported in the jar; java.desktop (JNA's AWT
# helpers) and jdk.jfr (Netty's optional events) are never loaded by the commands and are left out
# (12 MB); java.sql brings java.xml and java.logging.
modules=java.base,java.naming,java.sql,jdk.sctp,jdk.unsupported
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
    --output "$rootfs/usr/lib/k6t-net/jre"
# The servers' archive of the JDK's own classes (what -Xshare:auto maps).
"$rootfs/usr/lib/k6t-net/jre/bin/java" -Xshare:dump >/dev/null
cp "$jar" "$rootfs/usr/lib/k6t-net/k6t-net.jar"
cp "$root/bin/k6t-net" "$rootfs/usr/bin/k6t-net"
cp /bin/busybox "$rootfs/bin/busybox"
for tool in sh readlink dirname; do ln -s busybox "$rootfs/bin/$tool"; done

# Every shared library the runtime's executables and libraries need, from this machine.
find "$rootfs/usr/lib/k6t-net/jre" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
    | xargs -0 ldd 2>/dev/null | awk '/=> \//{print $3} /^\t\/lib64/{print $1}' | sort -u \
    | while read -r lib; do
        mkdir -p "$rootfs$(dirname "$lib")"
        cp -L "$lib" "$rootfs$lib"
    done
# Netty's and JNA's native libraries are unpacked from the jar at run time and need these too.
for lib in /lib/x86_64-linux-gnu/libgcc_s.so.1 /lib/x86_64-linux-gnu/libdl.so.2 /lib/x86_64-linux-gnu/librt.so.1 \
        /lib/x86_64-linux-gnu/libpthread.so.0 /lib/x86_64-linux-gnu/libm.so.6; do
    mkdir -p "$rootfs$(dirname "$lib")"; cp -L "$lib" "$rootfs$lib"
done
if [ -e /lib64 ] && [ ! -e "$rootfs/lib64/ld-linux-x86-64.so.2" ]; then
    mkdir -p "$rootfs/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/"
fi

# The sidecar's own class-data archive: every class it loads (the runtime's and the jar's, with their
# lambda forms), listed by scripts/footprint-sidecar.sh in scripts/image/sidecar.classlist, mapped from
# one file instead of parsed into metaspace at each start (docs/benchmarks.md "KubeVirt sidecar
# footprint"). bin/k6t-net uses k6t-net-sidecar.jsa beside the jar while it is newer than the jar. An
# archive records the jar's path and the runtime's modules, so the image's own java dumps it inside
# the image's tree (chroot). The jar gets a fixed time first: the archive checks it, and must be newer.
touch -d @0 "$rootfs/usr/lib/k6t-net/k6t-net.jar"
cp "$root/scripts/image/sidecar.classlist" "$rootfs/tmp/sidecar.classlist"
mkdir -p "$rootfs/proc" "$rootfs/dev"
# shellcheck disable=SC2016 # expanded by the inner shell; its mount namespace holds the /proc mount
unshare -m sh -c 'mount -t proc proc "$1/proc" && exec chroot "$1" /usr/lib/k6t-net/jre/bin/java \
    -XX:+UseSerialGC -Xlog:disable -Xlog:cds=error -Xshare:dump -XX:SharedClassListFile=/tmp/sidecar.classlist \
    -XX:SharedArchiveFile=/usr/lib/k6t-net/k6t-net-sidecar.jsa -cp /usr/lib/k6t-net/k6t-net.jar' sh "$rootfs" >/dev/null
rm "$rootfs/tmp/sidecar.classlist"
chmod 644 "$rootfs/usr/lib/k6t-net/k6t-net-sidecar.jsa"

printf 'root:x:0:0:root:/root:/bin/sh\nk6t:x:107:107:k6t-net:/home/k6t:/bin/sh\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nk6t:x:107:\n' > "$rootfs/etc/group"
chown 107:107 "$rootfs/home/k6t" "$rootfs/var/run/kubevirt-hooks"

layout=$work/layout
umoci init --layout "$layout"
umoci new --image "$layout:$tag"
umoci unpack --rootless --image "$layout:$tag" "$work/bundle" >/dev/null
rm -rf "$work/bundle/rootfs"
mv "$rootfs" "$work/bundle/rootfs"
umoci repack --image "$layout:$tag" "$work/bundle"
umoci config --image "$layout:$tag" --config.user 107:107 \
    --config.env JAVA_HOME=/usr/lib/k6t-net/jre --config.env HOME=/home/k6t \
    --config.env PATH=/usr/bin:/bin --config.workingdir /home/k6t \
    --config.entrypoint /usr/bin/k6t-net --config.cmd sidecar \
    --author k6t-net --architecture amd64 --os linux
umoci gc --layout "$layout"
mkdir -p "$out"
tar -C "$layout" -cf "$out/k6t-net-sidecar.tar" .
# The image's tree, for measuring the runtime as shipped (scripts/footprint-sidecar.sh with ROOTFS=DIR).
if [ -n "${KEEP_ROOTFS:-}" ]; then
    rm -rf "$KEEP_ROOTFS"
    cp -a "$work/bundle/rootfs" "$KEEP_ROOTFS"
fi
du -b "$out/k6t-net-sidecar.tar" | awk '{printf "%s bytes\n", $1}'
echo "$out/k6t-net-sidecar.tar"
