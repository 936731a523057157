# Functions the perfdhcp benchmarks of k6t-net against dnsmasq share (bench-dhcp-shipped.sh for DHCPv4,
# bench-dhcp6.sh for DHCPv6); sourced, not run. The sourcing script sets BENCH (its name, for messages)
# and SERVER_PID (the server it started).

# setsid and ip netns exec exec in place, so $! is the server itself: the one process stopped by PID.
is_server() { # expected command name
    local comm
    comm=$(cat "/proc/$SERVER_PID/comm" 2>/dev/null || true)
    [ "$comm" = "$1" ] || { echo "$BENCH: PID $SERVER_PID is '$comm', not $1" >&2; exit 1; }
}

# perfdhcp output -> "received mean_ms" for one exchange ("DISCOVER-OFFER", "REQUEST-ACK",
# "SOLICIT-ADVERTISE", "REQUEST-REPLY")
stat_of() { # file exchange
    awk -v ex="$2" '
        $0 ~ "Statistics for: " ex {on=1; next}
        on && /^\*\*\*/ {on=0}
        on && /^received packets:/ {recv=$3}
        on && /^avg delay:/ {avg=$3}
        END {printf "%d %s\n", recv, avg}' "$1"
}

# CPU time of a process, all its threads, user + system, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
