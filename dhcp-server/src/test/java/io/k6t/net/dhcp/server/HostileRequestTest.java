package io.k6t.net.dhcp.server;

import static io.k6t.net.dhcp.server.Requests.lease;
import static io.k6t.net.dhcp.server.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MessageType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Requests the fuzzers found that once broke the responder (docs/reliability.md). */
class HostileRequestTest {

    @Test
    void emptyClientIdentifierIsAnsweredWithoutEchoingIt() throws Exception {
        byte[] discover = DhcpCodec.encode(request(MessageType.DISCOVER).build());
        int end = indexOfEndOption(discover);
        byte[] withEmpty61 = Arrays.copyOf(discover, discover.length + 2);
        System.arraycopy(discover, end, withEmpty61, end + 2, discover.length - end);
        withEmpty61[end] = 61;
        withEmpty61[end + 1] = 0;
        DhcpMessage hostile = DhcpCodec.decode(withEmpty61);
        assertThat(hostile.options().clientIdentifier()).hasValueSatisfying(id -> assertThat(id).isEmpty());

        Decision decision = Responder.respond(hostile, lease());

        assertThat(decision).isInstanceOfSatisfying(Decision.Reply.class, reply -> {
            assertThat(reply.message().options().messageType()).contains(MessageType.OFFER);
            assertThat(reply.message().options().clientIdentifier()).isEmpty();
        });
    }

    /** Option 255 after the cookie (the test's own encoding has no PAD before it). */
    private static int indexOfEndOption(byte[] message) {
        int i = 240;
        while (message[i] != (byte) 255) {
            i += 2 + (message[i + 1] & 0xff);
        }
        return i;
    }
}
