package io.k6t.net.dhcp.v6.server;

import static io.k6t.net.dhcp.v6.server.Responder6Test.GUEST_LL;
import static io.k6t.net.dhcp.v6.server.Responder6Test.LEASE;
import static io.k6t.net.dhcp.v6.server.Responder6Test.client;
import static io.k6t.net.dhcp.v6.server.Responder6Test.emptyIa;
import static io.k6t.net.dhcp.v6.server.Responder6Test.message;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.v6.Dhcp6MessageType;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The DHCPv6 handler on an embedded channel: every Solicit answered, its log lines rate-limited. */
class Dhcp6HandlerTest {
    private static final int SOLICITS = 50;
    /** {@code LogRateLimiter.forTransactions()}: the burst a flood may log at once. */
    private static final int BURST = 20;

    private final Logger handlerLog = (Logger) LoggerFactory.getLogger(Dhcp6Handler.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void attachLog() {
        levelBefore = handlerLog.getLevel();
        handlerLog.setLevel(Level.INFO);
        log.start();
        handlerLog.addAppender(log);
    }

    @AfterEach
    void detachLog() {
        handlerLog.detachAppender(log);
        handlerLog.setLevel(levelBefore);
    }

    @Test
    void aFloodOfSolicitsIsAnsweredWholeButLogsOnlyABurstOfLines() {
        // A clock that stands still: the whole flood arrives within one instant, however slow the machine.
        Dhcp6Handler handler = new Dhcp6Handler(LEASE, Transaction6.Listener.NONE, () -> 0L);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        byte[] solicit = Dhcp6Codec.encode(message(Dhcp6MessageType.SOLICIT, client().addIaNa(emptyIa(1))));
        InetSocketAddress server = new InetSocketAddress("ff02::1:2", 547);

        for (int i = 0; i < SOLICITS; i++) {
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(solicit), server, GUEST_LL));
        }

        int advertises = 0;
        for (DatagramPacket out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            assertThat(out.recipient()).isEqualTo(GUEST_LL);
            out.release();
            advertises++;
        }
        assertThat(advertises).isEqualTo(SOLICITS);
        assertThat(handler.stats().advertised()).isEqualTo(SOLICITS);
        assertThat(log.list).hasSize(BURST).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .isEqualTo("k6t-eth0: SOLICIT from " + GUEST_LL + " -> ADVERTISE"));
        channel.finishAndReleaseAll();
    }
}
