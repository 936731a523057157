#!/bin/sh
# Captures what nft 1.0.6 sends for the isolation scripts (NftScripts for bridge br-eth0, nic
# eth0-nic, tap tap0, guest 02:00:00:74:17:75 / 10.244.1.5 / fd00:10:244::5, and without IPv4) into
# nft-capture.txt: one section per script with the script as "# " lines and the hex dump of the
# batch datagram nft wrote for it.
# Input on stdin: "=NAME" lines, each followed by its script (NftBatchGoldenTest checks that the
# "# " lines are exactly what NftScripts produces, so a changed rule set fails there until this is
# rerun with the new texts). Run as root on a host with nftables and strace; uses a throw-away
# namespace. Example: sed -n 's/^# //p; s/^### /=/p' nft-capture.txt | sh capture-nft.sh
set -eu
ns=k6tnftcap$$
tmp=$(mktemp -d)
ip netns add "$ns"
trap 'ip netns del "$ns"; rm -rf "$tmp"' EXIT
out=nft-capture.txt
awk -v dir="$tmp" '/^=/ {n++; name=substr($0, 2); print name > (dir "/names"); next}
    {print > (dir "/" n ".nft")}' -
: > "$out"
n=0
while read -r name; do
    n=$((n + 1))
    echo "### $name" >> "$out"
    sed 's/^/# /' "$tmp/$n.nft" >> "$out"
    ip netns exec "$ns" strace -qq -e trace=sendmsg -e write=all -o "$tmp/trace" nft -f "$tmp/$n.nft"
    # the batch is the last sendmsg (nft first asks for the generation and caches)
    awk '/^sendmsg/ {buf=""; next} /^ \| / {buf = buf $0 "\n"} END {printf "%s", buf}' "$tmp/trace" >> "$out"
done < "$tmp/names"
