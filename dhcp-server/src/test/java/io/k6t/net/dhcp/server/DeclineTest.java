package io.k6t.net.dhcp.server;

import static io.k6t.net.dhcp.server.Requests.ip;
import static io.k6t.net.dhcp.server.Requests.lease;
import static io.k6t.net.dhcp.server.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.internal.ConflictTracker;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * DHCPDECLINE: counted, logged once per conflict with the holder's MAC from the neighbour table,
 * published to the {@link ConflictListener}, over when the guest renews the address.
 */
class DeclineTest {
    private static final Instant T0 = Instant.parse("2026-12-05T07:40:00Z");
    private static final Inet4Address LEASED = ip("10.244.1.5");
    private static final MacAddress HOLDER = MacAddress.parse("52:54:00:12:34:56");
    private static final InetSocketAddress BROADCAST = new InetSocketAddress(ip("255.255.255.255"), 67);
    private static final InetSocketAddress TO_SERVER = new InetSocketAddress(ip("169.254.75.10"), 67);
    private static final InetSocketAddress UNCONFIGURED = new InetSocketAddress(ip("0.0.0.0"), 68);

    private final MutableClock clock = new MutableClock();
    private final List<Inet4Address> lookedUp = new ArrayList<>();
    private final List<AddressConflict> published = new ArrayList<>();
    private final List<Inet4Address> resolved = new ArrayList<>();
    private final List<Transaction> transactions = new ArrayList<>();
    private final Logger trackerLog = (Logger) LoggerFactory.getLogger(ConflictTracker.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private List<MacAddress> neighbourTable = List.of(HOLDER);
    private EmbeddedChannel channel;
    private DhcpPipeline pipeline;

    private final ConflictListener listener = new ConflictListener() {
        @Override
        public void conflict(AddressConflict conflict) {
            published.add(conflict);
        }

        @Override
        public void resolved(String interfaceName, Inet4Address address) {
            resolved.add(address);
        }
    };

    private void start(NeighbourLookup lookup) {
        log.start();
        trackerLog.addAppender(log);
        pipeline = DhcpPipeline.create(lease(), transactions::add, null, lookup, listener, clock);
        channel = new EmbeddedChannel(pipeline.handler());
    }

    private void start() {
        start(address -> {
            lookedUp.add(address);
            return CompletableFuture.completedFuture(neighbourTable);
        });
    }

    @AfterEach
    void detachLog() {
        trackerLog.detachAppender(log);
    }

    private void send(DhcpMessage message, InetSocketAddress to) throws Exception {
        InetSocketAddress from = message.ciaddr().isAnyLocalAddress() ? UNCONFIGURED
                : new InetSocketAddress(message.ciaddr(), 68);
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(DhcpCodec.encode(message)), to, from));
        channel.runPendingTasks();
        for (Object reply = channel.readOutbound(); reply != null; reply = channel.readOutbound()) {
            ((DatagramPacket) reply).release();
        }
    }

    private void decline() throws Exception {
        send(request(MessageType.DECLINE).option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, LEASED)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10")).build(),
                BROADCAST);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void declineIsCountedLoggedWithTheHoldersMacAndPublished() throws Exception {
        start();

        decline();

        InterfaceStats stats = pipeline.stats();
        assertThat(stats.declined()).isEqualTo(1);
        assertThat(stats.conflict()).hasValueSatisfying(c -> {
            assertThat(c.address()).isEqualTo(LEASED);
            assertThat(c.heldBy()).contains(HOLDER);
            assertThat(c.clientMac()).isEqualTo(MacAddress.parse(Requests.MAC));
            assertThat(c.firstDeclined()).isEqualTo(T0);
            assertThat(c.declines()).isEqualTo(1);
        });
        assertThat(lookedUp).containsExactly(LEASED);
        assertThat(published).singleElement().isEqualTo(stats.conflict().orElseThrow());
        assertThat(warnings()).singleElement().asString().contains("k6t-eth0", Requests.MAC, "declined 10.244.1.5",
                "52:54:00:12:34:56");
        assertThat(transactions).singleElement().satisfies(t -> assertThat(t.decision()).isInstanceOfSatisfying(
                Decision.Drop.class, d -> assertThat(d.reason()).isEqualTo(DropReason.DECLINE)));
        assertFalse(channel.finish());
    }

    @Test
    void repeatedDeclinesOfOneConflictAreCountedButLoggedOnceAndRepublishedAtMostEveryTenSeconds()
            throws Exception {
        start();

        decline();
        clock.advance(Duration.ofSeconds(3));
        decline();
        clock.advance(Duration.ofSeconds(3));
        decline();
        clock.advance(Duration.ofSeconds(5));
        decline();

        assertThat(pipeline.stats().declined()).isEqualTo(4);
        assertThat(pipeline.stats().conflict().orElseThrow().declines()).isEqualTo(4);
        assertThat(pipeline.stats().conflict().orElseThrow().lastDeclined()).isEqualTo(T0.plusSeconds(11));
        assertThat(warnings()).hasSize(1);
        assertThat(lookedUp).hasSize(1);
        assertThat(published).extracting(AddressConflict::declines).containsExactly(1L, 4L);
    }

    @Test
    void neighbourEntryOfTheGuestItselfIsNoHolder() throws Exception {
        neighbourTable = List.of(MacAddress.parse(Requests.MAC));
        start();

        decline();

        assertThat(pipeline.stats().conflict().orElseThrow().heldBy()).isEmpty();
        assertThat(warnings()).singleElement().asString().contains("declined 10.244.1.5",
                "neighbour table has no other MAC");
    }

    @Test
    void holderLearnedOnALaterDeclineIsLoggedOnceMore() throws Exception {
        neighbourTable = List.of();
        start();
        decline();

        neighbourTable = List.of(HOLDER);
        clock.advance(Duration.ofSeconds(10));
        decline();

        assertThat(lookedUp).hasSize(2);
        assertThat(pipeline.stats().conflict().orElseThrow().heldBy()).contains(HOLDER);
        assertThat(warnings()).hasSize(2);
        assertThat(warnings().get(1)).contains("52:54:00:12:34:56");
    }

    @Test
    void guestsOwnEntryOnTheBridgeDoesNotHideTheHoldersOnAnotherLink() throws Exception {
        neighbourTable = List.of(MacAddress.parse(Requests.MAC), HOLDER);
        start();

        decline();

        assertThat(pipeline.stats().conflict().orElseThrow().heldBy()).contains(HOLDER);
    }

    @Test
    void withoutANeighbourLookupTheConflictIsLoggedWithoutAMac() throws Exception {
        start(NeighbourLookup.NONE);

        decline();

        assertThat(pipeline.stats().conflict().orElseThrow().heldBy()).isEmpty();
        assertThat(warnings()).hasSize(1);
        assertThat(published).hasSize(1);
    }

    @Test
    void renewingTheDeclinedAddressEndsTheConflict() throws Exception {
        start();
        decline();

        send(request(MessageType.REQUEST).ciaddr(LEASED).build(), TO_SERVER);

        assertThat(resolved).containsExactly(LEASED);
        assertThat(pipeline.stats().conflict()).isEmpty();
        assertThat(pipeline.stats().declined()).as("the count stays").isEqualTo(1);
    }

    @Test
    void selectingTheDeclinedAddressAgainDoesNotEndTheConflict() throws Exception {
        start();
        decline();

        send(request(MessageType.REQUEST).option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10"))
                .option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, LEASED).build(),
                BROADCAST);

        assertThat(resolved).isEmpty();
        assertThat(pipeline.stats().conflict()).isPresent();
    }

    @Test
    void transactionRecordsTheDatagramsDestination() throws Exception {
        start();

        send(request(MessageType.REQUEST).ciaddr(LEASED).build(), TO_SERVER);
        send(request(MessageType.REQUEST).ciaddr(LEASED).build(), BROADCAST);

        assertThat(transactions).extracting(Transaction::recipient).containsExactly(TO_SERVER, BROADCAST);
    }

    @Test
    void publishedConflictRoundTripsThroughItsFile(@TempDir Path directory) {
        AddressConflict conflict = AddressConflict.first("k6t-eth0", LEASED, MacAddress.parse(Requests.MAC), T0)
                .declinedAgain(T0.plusSeconds(12)).heldBy(HOLDER);

        conflict.writeTo(directory);

        assertThat(AddressConflict.file(directory, "k6t-eth0")).exists();
        assertThat(AddressConflict.readFrom(directory, "k6t-eth0")).contains(conflict);
        assertThat(AddressConflict.readFrom(directory, "k6t-net1")).isEmpty();
        assertThat(AddressConflict.remove(directory, "k6t-eth0")).isTrue();
        assertThat(AddressConflict.readFrom(directory, "k6t-eth0")).isEmpty();
    }

    @Test
    void malformedConflictFileNamesTheFieldAndTheFile(@TempDir Path directory) throws Exception {
        Files.writeString(AddressConflict.file(directory, "k6t-eth0"), AddressConflict.first("k6t-eth0", LEASED,
                MacAddress.parse(Requests.MAC), T0).toJson().replace("\"10.244.1.5\"", "\"10.244.1\""));

        assertThatThrownBy(() -> AddressConflict.readFrom(directory, "k6t-eth0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(AddressConflict.file(directory, "k6t-eth0") + ": address: \"10.244.1\" (expected: an IPv4 "
                        + "address)");
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now = T0;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }
    }
}
