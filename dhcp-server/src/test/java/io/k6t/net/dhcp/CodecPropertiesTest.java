package io.k6t.net.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property-style tests over seeded random input (seed in every failure message; rerun one case with
 * {@code -Dk6t.seed=N}): generated messages round-trip, and random or mutated real bytes only ever
 * decode or raise {@link DhcpDecodeException}; whatever decodes can be read through every typed
 * accessor and re-encodes to an equal message.
 */
class CodecPropertiesTest {
    private static final long BASE_SEED = Long.getLong("k6t.seed", 0x6b36745f64686370L);
    private static final EncodeOptions UNLIMITED = EncodeOptions.builder().maxMessageSize(65_535).build();
    private static final List<byte[]> REAL = new ArrayList<>();

    @BeforeAll
    static void loadRealPackets() throws Exception {
        for (Path file : SharedPcaps.files()) {
            for (Pcap.Udp udp : Pcap.readDhcp(file)) {
                REAL.add(udp.payload());
            }
        }
        for (String golden : List.of("udhcpc.pcap", "dhclient.pcap", "dhcpcd.pcap", "systemd-networkd.pcap")) {
            for (Pcap.Udp udp : Pcap.readDhcp(Path.of(CodecPropertiesTest.class.getResource("/golden/" + golden)
                    .toURI()))) {
                REAL.add(udp.payload());
            }
        }
        assertThat(REAL).hasSizeGreaterThan(200);
    }

    private static DhcpMessage withoutTrailing(DhcpMessage m) {
        return m.toBuilder().trailingBytes(null).build();
    }

