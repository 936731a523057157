package io.k6t.net.dhcp.v6;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.Pcap;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property-style tests over seeded random input (seed in every failure message; rerun one case with
 * {@code -Dk6t.seed=N}): generated messages round-trip, and random or mutated real bytes only ever
 * decode or raise {@link Dhcp6DecodeException}; whatever decodes reads through every typed view and
 * re-encodes to the same bytes.
 */
class Dhcp6PropertiesTest {
    private static final long BASE_SEED = Long.getLong("k6t.seed", 0x6b36745f76366470L);

    @Test
    void generatedMessagesRoundTrip() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            long seed = BASE_SEED + i;
            Dhcp6Packet p = randomPacket(new SplittableRandom(seed), 0);
            byte[] wire = Dhcp6Codec.encode(p);
            assertThat(Dhcp6Codec.decode(wire)).as("seed %d", seed).isEqualTo(p);
        }
    }

    @Test
    void randomBytesDecodeOrRaiseOnlyDecodeExceptions() {
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            long seed = BASE_SEED + 100_000 + i;
            SplittableRandom r = new SplittableRandom(seed);
            byte[] bytes = new byte[r.nextInt(200)];
            r.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = (byte) r.nextInt(1, 14);
            }
            decoded += Dhcp6Fuzz.decodeReadAndRoundTrip(bytes, "seed " + seed) ? 1 : 0;
        }
        // Random bytes rarely form a valid option list; the ones that do must read through.
        assertThat(decoded).isPositive();
    }

    @Test
    void mutatedRealPacketsDecodeOrRaiseOnlyDecodeExceptions() throws Exception {
        List<byte[]> real = new ArrayList<>();
        for (Golden6Test.Golden g : Golden6Test.captures().toList()) {
            for (Pcap.Ip6 p : Golden6Test.dhcp(g.file())) {
                real.add(p.udpPayload());
            }
        }
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            long seed = BASE_SEED + 200_000 + i;
            SplittableRandom r = new SplittableRandom(seed);
            byte[] p = real.get(r.nextInt(real.size())).clone();
            int flips = r.nextInt(1, 4);
            for (int f = 0; f < flips; f++) {
                p[r.nextInt(p.length)] = (byte) r.nextInt(256);
            }
            if (r.nextInt(4) == 0) {
                p = java.util.Arrays.copyOf(p, r.nextInt(p.length + 1));
            }
            decoded += Dhcp6Fuzz.decodeReadAndRoundTrip(p, "seed " + seed) ? 1 : 0;
        }
        assertThat(decoded).isGreaterThan(1_000);
    }

    static Dhcp6Packet randomPacket(SplittableRandom r, int depth) throws UnknownHostException {
        Dhcp6Options.Builder o = Dhcp6Options.builder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(10)) {
                case 0 -> o.clientId(Duid.fromBytes(bytes(r, 3 + r.nextInt(20))));
                case 1 -> o.addIaNa(new IaNa(r.nextLong(1L << 32), r.nextLong(1L << 32), r.nextLong(1L << 32),
                        Dhcp6Options.builder().addIaAddress(new IaAddress(ip(r), r.nextLong(1L << 32),
                                r.nextLong(1L << 32), Dhcp6Options.empty())).build()));
                case 2 -> o.elapsedTime(r.nextInt(0x10000));
                case 3 -> o.rapidCommit();
                case 4 -> o.dnsServers(List.of(ip(r), ip(r)));
                case 5 -> o.domainList(List.of("a" + r.nextInt(100) + ".example", "cluster.local"));
                case 6 -> o.statusCode(new StatusCode(r.nextInt(7), "m" + r.nextInt()));
                case 7 -> o.requestedOptions(List.of(Dhcp6OptionCode.DNS_SERVERS, Dhcp6OptionCode.valueOf(r.nextInt(
                        0x10000))));
                case 8 -> o.add(Dhcp6Option.of(Dhcp6OptionCode.valueOf(1000 + r.nextInt(1000)),
                        bytes(r, r.nextInt(40))));
                default -> {
                    if (depth < 3) {
                        o.relayMessage(randomPacket(r, depth + 1));
                    }
                }
            }
        }
        if (r.nextBoolean()) {
            return new Dhcp6RelayMessage(r.nextBoolean() ? Dhcp6MessageType.RELAY_FORW : Dhcp6MessageType.RELAY_REPL,
                    r.nextInt(256), ip(r), ip(r), o.build());
        }
        return new Dhcp6Message(Dhcp6MessageType.valueOf(r.nextInt(1, 12)), r.nextInt(1 << 24), o.build());
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static Inet6Address ip(SplittableRandom r) throws UnknownHostException {
        return Inet6Address.getByAddress(null, bytes(r, 16), -1);
    }
}
