package io.k6t.net.launcher.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.v6.Dhcp6Message;
import io.k6t.net.dhcp.v6.Dhcp6MessageType;
import io.k6t.net.dhcp.v6.Dhcp6Options;
import io.k6t.net.dhcp.v6.Duid;
import io.k6t.net.dhcp.v6.IaAddress;
import io.k6t.net.dhcp.v6.IaNa;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The learner's IPv6 rules: DHCPv6 by the frames' Ethernet addresses, neighbour discovery by its sender. */
class AddressLearner6Test {
    private static final MacAddress GUEST = MacAddress.parse("02:00:00:74:17:76");
    private static final MacAddress SERVER = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress OTHER = MacAddress.parse("02:00:00:00:00:99");
    private static final Inet6Address LEASED = v6("fd00:50::20");
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");


    private static Inet6Address v6(String text) {
        try {
            return (Inet6Address) InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A message of {@code type} with one IA_NA holding {@code address} valid for {@code valid} seconds. */
    private static Dhcp6Message message(Dhcp6MessageType type, int xid, Inet6Address address, long valid) {
        IaNa ia = new IaNa(1, 0, 0, Dhcp6Options.of(new IaAddress(address, valid, valid, Dhcp6Options.empty())
                .toOption()));
        return new Dhcp6Message(type, xid, Dhcp6Options.builder().clientId(Duid.linkLayer(GUEST)).addIaNa(ia).build());
    }

    @Test
    void replyToTheGuestsMacIsLearnedUntilTheValidLifetimeEnds() {
        TestClock clock = new TestClock(T0);
        AddressLearner learner = new AddressLearner(GUEST, clock);

        assertThat(learner.observe(message(Dhcp6MessageType.REPLY, 7, LEASED, 3600), SERVER, GUEST)).isTrue();

        assertThat(learner.addresses()).containsExactly(new LearnedAddress(LEASED, AddressSource.DHCPV6,
                Optional.of(T0.plusSeconds(3600)), T0));
        clock.now = T0.plusSeconds(3600);
        assertThat(learner.addresses()).isEmpty();
    }

    @Test
    void advertiseAndRepliesToOtherMacsTeachNothing() {
        AddressLearner learner = new AddressLearner(GUEST, new TestClock(T0));

        assertThat(learner.observe(message(Dhcp6MessageType.ADVERTISE, 7, LEASED, 3600), SERVER, GUEST)).isFalse();
        assertThat(learner.observe(message(Dhcp6MessageType.REPLY, 7, LEASED, 3600), SERVER, OTHER)).isFalse();
        assertThat(learner.observe(message(Dhcp6MessageType.REPLY, 7, LEASED, 3600), GUEST, SERVER)).isFalse();
        assertThat(learner.addresses()).isEmpty();
    }

    @Test
    void releaseFromTheGuestForgetsTheAddressAndItsReplyTeachesNothing() {
        AddressLearner learner = new AddressLearner(GUEST, new TestClock(T0));
        learner.observe(message(Dhcp6MessageType.REPLY, 7, LEASED, 3600), SERVER, GUEST);

        assertThat(learner.observe(message(Dhcp6MessageType.RELEASE, 8, LEASED, 0), GUEST, SERVER)).isTrue();
        assertThat(learner.addresses()).isEmpty();
        // A server may echo the IA in its Reply to the Release: that is no new lease.
        assertThat(learner.observe(message(Dhcp6MessageType.REPLY, 8, LEASED, 3600), SERVER, GUEST)).isFalse();
        assertThat(learner.addresses()).isEmpty();
    }

    @Test
    void zeroValidLifetimeInAReplyForgetsTheAddress() {
        AddressLearner learner = new AddressLearner(GUEST, new TestClock(T0));
        learner.observe(message(Dhcp6MessageType.REPLY, 7, LEASED, 3600), SERVER, GUEST);

        assertThat(learner.observe(message(Dhcp6MessageType.REPLY, 9, LEASED, 0), SERVER, GUEST)).isTrue();
        assertThat(learner.addresses()).isEmpty();
    }

    @Test
    void neighbourDiscoveryFromTheGuestKeepsAGlobalAddressForTheNdpLifetimeSinceLastSeen() {
        TestClock clock = new TestClock(T0);
        AddressLearner learner = new AddressLearner(GUEST, clock);
        Inet6Address slaac = v6("2001:db8:50::ff:fe74:1776");

        assertThat(learner.neighbour(GUEST, v6("fe80::ff:fe74:1776"))).as("link-local").isFalse();
        assertThat(learner.neighbour(OTHER, slaac)).as("another MAC").isFalse();
        assertThat(learner.neighbour(GUEST, slaac)).isTrue();
        clock.now = T0.plusSeconds(300);
        assertThat(learner.neighbour(GUEST, slaac)).as("seen again: expiry and last sighting move").isTrue();

        assertThat(learner.addresses()).containsExactly(new LearnedAddress(slaac, AddressSource.NDP,
                Optional.of(clock.now.plus(AddressLearner.NDP_LIFETIME)), clock.now));
        clock.now = clock.now.plus(AddressLearner.NDP_LIFETIME).minus(Duration.ofMillis(1));
        assertThat(learner.addresses()).hasSize(1);
        clock.now = clock.now.plusMillis(1);
        assertThat(learner.addresses()).isEmpty();
    }

    @Test
    void aLeasedAddressIsTheLeasesEvenWhenNeighbourDiscoveryShowsIt() {
        TestClock clock = new TestClock(T0);
        AddressLearner learner = new AddressLearner(GUEST, clock);
        assertThat(learner.neighbour(GUEST, LEASED)).isTrue();

        learner.observe(message(Dhcp6MessageType.REPLY, 7, LEASED, 60), SERVER, GUEST);
        clock.now = T0.plusSeconds(30);
        assertThat(learner.neighbour(GUEST, LEASED)).isFalse();

        assertThat(learner.addresses()).containsExactly(new LearnedAddress(LEASED, AddressSource.DHCPV6,
                Optional.of(T0.plusSeconds(60)), T0));
    }
}
