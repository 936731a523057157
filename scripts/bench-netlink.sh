#!/bin/sh
# Netlink setup benchmark: the ~20 netlink requests + tap ioctls of a bridge-binding setup
# through k6t-net, through raw pre-built requests (the round-trip floor), and as iproute2 commands,
# rounds interleaved in one run. Needs root; makes and deletes its own namespace k6tbench-<pid>.
# Usage: scripts/bench-netlink.sh [ROUNDS]   (default 200)
set -eu
cd "$(dirname "$0")/.."
mvn -B -ntp -q test-compile -pl launcher-net -am
mvn -B -ntp -q dependency:build-classpath -pl launcher-net -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-netlink.classpath
exec java -cp "launcher-net/target/test-classes:launcher-net/target/classes:$(cat launcher-net/target/bench-netlink.classpath)" \
    io.k6t.net.launcher.netlink.SetupSequenceBenchmark "$@"
