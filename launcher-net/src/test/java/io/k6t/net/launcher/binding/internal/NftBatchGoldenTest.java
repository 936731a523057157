package io.k6t.net.launcher.binding.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.launcher.netlink.internal.Captures;
import io.k6t.net.launcher.netlink.internal.NftBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DHCP isolation batches, byte for byte against what nft 1.0.6 sends for the same scripts.
 * Provenance: {@code capture-nft.sh} (beside {@code nft-capture.txt} in the netlink internal test
 * resources) runs the {@link NftScripts} texts for bridge {@code br-eth0} and nic {@code eth0-nic}
 * through {@code nft -f} in a throw-away namespace under {@code strace -e write=all} and keeps the
 * hex dump of the batch datagram (nft numbers it from sequence 0). Little-endian: captured on x86-64.
 */
class NftBatchGoldenTest {
    private static final Map<String, List<byte[]>> CAPTURE =
            Captures.read("/io/k6t/net/launcher/netlink/internal/nft-capture.txt");

    @BeforeAll
    static void littleEndianHost() {
        assertThat(ByteOrder.nativeOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] captured(String section) {
        assertThat(CAPTURE).containsKey(section);
        return CAPTURE.get(section).get(0);
    }

    @Test
    void addIsWhatNftSends() {
        // add table; per chain in/fwd/out: add chain (hook, priority 0, policy accept), flush chain, add rule
        assertThat(NftScripts.addBatch("br-eth0", "eth0-nic", 0, false).end()).isEqualTo(captured("add"));
    }

    @Test
    void removeIsWhatNftSends() {
        // add table; per chain: add chain, flush chain, delete chain
        assertThat(NftScripts.removeBatch("br-eth0", "eth0-nic", false, 0, false).end())
                .isEqualTo(captured("remove"));
    }

    @Test
    void removeLastIsWhatNftSends() {
        // add table; delete table
        assertThat(NftScripts.removeBatch("br-eth0", "eth0-nic", true, 0, false).end()).isEqualTo(captured("last"));
    }

    @Test
    void ackVariantDiffersOnlyInTheAckFlagOfCommandsAndTheSequences() {
        byte[] nft = captured("add");
        byte[] ours = NftScripts.addBatch("br-eth0", "eth0-nic", 1000, true).end();
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
        assertThat(messages).as("begin, table, 3 x (chain, flush, rule), end").isEqualTo(12);
    }

    @Test
    void rejectsNamesTheKernelCannotMatch() {
        NftBatch batch = new NftBatch(0, true);
        assertThatThrownBy(() -> batch.appendUdpDropRule(NftBatch.FAMILY_BRIDGE, "k6t", "c", NftBatch.META_IIFNAME,
                "sixteen-bytes-xx", NftBatch.UDP_DPORT, 67))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sixteen-bytes-xx");
        assertThatThrownBy(() -> batch.appendUdpDropRule(NftBatch.FAMILY_BRIDGE, "k6t", "c", NftBatch.META_IIFNAME,
                "tap0", NftBatch.UDP_DPORT, 70000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
    }
}
