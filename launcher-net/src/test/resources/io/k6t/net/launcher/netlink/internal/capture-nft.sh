#!/bin/sh
# Captures what nft 1.0.6 sends for the DHCP isolation scripts (NftScripts, bridge br-eth0, nic
# eth0-nic) into nft-capture.txt: one section per script, the hex dump of every datagram it wrote.
# Run as root on a host with nftables; uses a throw-away namespace.
set -eu
ns=k6tnftcap$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
out=nft-capture.txt
: > "$out"
chains() {
    for c in "in input iifname dport" "fwd forward iifname dport" "out output oifname sport"; do
        set -- $c
        echo "add chain bridge k6t br-eth0-$1 { type filter hook $2 priority 0; policy accept; }"
        echo "flush chain bridge k6t br-eth0-$1"
        if [ "$mode" = add ]; then
            echo "add rule bridge k6t br-eth0-$1 $3 \"eth0-nic\" udp $4 67 drop"
        else
            echo "delete chain bridge k6t br-eth0-$1"
        fi
    done
}
for mode in add remove last; do
    {
        echo "add table bridge k6t"
        if [ "$mode" = last ]; then echo "delete table bridge k6t"; else chains; fi
    } > /tmp/"$ns".nft
    [ "$mode" = add ] || ip netns exec "$ns" nft -f - <<'X'
add table bridge k6t
add chain bridge k6t br-eth0-in { type filter hook input priority 0; policy accept; }
X
    echo "### $mode" >> "$out"
    sed 's/^/# /' /tmp/"$ns".nft >> "$out"
    ip netns exec "$ns" strace -qq -e trace=sendmsg -e write=all -o /tmp/"$ns".trace nft -f /tmp/"$ns".nft
    # the batch is the last sendmsg (nft first asks for the generation and caches)
    awk '/^sendmsg/ {buf=""; next} /^ \| / {buf = buf $0 "\n"} END {printf "%s", buf}' /tmp/"$ns".trace >> "$out"
    rm -f /tmp/"$ns".nft /tmp/"$ns".trace
done
