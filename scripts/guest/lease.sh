# Shared by /init and the DHCP client hooks of the k6t-net test guest (busybox sh).
# The K6T-* lines printed here are a contract parsed by the tests: docs/guest-image.md.

K6T_RUN=/run/k6t

# Milliseconds since the kernel started, from /proc/uptime (10 ms resolution).
k6t_uptime_ms() {
    read -r up _ < /proc/uptime
    s=${up%.*}
    f=${up#*.}
    f=${f#0}
    echo $((s * 1000 + f * 10))
}

# Prints one line on the console (stdout of init is the console; hooks write to it directly).
k6t_say() {
    echo "$*" > /dev/console
}

# "a b c" -> "a,b,c"
k6t_commas() {
    echo $* | sed 's/ /,/g'
}

# Writes /etc/resolv.conf from the default NIC's DHCPv4 lease and its DHCPv6 lease, whichever it
# has (the two clients run at the same time, so each keeps its part in $K6T_RUN): the IPv4 name
# servers, then the IPv6 ones; one search list, the IPv4 lease's names first (option 119, else
# option 15), then the DHCPv6 domain list's others.
k6t_write_resolv() {
    names=""
    for d in $(cat "$K6T_RUN/search4" "$K6T_RUN/search6" 2>/dev/null); do
        case " $names " in
            *" $d "*) ;;
            *) names="$names $d" ;;
        esac
    done
    {
        for server in $(cat "$K6T_RUN/dns4" "$K6T_RUN/dns6" 2>/dev/null); do
            echo "nameserver $server"
        done
        if [ -n "$names" ]; then
            echo "search"$names
        fi
    } > /etc/resolv.conf
}

# Applies a lease to $iface and prints K6T-LEASE. Inputs (shell variables): iface ip prefix router
# routes ("dst/len gw dst/len gw ...", gw 0.0.0.0 = on-link) dns search domain mtu hostname
# serverid lease client event (bound, renew, reboot, ...). The default route, hostname and
# resolv.conf come only from the interface named in $K6T_RUN/default-iface.
k6t_apply_lease() {
    default_iface=$(cat "$K6T_RUN/default-iface" 2>/dev/null)
    ip -4 addr flush dev "$iface"
    if [ -n "$mtu" ]; then
        ip link set dev "$iface" mtu "$mtu" || k6t_say "K6T-ERROR iface=$iface stage=mtu value=$mtu"
    fi
    ip addr add "$ip/$prefix" dev "$iface" || k6t_say "K6T-ERROR iface=$iface stage=address value=$ip/$prefix"
    route_list=""
    if [ -n "$routes" ]; then
        # RFC 3442: with classless routes present the router option is ignored.
        set -- $routes
        while [ $# -ge 2 ]; do
            dst=$1
            gw=$2
            shift 2
            route_list="$route_list $dst@$gw"
            if [ "$dst" = 0.0.0.0/0 ] && [ "$iface" != "$default_iface" ]; then
                continue
            fi
            if [ "$gw" = 0.0.0.0 ]; then
                ip route replace "$dst" dev "$iface" \
                    || k6t_say "K6T-ERROR iface=$iface stage=route value=$dst@$gw"
            else
                ip route replace "$dst" via "$gw" dev "$iface" 2>/dev/null \
                    || ip route replace "$dst" via "$gw" dev "$iface" onlink \
                    || k6t_say "K6T-ERROR iface=$iface stage=route value=$dst@$gw"
            fi
        done
    elif [ -n "$router" ] && [ "$iface" = "$default_iface" ]; then
        set -- $router
        ip route replace default via "$1" dev "$iface" \
            || k6t_say "K6T-ERROR iface=$iface stage=route value=0.0.0.0/0@$1"
    fi
    if [ "$iface" = "$default_iface" ]; then
        if [ -n "$hostname" ]; then
            hostname "$hostname"
        fi
        echo $dns > "$K6T_RUN/dns4"
        if [ -n "$search" ]; then
            echo $search > "$K6T_RUN/search4"
        else
            echo $domain > "$K6T_RUN/search4"
        fi
        k6t_write_resolv
    fi
    line="K6T-LEASE iface=$iface ip=$ip prefix=$prefix router=$(k6t_commas $router)"
    line="$line routes=$(k6t_commas $route_list) dns=$(k6t_commas $dns) search=$(k6t_commas $search)"
    line="$line domain=$(k6t_commas $domain) mtu=$mtu hostname=$(k6t_commas $hostname) serverid=$serverid"
    line="$line lease=$lease client=$client event=$event bound_ms=$(k6t_uptime_ms)"
    echo "$line" > "$K6T_RUN/$iface.lease"
    k6t_say "$line"
}

# Applies a DHCPv6 lease to $iface and prints K6T-LEASE6. Inputs (shell variables): iface ip prefix
# dns search serverid preferred valid client event. The default route is not the lease's: DHCPv6
# has none; the kernel takes it from the router advertisement (accept_ra). DNS goes to resolv.conf
# only from the interface named in $K6T_RUN/default-iface.
k6t_apply_lease6() {
    default_iface=$(cat "$K6T_RUN/default-iface" 2>/dev/null)
    # busybox ip sets no lifetimes (the address stays until the client's hook says otherwise) and
    # has no "replace": a renewal finds the address in place.
    if ! ip -6 -o addr show dev "$iface" | grep -q " $ip/$prefix "; then
        ip -6 addr add "$ip/$prefix" dev "$iface" \
            || k6t_say "K6T-ERROR iface=$iface stage=address6 value=$ip/$prefix"
    fi
    if [ "$iface" = "$default_iface" ]; then
        echo $dns > "$K6T_RUN/dns6"
        echo $search > "$K6T_RUN/search6"
        k6t_write_resolv
    fi
    line="K6T-LEASE6 iface=$iface ip=$ip prefix=$prefix dns=$(k6t_commas $dns) search=$(k6t_commas $search)"
    line="$line serverid=$serverid preferred=$preferred valid=$valid client=$client event=$event"
    line="$line bound_ms=$(k6t_uptime_ms)"
    echo "$line" > "$K6T_RUN/$iface.lease6"
    k6t_say "$line"
}
