#!/usr/bin/env bash
# Resident memory of the sidecar's gRPC transport and Prometheus client choices (docs/kubevirt.md):
#   grpc-netty on the project's Netty 4.2 vs grpc-netty-shaded, each serving KubeVirt's Info on a Unix
#   socket beside one epoll datagram socket, after 200 calls from Debian's Python gRPC client;
#   prometheus-metrics 1.x vs simpleclient 0.16 vs none, after 100 text expositions of 28 series.
# Three alternating rounds, VmRSS from /proc, with the JVM flags bin/k6t-net gives the servers.
# Needs a build (mvn -pl kubevirt-binding -am compile), Maven Central once (two extra jars), python3-grpcio
# and python3-grpc-tools. Runs on loopback and Unix sockets in a temporary directory only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$root/scripts/bench/grpc-transport
FLAGS="-XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData -Xms2m -Xmx16m -Xss256k -XX:ReservedCodeCacheSize=8m \
-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxDirectMemorySize=16m -Dio.netty.allocator.type=unpooled"

mvn -q -B -pl kubevirt-binding dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null
for artifact in io.grpc:grpc-netty-shaded:1.85.0 io.prometheus:simpleclient:0.16.0 io.prometheus:simpleclient_common:0.16.0; do
    mvn -q -B dependency:get -Dartifact="$artifact" -Dtransitive=false >/dev/null
done
m2=${MAVEN_REPO:-$HOME/.m2/repository}
base=$(tr ':' '\n' < "$work/cp" | grep -v '/io/k6t/' | paste -sd:):$root/kubevirt-binding/target/classes
netty_cp=$base
shaded_cp=$(tr ':' '\n' <<< "$base" | grep -v '/grpc-netty-1' | paste -sd:):$m2/io/grpc/grpc-netty-shaded/1.85.0/grpc-netty-shaded-1.85.0.jar
prom_cp=$(tr ':' '\n' <<< "$base" | grep '/io/prometheus/' | paste -sd:)
simple_cp=$m2/io/prometheus/simpleclient/0.16.0/simpleclient-0.16.0.jar:$m2/io/prometheus/simpleclient_common/0.16.0/simpleclient_common-0.16.0.jar

mkdir -p "$work/classes" "$work/py"
javac -nowarn -cp "$netty_cp" -d "$work/classes" "$src/GrpcNettyMain.java" "$src/NoMetricsMain.java"
javac -nowarn -cp "$shaded_cp" -d "$work/classes" "$src/GrpcNettyShadedMain.java"
javac -nowarn -cp "$prom_cp" -d "$work/classes" "$src/PrometheusClientMain.java"
javac -nowarn -cp "$simple_cp" -d "$work/classes" "$src/SimpleclientMain.java"
proto=$root/kubevirt-binding/src/main/proto
/usr/bin/python3 -m grpc_tools.protoc -I "$proto" --python_out="$work/py" --grpc_python_out="$work/py" \
    kubevirt/hooks/info/api_info.proto
cat > "$work/call.py" <<PY
import sys, grpc
sys.path.insert(0, '$work/py')
from kubevirt.hooks.info import api_info_pb2, api_info_pb2_grpc
stub = api_info_pb2_grpc.InfoStub(grpc.insecure_channel('unix://' + sys.argv[1]))
for _ in range(int(sys.argv[2])):
    stub.Info(api_info_pb2.InfoParams(), timeout=5)
PY

# run NAME CLASSPATH MAIN [SOCKET]: starts it, waits for "ready", calls Info if it serves, prints VmRSS.
run() {
    local name=$1 cp=$2 main=$3 sock=${4:-}
    # shellcheck disable=SC2086
    java $FLAGS -cp "$cp:$work/classes" "$main" $sock > "$work/$name.out" 2>&1 &
    local pid=$! deadline=$((SECONDS + 20))
    until grep -q ready "$work/$name.out"; do
        if [ $SECONDS -ge $deadline ]; then echo "$name did not start" >&2; kill "$pid"; exit 1; fi
        sleep 0.1
    done
    if [ -n "$sock" ]; then /usr/bin/python3 "$work/call.py" "$sock" 200; fi
    echo "$name rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -f "$sock"
}
for round in 1 2 3; do
    echo "round $round"
    run grpc-netty "$netty_cp" GrpcNettyMain "$work/a.sock"
    run grpc-netty-shaded "$shaded_cp" GrpcNettyShadedMain "$work/b.sock"
    run prometheus-1.x "$prom_cp" PrometheusClientMain
    run simpleclient-0.16 "$simple_cp" SimpleclientMain
    run no-metrics "" NoMetricsMain
done
