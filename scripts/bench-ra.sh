#!/usr/bin/env bash
# Router solicitation to advertisement time: k6t-net's router advertiser against radvd configured from the
# same advertisement, same run, same machine, throw-away namespaces (root; needs radvd and python3).
# Usage: scripts/bench-ra.sh [ROUNDS [SOLICITATIONS_PER_ROUND]]
# Prints a Markdown table (docs/benchmarks.md, "Router advertisements: k6t-net against radvd").
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl integration-tests -am test-compile dependency:build-classpath -Dcheckstyle.skip \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-ra.classpath >/dev/null
cp="integration-tests/target/test-classes:integration-tests/target/classes"
for m in launcher-net dhcp-server libvirt-bridge; do cp="$cp:$m/target/classes"; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec java -cp "$cp:$(cat integration-tests/target/bench-ra.classpath)" \
    -Dlogback.configurationFile=integration-tests/src/test/resources/logback-test.xml \
    io.k6t.net.it.dhcp6.RouterAdvertisementBenchmark "$@"
