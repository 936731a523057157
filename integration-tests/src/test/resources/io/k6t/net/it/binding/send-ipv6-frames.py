"""Sends hand-made IPv6 frames out of one link, as a guest that spoofs would: each argument is one frame,
KIND,SOURCE_MAC,SOURCE,TARGET (TARGET: the neighbour discovery target, unused by the other kinds).

Kinds: echo (an echo request to ff02::1), na (an unsolicited neighbour advertisement of TARGET to
ff02::1 with TARGET's link-layer address option set to SOURCE_MAC), dad (a duplicate address detection
probe for TARGET: a neighbour solicitation to its solicited-node group), mld (an MLDv2 report joining
TARGET's solicited-node group), ra (a router advertisement to ff02::1, router lifetime 1800 s), dhcpv6
(a DHCPv6 Reply from port 547 to ff02::1 port 546), rs (a router solicitation to ff02::2, with no
link-layer address option: from :: it must have none). Echo requests carry their kind's index in the
argument list as identifier, so a capture tells them apart.

Usage: python3 send-ipv6-frames.py IFACE FRAME...
Python standard library only; needs CAP_NET_RAW in the link's namespace."""
import ipaddress
import socket
import struct
import sys


def mac_bytes(text):
    return bytes(int(part, 16) for part in text.split(":"))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv6(source, destination, next_header, payload, hop_limit=255):
    header = struct.pack("!IHBB", 6 << 28, len(payload), next_header, hop_limit)
    return header + source.packed + destination.packed + payload


def pseudo_checksum(source, destination, next_header, payload):
    pseudo = source.packed + destination.packed + struct.pack("!I3xB", len(payload), next_header)
    return checksum(pseudo + payload)


def icmpv6(source, destination, body):
    """An ICMPv6 packet: body starts with type and code, checksum filled in here."""
    message = body[:2] + b"\0\0" + body[4:]
    sum_ = pseudo_checksum(source, destination, 58, message)
    return ipv6(source, destination, 58, message[:2] + struct.pack("!H", sum_) + message[4:])


def solicited_node(address):
    return ipaddress.IPv6Address("ff02::1:ff00:0").packed[:13] + address.packed[13:]


def multicast_mac(group):
    return b"\x33\x33" + group[12:]


ALL_NODES = ipaddress.IPv6Address("ff02::1")


def frame(index, kind, mac, source, target):
    if kind == "echo":
        packet = icmpv6(source, ALL_NODES, struct.pack("!BBHHH", 128, 0, 0, index, 1) + b"k6t-net")
        return multicast_mac(ALL_NODES.packed), packet
    if kind == "na":
        body = struct.pack("!BBHI", 136, 0, 0, 0x20000000) + target.packed + bytes([2, 1]) + mac
        return multicast_mac(ALL_NODES.packed), icmpv6(source, ALL_NODES, body)
    if kind == "dad":
        group = ipaddress.IPv6Address(solicited_node(target))
        body = struct.pack("!BBHI", 135, 0, 0, 0) + target.packed
        return multicast_mac(group.packed), icmpv6(source, group, body)
    if kind == "mld":
        mld = ipaddress.IPv6Address("ff02::16")
        record = struct.pack("!BBH", 4, 0, 0) + solicited_node(target)  # CHANGE_TO_EXCLUDE, no sources
        body = struct.pack("!BBHHH", 143, 0, 0, 0, 1) + record
        # hop-by-hop header with the router alert option, hop limit 1, as RFC 3810 asks
        hop_by_hop = bytes([58, 0, 5, 2, 0, 0, 1, 0])
        message = body[:2] + struct.pack("!H", pseudo_checksum(source, mld, 58, body)) + body[4:]
        return multicast_mac(mld.packed), ipv6(source, mld, 0, hop_by_hop + message, hop_limit=1)
    if kind == "ra":
        body = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 1800, 0, 0) + bytes([1, 1]) + mac
        return multicast_mac(ALL_NODES.packed), icmpv6(source, ALL_NODES, body)
    if kind == "rs":
        routers = ipaddress.IPv6Address("ff02::2")
        return multicast_mac(routers.packed), icmpv6(source, routers, struct.pack("!BBHI", 133, 0, 0, 0))
    if kind == "dhcpv6":
        reply = bytes([7, 0x5B, 0xAD, 0x5B])  # Reply, transaction id; no options
        udp = struct.pack("!HHHH", 547, 546, 8 + len(reply), 0) + reply
        sum_ = pseudo_checksum(source, ALL_NODES, 17, udp) or 0xFFFF
        udp = udp[:6] + struct.pack("!H", sum_) + udp[8:]
        return multicast_mac(ALL_NODES.packed), ipv6(source, ALL_NODES, 17, udp, hop_limit=1)
    raise SystemExit("unknown frame kind %r" % kind)


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((argv[1], 0))
    for index, spec in enumerate(argv[2:], start=1):
        kind, mac_text, source_text, target_text = spec.split(",")
        mac = mac_bytes(mac_text)
        destination, packet = frame(index, kind, mac, ipaddress.IPv6Address(source_text),
                                    ipaddress.IPv6Address(target_text or "::"))
        sock.send(destination + mac + b"\x86\xdd" + packet)
    sock.close()


if __name__ == "__main__":
    main(sys.argv)
