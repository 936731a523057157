package io.k6t.net.launcher.netlink;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.k6t.net.launcher.netlink.internal.AddressMessage;
import io.k6t.net.launcher.netlink.internal.ErrorMessage;
import io.k6t.net.launcher.netlink.internal.LinkMessage;
import io.k6t.net.launcher.netlink.internal.MalformedMessageException;
import io.k6t.net.launcher.netlink.internal.NetlinkMessage;
import io.k6t.net.launcher.netlink.internal.RouteMessage;
import io.k6t.net.launcher.netlink.internal.Rtnl;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of the rtnetlink reply decoder: a datagram as the kernel would
 * send it is split into messages, each decoded by its type the way {@link NetlinkHandle} does, down to
 * the public value types ({@link Link}, {@link IpPrefix}, {@link Route}). Contract: the only exception
 * is {@link MalformedMessageException} (which the handle turns into a {@link NetlinkException} with
 * {@code EPROTO}); anything else fails the test.
 *
 * <p>Corpus: {@code src/test/resources/io/k6t/net/launcher/netlink/NetlinkDecodeFuzzTestInputs/decode/},
 * seeded with every captured kernel reply of {@code internal/replies.txt} by {@link NetlinkFuzzSeeds}.
 */
class NetlinkDecodeFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void decode(byte[] datagram) {
        try {
            for (NetlinkMessage message : NetlinkMessage.decodeAll(ByteBuffer.wrap(datagram))) {
                decode(message);
            }
        } catch (MalformedMessageException expected) {
            // the one permitted outcome for bytes that do not add up
        }
    }

    private static void decode(NetlinkMessage message) {
        switch (message.type()) {
            case Rtnl.RTM_NEWLINK -> Decoding.link(LinkMessage.decode(message));
            case Rtnl.RTM_NEWADDR -> Decoding.address(AddressMessage.decode(message));
            case Rtnl.RTM_NEWROUTE -> Decoding.route(RouteMessage.decode(message));
            case Rtnl.NLMSG_ERROR -> ErrorMessage.decodeError(message);
            case Rtnl.NLMSG_DONE -> ErrorMessage.decodeDone(message);
            default -> message.dumpInterrupted();
        }
    }
}
