"""Router solicitation to advertisement time, as a guest sees it: sends COUNT router solicitations
(with the source link-layer address option) to ff02::2 out of IFACE, one at a time, and prints for each
the milliseconds until a router advertisement addressed to this host alone (unicast, so not a periodic
one) arrived, or "timeout" after TIMEOUT_MS.

Usage: python3 rs-rtt.py IFACE COUNT [TIMEOUT_MS]
Python standard library only; needs CAP_NET_RAW in the link's namespace and a valid link-local address."""
import select
import socket
import struct
import sys
import time

ICMP6_FILTER = 1


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    iface, count = argv[1], int(argv[2])
    timeout = (int(argv[3]) if len(argv) > 3 else 2000) / 1000.0
    with open("/sys/class/net/%s/address" % iface) as f:
        mac = bytes(int(part, 16) for part in f.read().strip().split(":"))
    index = socket.if_nametoindex(iface)
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, index)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVPKTINFO, 1)
    # block every ICMPv6 type but router advertisements (RFC 3542 filter: a set bit blocks)
    blocked = [0xFFFFFFFF] * 8
    blocked[134 >> 5] &= ~(1 << (134 & 31))
    sock.setsockopt(socket.IPPROTO_ICMPV6, ICMP6_FILTER, struct.pack("=8I", *blocked))
    # type, code, checksum (the kernel fills it in), reserved; source link-layer address option
    solicitation = struct.pack("!BBHI", 133, 0, 0, 0) + bytes([1, 1]) + mac
    for _ in range(count):
        sent = time.perf_counter()
        sock.sendto(solicitation, ("ff02::2", 0, 0, index))
        answer = None
        while answer is None:
            left = sent + timeout - time.perf_counter()
            if left <= 0 or not select.select([sock], [], [], left)[0]:
                break
            data, ancillary, _, _ = sock.recvmsg(1500, socket.CMSG_SPACE(20))
            received = time.perf_counter()
            for level, kind, value in ancillary:
                if level == socket.IPPROTO_IPV6 and kind == socket.IPV6_PKTINFO and value[0] != 0xFF:
                    if data and data[0] == 134:
                        answer = received
        print("%.3f" % ((answer - sent) * 1000) if answer is not None else "timeout", flush=True)
    sock.close()


if __name__ == "__main__":
    main(sys.argv)
