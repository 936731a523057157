package io.k6t.net.it.harden;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpEncodeException;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A hostile guest: sends, as fast as one thread can, broadcast UDP to port 67 cycling through three
 * kinds of datagram: malformed bytes (random garbage, truncated headers, bad cookies, options running
 * past the end, bad {@code hlen}), DISCOVERs from random MACs, and valid DISCOVERs from the lease's
 * MAC (xid {@code 0xf1xxxxxx}, so the real client's transactions can be told apart), in the
 * proportions 32:31:1 (see docs/reliability.md for what a flood of the lease's MAC alone does). Run it on a
 * thread inside the guest's namespace; the socket is created there.
 */
final class FloodSender {
    static final int FLOOD_XID_PREFIX = 0xf1;
    private static final InetSocketAddress BROADCAST = new InetSocketAddress("255.255.255.255", 67);
    private static final int MALFORMED_VARIANTS = 64;
    /** Of every {@value #MIX} datagrams: this many malformed, {@value #LEASE_SHARE} from the lease's MAC. */
    static final int MIX = 64;
    static final int MALFORMED_SHARE = 32;
    static final int LEASE_SHARE = 1;

    private final byte[] leaseDiscover;
    private final List<byte[]> malformed;
    private final SplittableRandom random;

    /** Counts of what was sent; {@code errors} are sends the kernel refused (e.g. ENOBUFS). */
    record Sent(long malformed, long randomMac, long leaseMac, long errors, long nanos) {
        long total() {
            return malformed + randomMac + leaseMac;
        }

        double perSecond() {
            return total() * 1e9 / nanos;
        }
    }

    FloodSender(String leaseMac, long seed) {
        this.random = new SplittableRandom(seed);
        this.leaseDiscover = discover(leaseMac);
        this.malformed = malformed(leaseDiscover, random);
    }

    /** Sends until {@code nanos} have passed. */
    Sent send(long nanos) throws IOException {
        ByteBuffer lease = ByteBuffer.allocateDirect(leaseDiscover.length);
        ByteBuffer stranger = ByteBuffer.allocateDirect(leaseDiscover.length);
        List<ByteBuffer> garbage = new ArrayList<>();
        for (byte[] bytes : malformed) {
            garbage.add(ByteBuffer.allocateDirect(Math.max(1, bytes.length)).put(bytes).flip());
        }
        long[] counts = new long[4];
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            long start = System.nanoTime();
            long deadline = start + nanos;
            long n = 0;
            while ((n & 63) != 0 || System.nanoTime() < deadline) {
                int slot = (int) (n++ % MIX);
                int kind = slot < MALFORMED_SHARE ? 0 : slot < MIX - LEASE_SHARE ? 1 : 2;
                ByteBuffer datagram;
                if (kind == 0) {
                    datagram = garbage.get(random.nextInt(garbage.size()));
                    datagram.rewind();
                } else if (kind == 1) {
                    stranger.clear();
                    stranger.put(leaseDiscover).putInt(4, random.nextInt()).putInt(28, 0x0200_0000 | random.nextInt())
                            .putShort(32, (short) random.nextInt()).flip();
                    datagram = stranger;
                } else {
                    lease.clear();
                    lease.put(leaseDiscover).putInt(4, FLOOD_XID_PREFIX << 24 | random.nextInt(1 << 24)).flip();
                    datagram = lease;
                }
                try {
                    channel.send(datagram, BROADCAST);
                    counts[kind]++;
                } catch (IOException e) {
                    counts[3]++;
                }
            }
            return new Sent(counts[0], counts[1], counts[2], counts[3], System.nanoTime() - start);
        }
    }

    private static byte[] discover(String mac) {
        try {
            return DhcpCodec.encode(DhcpMessage.builder().xid(FLOOD_XID_PREFIX << 24).clientMac(MacAddress.parse(mac))
                    .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.DISCOVER)
                    .option(DhcpOptionCodecs.HOST_NAME, "flood")
                    .option(DhcpOptionCodecs.PARAMETER_REQUEST_LIST,
                            Arrays.stream(new int[] {1, 3, 6, 12, 15, 26, 28, 42, 119, 121})
                            .mapToObj(DhcpOptionCode::valueOf).toList())
                    .build());
        } catch (DhcpEncodeException e) {
            throw new AssertionError(e);
        }
    }

    /** Every kind of bad input the codec rejects, each with a foreign chaddr when long enough to hold one. */
    private static List<byte[]> malformed(byte[] valid, SplittableRandom random) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; out.size() < MALFORMED_VARIANTS; i++) {
            byte[] bytes;
            switch (i % 6) {
                case 0 -> {
                    bytes = new byte[random.nextInt(600)];
                    random.nextBytes(bytes);
                }
                case 1 -> bytes = Arrays.copyOf(valid, random.nextInt(236));
                case 2 -> {
                    bytes = valid.clone();
                    bytes[236 + random.nextInt(4)] ^= (byte) (1 + random.nextInt(255));
                }
                case 3 -> {
                    bytes = Arrays.copyOf(valid, 241 + random.nextInt(20));
                    bytes[bytes.length - 1] = (byte) 200;
                    bytes[bytes.length - 2] = 12;
                }
                case 4 -> {
                    bytes = valid.clone();
                    bytes[2] = (byte) (17 + random.nextInt(200));
                }
                default -> {
                    bytes = valid.clone();
                    bytes[240] = 53;
                    bytes[241] = (byte) (2 + random.nextInt(50));
                }
            }
            if (bytes.length >= 34) {
                bytes[28] = 0x02;
                bytes[33] = (byte) random.nextInt(256);
                bytes[32] = (byte) 0xee;
            }
            out.add(bytes);
        }
        return out;
    }
}
