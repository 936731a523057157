package io.k6t.net.launcher.netlink.internal;

import io.k6t.net.launcher.netlink.NetlinkException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.os.Errno;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commits against a scripted kernel: one datagram per batch, every command acknowledged or refused. */
class NftablesHandleTest {
    private static final int FIRST = 100;

    private static NftBatch tableAndChain(int seq) {
        return new NftBatch(seq, true).addTable(NftBatch.FAMILY_BRIDGE, "k6t")
                .addFilterChain(NftBatch.FAMILY_BRIDGE, "k6t", "c-in", NftBatch.HOOK_INPUT);
    }

    @Test
    void returnsOnceTheLastCommandIsAcknowledged() throws NetlinkException {
        // begin = FIRST, table = FIRST + 1, chain = FIRST + 2; the kernel acks each command in its own datagram
        ScriptedTransport kernel = new ScriptedTransport((type, seq, n) -> List.of(
                ScriptedTransport.ack(FIRST + 1, 0, null), ScriptedTransport.ack(FIRST + 2, 0, null)));
        try (NftablesHandle handle = new NftablesHandle(kernel, FIRST)) {
            handle.commit("add", NftablesHandleTest::tableAndChain);
        }
        assertThat(kernel.sent).as("the whole batch in one datagram").hasSize(1);
        assertThat(kernel.sentType(0)).as("NFNL_MSG_BATCH_BEGIN first").isEqualTo(0x10);
        assertThat(kernel.sentSequence(0)).isEqualTo(FIRST);
        assertThat(kernel.closed).isTrue();
    }

    @Test
    void aRefusedCommandThrowsWithErrnoAndExtAck() throws NetlinkException {
        List<Integer> refused = new ArrayList<>();
        ScriptedTransport kernel = new ScriptedTransport((type, seq, n) -> {
            refused.add(seq);
            return List.of(ScriptedTransport.ack(FIRST + 1, 0, null),
                    ScriptedTransport.ack(FIRST + 2, Errno.EINVAL.number(), "bad hook"));
        });
        try (NftablesHandle handle = new NftablesHandle(kernel, FIRST)) {
            assertThatThrownBy(() -> handle.commit("add chain", NftablesHandleTest::tableAndChain))
                    .isInstanceOf(NetlinkException.class)
                    .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(Errno.EINVAL))
                    .hasMessageContaining("add chain").hasMessageContaining("message 2")
                    .hasMessageContaining("bad hook");
        }
        assertThat(refused).containsExactly(FIRST);
    }

    @Test
    void aRefusedBatchThrows() {
        // an error on the begin message: the kernel refused the whole batch (no permission, no nf_tables)
        ScriptedTransport kernel = new ScriptedTransport((type, seq, n) -> List.of(
                ScriptedTransport.ack(FIRST, Errno.EPERM.number(), null)));
        NftablesHandle handle = new NftablesHandle(kernel, FIRST);
        assertThatThrownBy(() -> handle.commit("add", NftablesHandleTest::tableAndChain))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("message 0");
    }

    @Test
    void staleAcknowledgementsOfAnEarlierBatchAreIgnored() throws NetlinkException {
        ScriptedTransport kernel = new ScriptedTransport((type, seq, n) -> List.of(
                ScriptedTransport.ack(FIRST - 5, Errno.EEXIST.number(), null),
                ScriptedTransport.ack(seq + 2, 0, null)));
        try (NftablesHandle handle = new NftablesHandle(kernel, FIRST)) {
            handle.commit("add", NftablesHandleTest::tableAndChain);
            handle.commit("add again", NftablesHandleTest::tableAndChain);
        }
        assertThat(kernel.sentSequence(1)).as("the next batch starts after the last one's end")
                .isGreaterThan(FIRST + 3);
    }

    @Test
    void closeIsIdempotentAndRefusesLaterCommits() throws Exception {
        ScriptedTransport kernel = new ScriptedTransport((type, seq, n) -> List.of());
        NftablesHandle handle = new NftablesHandle(kernel, FIRST);

        handle.close();
        handle.close();

        assertThat(kernel.closeCalls).isEqualTo(1);
        assertThatThrownBy(() -> handle.commit("nft add table bridge k6t",
                first -> new NftBatch(first, true).addTable(7, "k6t"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nft add table bridge k6t");
        assertThat(kernel.sent).isEmpty();
    }
}
