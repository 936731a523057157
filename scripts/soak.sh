#!/bin/sh
# Soak test (documented in docs/reliability.md, NOT run in CI): a DHCP server process serves
# one guest whose udhcpc renews its lease every second (SIGUSR1, unicast REQUEST) for SOAK_SECONDS
# (default 600). Every SAMPLE_SECONDS (default 10) it prints the server's used heap after a full GC
# (jcmd GC.run + GC.heap_info), its thread count and RSS, and the guest's renewals so far.
# Needs root, iproute2, udhcpc, a JDK (jcmd) and a built tree (mvn -pl integration-tests -am test-compile).
# Usage: scripts/soak.sh [SOAK_SECONDS] > soak.tsv
SOAK_SECONDS=${1:-600}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-10}
LEASE_SECONDS=3600
. "$(cd "$(dirname "$0")" && pwd)/harden-lib.sh"

make_topology
JVM_OPTS=${JVM_OPTS:--XX:+UseSerialGC -XX:-UsePerfData -Xmx64m}
start_server

cat > "$WORK/hook" <<HOOK
#!/bin/sh
case "\$1" in
  bound) ip addr replace "\$ip/\$mask" dev "\$interface"; ip route replace 169.254.75.10/32 dev "\$interface" ;;
  renew) echo renew >> $WORK/renewals ;;
esac
exit 0
HOOK
chmod +x "$WORK/hook"
ip netns exec "$GUEST" udhcpc -i eth0 -f -s "$WORK/hook" -t 5 -T 1 > "$WORK/udhcpc.log" 2>&1 &
CLIENT_PID=$!
PIDS="$PIDS $CLIENT_PID"
i=0
until ip -n "$GUEST" -4 addr show dev eth0 | grep -q 10.244.1.5; do
    i=$((i + 1)); [ $i -lt 100 ] || { echo "no lease" >&2; cat "$WORK/udhcpc.log" >&2; exit 1; }
    sleep 0.1
done

heap_used_kb() {
    jcmd "$SERVER_PID" GC.run > /dev/null
    # "used 1234K" of every space, summed (Serial: def new + tenured)
    jcmd "$SERVER_PID" GC.heap_info | grep -o 'used [0-9]*K' | awk '{s += $2} END {print s}'
}

printf 'seconds\theap_used_kb\tthreads\trss_kb\trenewals\n'
start=$(date +%s)
next_sample=0
while :; do
    now=$(( $(date +%s) - start ))
    [ "$now" -lt "$SOAK_SECONDS" ] || break
    if [ "$now" -ge "$next_sample" ]; then
        renewals=$(cat "$WORK/renewals" 2>/dev/null | wc -l)
        printf '%s\t%s\t%s\t%s\t%s\n' "$now" "$(heap_used_kb)" "$(threads "$SERVER_PID")" \
            "$(rss_kb "$SERVER_PID")" "$renewals"
        next_sample=$((next_sample + SAMPLE_SECONDS))
    fi
    kill -USR1 "$CLIENT_PID"
    sleep 1
done
renewals=$(cat "$WORK/renewals" 2>/dev/null | wc -l)
printf '%s\t%s\t%s\t%s\t%s\n' "$SOAK_SECONDS" "$(heap_used_kb)" "$(threads "$SERVER_PID")" \
    "$(rss_kb "$SERVER_PID")" "$renewals"
tail -n 1 "$WORK/server.log" >&2
