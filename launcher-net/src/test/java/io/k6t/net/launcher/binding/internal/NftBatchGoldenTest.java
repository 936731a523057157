package io.k6t.net.launcher.binding.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.netlink.internal.Captures;
import io.k6t.net.launcher.netlink.internal.NftRule;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The isolation batches, byte for byte against what nft 1.0.6 sends for the same scripts.
 * Provenance: {@code capture-nft.sh} (beside {@code nft-capture.txt} in the netlink internal test
 * resources) runs the {@link NftScripts} texts for bridge {@code br-eth0}, nic {@code eth0-nic}, tap
 * {@code tap0} and guest {@code 02:00:00:74:17:75} / {@code 10.244.1.5} / {@code fd00:10:244::5} (and the
 * same guest without IPv4) through {@code nft -f} in a
 * throw-away namespace under {@code strace -e write=all} and keeps each script (as {@code # } lines)
 * with the hex dump of its batch datagram (nft numbers it from sequence 0). Little-endian: captured on x86-64.
 */
class NftBatchGoldenTest {
    private static final String RESOURCE = "/io/k6t/net/launcher/netlink/internal/nft-capture.txt";
    private static final Map<String, List<byte[]>> CAPTURE = Captures.read(RESOURCE);
    private static final MacAddress MAC = MacAddress.parse("02:00:00:74:17:75");
    private static final Inet6Address ADDRESS6 = (Inet6Address) InetAddresses.forString("fd00:10:244::5");
    private static final NftScripts.Target GUARDED = new NftScripts.Target("br-eth0", "eth0-nic", "tap0",
            Optional.of(new NftScripts.Guest(MAC, Optional.of((Inet4Address) InetAddresses.forString("10.244.1.5")),
                    Optional.of(ADDRESS6))));
    private static final NftScripts.Target GUARDED6 = new NftScripts.Target("br-eth0", "eth0-nic", "tap0",
            Optional.of(new NftScripts.Guest(MAC, Optional.empty(), Optional.of(ADDRESS6))));
    private static final NftScripts.Target UNGUARDED = new NftScripts.Target("br-eth0", "eth0-nic", "tap0",
            Optional.empty());

    @BeforeAll
    static void littleEndianHost() {
        assertThat(ByteOrder.nativeOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] captured(String section) {
        assertThat(CAPTURE).containsKey(section);
        return CAPTURE.get(section).get(0);
    }

    /** The script text of each section ({@code # } lines), as the capture script ran it. */
    private static Map<String, String> capturedScripts() throws IOException {
        Map<String, String> scripts = new LinkedHashMap<>();
        String section = null;
        try (InputStream in = NftBatchGoldenTest.class.getResourceAsStream(RESOURCE)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("### ")) {
                    section = line.substring(4);
                    scripts.put(section, "");
                } else if (line.startsWith("# ") && section != null) {
                    scripts.merge(section, line.substring(2) + "\n", String::concat);
                }
            }
        }
        return scripts;
    }

    @Test
    void theCapturedScriptsAreTheCurrentRuleSet() throws IOException {
        // a changed rule set must be captured again (see capture-nft.sh), or the bytes below prove nothing
        assertThat(capturedScripts()).containsExactly(
                Map.entry("add", NftScripts.add(GUARDED)),
                Map.entry("add-ipv6-only", NftScripts.add(GUARDED6)),
                Map.entry("add-without-anti-spoofing", NftScripts.add(UNGUARDED)),
                Map.entry("remove", NftScripts.remove(GUARDED, false)),
                Map.entry("last", NftScripts.remove(GUARDED, true)));
    }

    @Test
    void addIsWhatNftSends() {
        // add table; per chain in/fwd/out/tap: add chain (hook, priority 0, policy accept), flush chain, its rules
        assertThat(NftScripts.addBatch(GUARDED, 0, false).end()).isEqualTo(captured("add"));
    }

    @Test
    void addForAnIpv6OnlyGuestIsWhatNftSends() {
        // the tap chain drops all IPv4 and ARP of a guest without IPv4
        assertThat(NftScripts.addBatch(GUARDED6, 0, false).end()).isEqualTo(captured("add-ipv6-only"));
    }

    @Test
    void addWithoutAntiSpoofingIsWhatNftSends() {
        // the same without the tap chain's rules; the tap chain is added, flushed and deleted
        assertThat(NftScripts.addBatch(UNGUARDED, 0, false).end()).isEqualTo(captured("add-without-anti-spoofing"));
    }

    @Test
    void removeIsWhatNftSends() {
        // add table; per chain (the tap chain too): add chain, flush chain, delete chain
        assertThat(NftScripts.removeBatch(GUARDED, false, 0, false).end()).isEqualTo(captured("remove"));
    }

    @Test
    void removeLastIsWhatNftSends() {
        // add table; delete table
        assertThat(NftScripts.removeBatch(GUARDED, true, 0, false).end()).isEqualTo(captured("last"));
    }

    @Test
    void ackVariantDiffersOnlyInTheAckFlagOfCommandsAndTheSequences() {
        byte[] nft = captured("add");
        byte[] ours = NftScripts.addBatch(GUARDED, 1000, true).end();
        assertThat(ours).hasSameSizeAs(nft);
        ByteBuffer a = ByteBuffer.wrap(nft).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.wrap(ours).order(ByteOrder.LITTLE_ENDIAN);
        int messages = 0;
        for (int at = 0; at < nft.length; at += a.getInt(at)) {
            int type = Short.toUnsignedInt(a.getShort(at + 4));
            boolean command = type != 0x10 && type != 0x11;
            assertThat(b.getInt(at)).as("length of message %d", messages).isEqualTo(a.getInt(at));
            assertThat(Short.toUnsignedInt(b.getShort(at + 6)))
                    .as("flags of message %d", messages).isEqualTo(a.getShort(at + 6) | (command ? 4 : 0));
            assertThat(b.getInt(at + 8)).as("sequence of message %d", messages).isEqualTo(1000 + a.getInt(at + 8));
            assertThat(ByteBuffer.wrap(ours, at + 12, a.getInt(at) - 12))
                    .isEqualTo(ByteBuffer.wrap(nft, at + 12, a.getInt(at) - 12));
            messages++;
        }
        assertThat(messages).as("begin, table, chain+flush+2, chain+flush+11, chain+flush+3, chain+flush+8, end")
                .isEqualTo(35);
    }

    @Test
    void rejectsNamesAndPortsTheKernelCannotMatch() {
        assertThatThrownBy(() -> NftRule.builder().inputInterface("sixteen-bytes-xx"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sixteen-bytes-xx");
        assertThatThrownBy(() -> NftRule.builder().udpDestinationPort(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }
}