    @Test
    void generatedMessagesRoundTrip() throws Exception {
        for (int i = 0; i < 3000; i++) {
            long seed = BASE_SEED + i;
            DhcpMessage m = RandomMessages.next(new SplittableRandom(seed));
            try {
                DhcpMessage decoded = DhcpCodec.decode(DhcpCodec.encode(m, UNLIMITED));
                if (m.trailingBytes().isPresent()) {
                    assertThat(decoded).isEqualTo(m);
                } else {
                    assertThat(withoutTrailing(decoded)).isEqualTo(m);
                }
                readEverything(decoded);
            } catch (DhcpEncodeException | DhcpDecodeException | AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + m, e);
            }
        }
    }

    @Test
    void generatedMessagesFitTheClientLimitOrSayTheyCannot() throws Exception {
        int overloaded = 0;
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            long seed = BASE_SEED + 100_000 + i;
            SplittableRandom r = new SplittableRandom(seed);
            DhcpMessage m = RandomMessages.next(r);
            EncodeOptions options = EncodeOptions.builder().maxMessageSize(576 + r.nextInt(400))
                    .overloadAllowed(r.nextInt(4) != 0).build();
            try {
                byte[] wire = DhcpCodec.encode(m, options);
                assertThat(wire.length).isLessThanOrEqualTo(options.maxPayloadSize());
                DhcpMessage decoded = DhcpCodec.decode(wire);
                if (decoded.options().overload().isPresent()) {
                    overloaded++;
                    assertThat(options.overloadAllowed()).isTrue();
                    decoded = decoded.toBuilder().removeOption(DhcpOptionCode.OPTION_OVERLOAD).build();
                }
                assertThat(withoutTrailing(decoded)).isEqualTo(withoutTrailing(m));
            } catch (DhcpEncodeException e) {
                refused++;
                assertThat(e.requiredSize()).as("seed %d", seed).isGreaterThan(options.maxMessageSize());
            } catch (DhcpDecodeException | AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + m + " with " + options, e);
            }
        }
        assertThat(overloaded).as("cases that needed overload").isGreaterThan(10);
        assertThat(refused).as("cases that could not fit").isGreaterThan(10);
    }

    @Test
    void randomBytesOnlyEverRaiseDhcpDecodeException() {
        int decoded = 0;
        for (int i = 0; i < 5000; i++) {
            long seed = BASE_SEED + 200_000 + i;
            SplittableRandom r = new SplittableRandom(seed);
            byte[] bytes = RandomMessages.bytes(r, 800);
            if (r.nextBoolean() && bytes.length >= 240) {
                // A plausible header so the option parser is reached.
                bytes[2] = (byte) r.nextInt(17);
                bytes[236] = 0x63;
                bytes[237] = (byte) 0x82;
                bytes[238] = 0x53;
                bytes[239] = 0x63;
            }
            decoded += decodesOrRaisesOnly(bytes, seed) ? 1 : 0;
        }
        assertThat(decoded).as("random messages that happened to decode").isGreaterThan(0);
    }

    @Test
    void mutatedRealPacketsOnlyEverRaiseDhcpDecodeException() {
        int decoded = 0;
        int failed = 0;
        for (int i = 0; i < 20_000; i++) {
            long seed = BASE_SEED + 300_000 + i;
            SplittableRandom r = new SplittableRandom(seed);
            byte[] bytes = mutate(REAL.get(r.nextInt(REAL.size())).clone(), r);
            if (decodesOrRaisesOnly(bytes, seed)) {
                decoded++;
            } else {
                failed++;
            }
        }
        assertThat(decoded).isGreaterThan(1000);
        assertThat(failed).isGreaterThan(1000);
    }

    /** Bit flips, truncation, option length or code corruption, or a byte inserted or removed. */
    static byte[] mutate(byte[] p, SplittableRandom r) {
        switch (r.nextInt(6)) {
            case 0:
                for (int k = 1 + r.nextInt(3); k > 0; k--) {
                    int at = r.nextInt(p.length);
                    p[at] ^= (byte) (1 << r.nextInt(8));
                }
                return p;
            case 1:
                return java.util.Arrays.copyOf(p, r.nextInt(p.length + 1));
            case 2:
            case 3:
                List<Integer> headers = optionHeaders(p);
                if (headers.isEmpty()) {
                    return p;
                }
                int at = headers.get(r.nextInt(headers.size()));
                if (r.nextBoolean()) {
                    p[at + 1] = (byte) r.nextInt(256);
                } else {
                    int[] interesting = {52, 53, 55, 81, 82, 119, 121, 249, 1, 3, 26, 57, 255, 0};
                    p[at] = (byte) interesting[r.nextInt(interesting.length)];
                }
                return p;
            case 4:
                byte[] longer = new byte[p.length + 1];
                int ins = r.nextInt(p.length + 1);
                System.arraycopy(p, 0, longer, 0, ins);
                longer[ins] = (byte) r.nextInt(256);
                System.arraycopy(p, ins, longer, ins + 1, p.length - ins);
                return longer;
            default:
                if (p.length == 0) {
                    return p;
                }
                int del = r.nextInt(p.length);
                byte[] shorter = new byte[p.length - 1];
                System.arraycopy(p, 0, shorter, 0, del);
                System.arraycopy(p, del + 1, shorter, del, p.length - del - 1);
                return shorter;
        }
    }

    private static List<Integer> optionHeaders(byte[] p) {
        List<Integer> out = new ArrayList<>();
        int pos = 240;
        while (pos + 1 < p.length && (p[pos] & 0xff) != 255) {
            if (p[pos] == 0) {
                pos++;
                continue;
            }
            out.add(pos);
            pos += 2 + (p[pos + 1] & 0xff);
        }
        return out;
    }

    /** True if it decoded (then it must read and round-trip), false if it raised DhcpDecodeException. */
    private static boolean decodesOrRaisesOnly(byte[] bytes, long seed) {
        DhcpMessage m;
        try {
            m = DhcpCodec.decode(bytes);
        } catch (DhcpDecodeException e) {
            if (e.offset() < 0 || e.offset() > bytes.length) {
                fail("seed " + seed + ": offset " + e.offset() + " outside 0.." + bytes.length);
            }
            return false;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("seed " + seed + ": decode threw " + e, e);
        }
        try {
            readEverything(m);
            assertThat(DhcpCodec.decode(DhcpCodec.encode(m, UNLIMITED))).isEqualTo(m);
        } catch (Exception | Error e) {
            throw new AssertionError("seed " + seed + ": decoded message does not read back: " + m, e);
        }
        return true;
    }

    /** Calls every typed accessor: none may fail on a message the decoder or builder made. */
    static void readEverything(DhcpMessage m) {
        m.toString();
        m.clientMac();
        m.clientHardwareAddress();
        m.sname();
        m.file();
        m.ciaddr();
        m.yiaddr();
        m.siaddr();
        m.giaddr();
        m.options().messageType();
        m.options().subnetMask();
        m.options().routers();
        m.options().dnsServers();
        m.options().hostName();
        m.options().domainName();
        m.options().interfaceMtu();
        m.options().broadcastAddress();
        m.options().ntpServers();
        m.options().requestedIpAddress();
        m.options().leaseSeconds();
        m.options().overload();
        m.options().serverIdentifier();
        m.options().parameterRequestList();
        m.options().maxMessageSize();
        m.options().renewalSeconds();
        m.options().rebindingSeconds();
        m.options().vendorClassIdentifier();
        m.options().clientIdentifier();
        m.options().tftpServerName();
        m.options().bootFileName();
        m.options().clientFqdn();
        m.options().relayAgentInformation();
        m.options().domainSearch();
        m.options().classlessRoutes();
        m.options().msClasslessRoutes();
        m.options().wpadUrl();
        for (int code = DhcpOptionCode.PRIVATE_FIRST; code <= DhcpOptionCode.PRIVATE_LAST; code++) {
            m.options().privateOption(code);
        }
        m.toBuilder().build();
    }
}
