package io.k6t.net.dhcp;

import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random {@link DhcpMessage}s covering every typed option, raw and private options, split values. */
final class RandomMessages {
    /** Codes whose value format is free (no validation), for random raw options. */
    private static final int[] FREE_CODES = {14, 17, 18, 40, 43, 47, 56, 60, 61, 64, 66, 67, 77, 93, 94, 97, 114,
        124, 125, 145, 148, 161, 184, 200, 211, 223, 224, 230, 240, 254};

    private RandomMessages() {
    }

    static Inet4Address address(SplittableRandom r) {
        return Ipv4.fromInt(r.nextInt());
    }

    static List<Inet4Address> addresses(SplittableRandom r) {
        List<Inet4Address> out = new ArrayList<>();
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            out.add(address(r));
        }
        return out;
    }

    static byte[] bytes(SplittableRandom r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    static String label(SplittableRandom r) {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + r.nextInt(r.nextInt(10) == 0 ? 63 : 8); i > 0; i--) {
            sb.append(chars.charAt(r.nextInt(chars.length())));
        }
        return sb.toString();
    }

    static String text(SplittableRandom r, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + r.nextInt(max); i > 0; i--) {
            sb.append((char) (0x20 + r.nextInt(0x5f)));
        }
        return sb.toString();
    }

    static List<String> domains(SplittableRandom r) {
        List<String> parents = List.of("cluster.local", "svc.cluster.local", "example.com", label(r));
        List<String> out = new ArrayList<>();
        for (int i = 1 + r.nextInt(8); i > 0; i--) {
            String name = r.nextBoolean() ? label(r) + "." + parents.get(r.nextInt(parents.size())) : label(r);
            out.add(r.nextInt(10) == 0 ? name + "." : name);
        }
        return out;
    }

    static List<ClasslessRoute> routes(SplittableRandom r) {
        List<ClasslessRoute> out = new ArrayList<>();
        for (int i = 1 + r.nextInt(6); i > 0; i--) {
            int width = r.nextInt(33);
            int mask = width == 0 ? 0 : -1 << (32 - width);
            out.add(new ClasslessRoute(Ipv4.fromInt(r.nextInt() & mask), width,
                    r.nextInt(4) == 0 ? Ipv4.ANY : address(r)));
        }
        return out;
    }

    /** A random message; option 52 is never set (the encoder adds it when it overloads). */
    static DhcpMessage next(SplittableRandom r) {
        DhcpMessage.Builder b = DhcpMessage.builder()
                .op(r.nextBoolean() ? DhcpMessage.BOOTREQUEST : DhcpMessage.BOOTREPLY)
                .xid(r.nextInt()).secs(r.nextInt(65_536)).flags(r.nextInt(65_536)).hops(r.nextInt(256))
                .ciaddr(address(r)).yiaddr(address(r)).siaddr(address(r)).giaddr(address(r));
        if (r.nextInt(4) == 0) {
            b.htype(r.nextInt(256)).hlen(r.nextInt(17)).chaddr(bytes(r, 16));
        } else {
            b.clientMac(MacAddress.fromBytes(java.util.Arrays.copyOf(bytes(r, 6), 6)));
        }
        if (r.nextInt(4) == 0) {
            b.sname(text(r, 63));
        }
        if (r.nextInt(4) == 0) {
            b.file(text(r, 127));
        }
        List<Runnable> setters = new ArrayList<>(List.of(
                () -> b.option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.valueOf(r.nextInt(256))),
                () -> b.option(DhcpOptionCodecs.SUBNET_MASK, address(r)),
                () -> b.option(DhcpOptionCodecs.ROUTER, addresses(r)),
                () -> b.option(DhcpOptionCodecs.DOMAIN_NAME_SERVER, addresses(r)),
                () -> b.option(DhcpOptionCodecs.HOST_NAME, text(r, 64)),
                () -> b.option(DhcpOptionCodecs.DOMAIN_NAME, text(r, 40)),
                () -> b.option(DhcpOptionCodecs.INTERFACE_MTU, 68 + r.nextInt(65_536 - 68)),
                () -> b.option(DhcpOptionCodecs.BROADCAST_ADDRESS, address(r)),
                () -> b.option(DhcpOptionCodecs.NTP_SERVERS, addresses(r)),
                () -> b.option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, address(r)),
                () -> b.option(DhcpOptionCodecs.IP_ADDRESS_LEASE_TIME, r.nextLong(0x1_0000_0000L)),
                () -> b.option(DhcpOptionCodecs.SERVER_IDENTIFIER, address(r)),
                () -> b.option(DhcpOptionCodecs.PARAMETER_REQUEST_LIST, codes(r)),
                () -> b.option(DhcpOptionCodecs.MAXIMUM_DHCP_MESSAGE_SIZE, 576 + r.nextInt(65_536 - 576)),
                () -> b.option(DhcpOptionCodecs.RENEWAL_TIME, r.nextLong(0x1_0000_0000L)),
                () -> b.option(DhcpOptionCodecs.REBINDING_TIME, r.nextLong(0x1_0000_0000L)),
                () -> b.option(DhcpOptionCodecs.VENDOR_CLASS_IDENTIFIER, text(r, 60)),
                () -> b.option(DhcpOptionCodecs.CLIENT_IDENTIFIER, nonEmpty(bytes(r, 20))),
                () -> b.option(DhcpOptionCodecs.TFTP_SERVER_NAME, text(r, 30)),
                () -> b.option(DhcpOptionCodecs.BOOTFILE_NAME, text(r, 30)),
                () -> b.option(DhcpOptionCodecs.CLIENT_FQDN, fqdn(r)),
                () -> b.option(DhcpOptionCodecs.RELAY_AGENT_INFORMATION,
                        List.of(RelayAgentSubOption.of(1, bytes(r, 20)),
                        RelayAgentSubOption.of(2, bytes(r, 10)))),
                () -> b.option(DhcpOptionCodecs.DOMAIN_SEARCH, domains(r)),
                () -> b.option(DhcpOptionCodecs.CLASSLESS_STATIC_ROUTE, routes(r)),
                () -> b.option(DhcpOptionCodecs.MS_CLASSLESS_STATIC_ROUTE, routes(r)),
                () -> b.option(DhcpOptionCodecs.WPAD, "http://" + label(r) + "/wpad.dat"),
                () -> b.option(DhcpOption.of(FREE_CODES[r.nextInt(FREE_CODES.length)],
                        bytes(r, r.nextInt(8) == 0 ? 700 : 40)))));
        for (int i = r.nextInt(setters.size() + 1); i > 0; i--) {
            setters.get(r.nextInt(setters.size())).run();
        }
        switch (r.nextInt(3)) {
            case 0:
                b.trailingBytes(new byte[r.nextInt(300)]);
                break;
            case 1:
                b.trailingBytes(bytes(r, 40));
                break;
            default:
                break;
        }
        return b.build();
    }

    private static byte[] nonEmpty(byte[] b) {
        return b.length == 0 ? new byte[] {1} : b;
    }

    private static List<DhcpOptionCode> codes(SplittableRandom r) {
        List<DhcpOptionCode> out = new ArrayList<>();
        for (int i = 1 + r.nextInt(20); i > 0; i--) {
            out.add(DhcpOptionCode.valueOf(1 + r.nextInt(254)));
        }
        return out;
    }

    private static ClientFqdn fqdn(SplittableRandom r) {
        boolean wire = r.nextBoolean();
        String name = label(r) + "." + label(r) + (wire && r.nextBoolean() ? "." : "");
        return new ClientFqdn((wire ? ClientFqdn.FLAG_E : 0) | r.nextInt(2) | r.nextInt(2) * 8, 0,
                r.nextBoolean() ? 0 : 255, name);
    }
}
