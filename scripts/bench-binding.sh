#!/usr/bin/env bash
# Bridge-binding setup time: k6t-net's in-process apply against the equivalent ip/nft command
# scripts, same run, same machine, throw-away namespaces (root). Usage: scripts/bench-binding.sh [1 8 32]
# Prints a Markdown table (docs/benchmarks.md, "Bridge binding").
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl integration-tests -am test-compile dependency:build-classpath -Dcheckstyle.skip \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-binding.classpath >/dev/null
cp="integration-tests/target/test-classes:integration-tests/target/classes"
for m in launcher-net dhcp-server libvirt-bridge; do cp="$cp:$m/target/classes"; done
exec java -cp "$cp:$(cat integration-tests/target/bench-binding.classpath)" \
    -Dlogback.configurationFile=integration-tests/src/test/resources/logback-test.xml \
    io.k6t.net.it.binding.BindingBenchmark "$@"
