package io.k6t.net.launcher.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.SharedPcaps;
import io.k6t.net.launcher.learn.AddressLearner.Direction;
import io.k6t.net.launcher.learn.CapturedFrames.Frame;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The learner's rules, driven by real captures (dnsmasq serving busybox udhcpc; a scripted client). */
class AddressLearnerTest {
    private static final MacAddress UDHCPC = MacAddress.parse("52:54:00:12:34:56");


    /** dnsmasq (lease 120 s) and udhcpc: DISCOVER, OFFER, REQUEST, ACK, then a RELEASE (SIGUSR2). */
    private static List<Frame> dnsmasqExchange() throws Exception {
        return CapturedFrames.read(CapturedFrames.resource("dnsmasq-udhcpc-release.pcap"));
    }

    private static boolean replay(AddressLearner learner, TestClock clock, List<Frame> frames) {
        boolean changed = false;
        for (Frame f : frames) {
            clock.now = f.at();
            changed |= learner.observe(f.message(), f.direction());
        }
        return changed;
    }

    @Test
    void ackTowardTheGuestIsLearnedWithExpiryFromOption51() throws Exception {
        List<Frame> frames = dnsmasqExchange();
        TestClock clock = new TestClock(Instant.EPOCH);
        AddressLearner learner = new AddressLearner(UDHCPC, clock);

        assertThat(replay(learner, clock, frames.subList(0, 3))).isFalse();
        assertThat(learner.addresses()).isEmpty();
        Frame ack = frames.get(3);
        assertThat(replay(learner, clock, List.of(ack))).isTrue();

        assertThat(learner.addresses()).containsExactly(new LearnedAddress(InetAddress.getByName("192.168.50.111"),
                AddressSource.DHCPV4, Optional.of(ack.at().plusSeconds(120)), ack.at()));
        assertThat(learner.nextExpiry()).contains(ack.at().plusSeconds(120));
    }

    @Test
    void releaseFromTheGuestForgetsTheAddress() throws Exception {
        List<Frame> frames = dnsmasqExchange();
        TestClock clock = new TestClock(Instant.EPOCH);
        AddressLearner learner = new AddressLearner(UDHCPC, clock);
        replay(learner, clock, frames.subList(0, 4));
        assertThat(learner.addresses()).hasSize(1);

        assertThat(replay(learner, clock, frames.subList(4, 5))).isTrue();

        assertThat(learner.addresses()).isEmpty();
        assertThat(learner.nextExpiry()).isEmpty();
    }

    @Test
    void addressIsDroppedWhenItsLeaseEnds() throws Exception {
        List<Frame> frames = dnsmasqExchange();
        TestClock clock = new TestClock(Instant.EPOCH);
        AddressLearner learner = new AddressLearner(UDHCPC, clock);
        replay(learner, clock, frames.subList(0, 4));
        Instant acked = frames.get(3).at();

        clock.now = acked.plus(Duration.ofSeconds(120)).minusMillis(1);
        assertThat(learner.addresses()).hasSize(1);
        clock.now = acked.plusSeconds(120);
        assertThat(learner.addresses()).isEmpty();
    }

    @Test
    void messagesForAnotherMacTeachNothing() throws Exception {
        TestClock clock = new TestClock(Instant.EPOCH);
        AddressLearner learner = new AddressLearner(MacAddress.parse("52:54:00:00:00:01"), clock);

        assertThat(replay(learner, clock, dnsmasqExchange())).isFalse();
        assertThat(learner.addresses()).isEmpty();
    }

    @Test
    void ackSentByTheGuestIsNotItsAddress() throws Exception {
        Frame ack = dnsmasqExchange().get(3);
        AddressLearner learner = new AddressLearner(UDHCPC, new TestClock(Instant.EPOCH));

        assertThat(learner.observe(ack.message(), Direction.FROM_GUEST)).isFalse();
        assertThat(learner.addresses()).isEmpty();
    }

    @Test
    void nakForgetsAndALaterAckIsLearned() throws Exception {
        // Scripted client against an Aruba server: DISCOVER, OFFER, REQUEST, NAK, REQUEST, ACK of
        // 128.2.6.189 (900 s), then a DECLINE and a RELEASE that carry no address (nothing to forget).
        List<Frame> frames = CapturedFrames.read(SharedPcaps.directory().resolve("edge-all-msgtypes-zeek.pcap"));
        TestClock clock = new TestClock(Instant.EPOCH);
        AddressLearner learner = new AddressLearner(MacAddress.parse("90:b1:1c:99:49:29"), clock);
        // Learned before the NAK: the NAK must forget it.
        replay(learner, clock, frames.subList(5, 6));
        assertThat(learner.addresses()).hasSize(1);

        assertThat(replay(learner, clock, frames.subList(3, 4))).isTrue();
        assertThat(learner.addresses()).isEmpty();

        replay(learner, clock, frames.subList(4, 9));
        assertThat(learner.addresses()).extracting(LearnedAddress::address)
                .containsExactly(InetAddress.getByName("128.2.6.189"));
        assertThat(learner.addresses().get(0).expiry()).contains(frames.get(5).at().plusSeconds(900));
    }
}
