package io.k6t.net.dhcp.v6.server;

import static io.k6t.net.dhcp.v6.Dhcp6CodecTest.ip6;
import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.v6.Dhcp6Message;
import io.k6t.net.dhcp.v6.Dhcp6MessageType;
import io.k6t.net.dhcp.v6.Dhcp6Option;
import io.k6t.net.dhcp.v6.Dhcp6OptionCode;
import io.k6t.net.dhcp.v6.Dhcp6Options;
import io.k6t.net.dhcp.v6.Dhcp6RelayMessage;
import io.k6t.net.dhcp.v6.Duid;
import io.k6t.net.dhcp.v6.IaAddress;
import io.k6t.net.dhcp.v6.IaNa;
import io.k6t.net.dhcp.v6.StatusCode;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The responder case by case (RFC 8415 section 18.3), with the guest's real link-local source. */
class Responder6Test {
    static final MacAddress GUEST = MacAddress.parse("02:00:00:74:17:75");
    static final MacAddress BRIDGE = MacAddress.parse("02:00:00:6b:36:74");
    static final Lease6 LEASE = new Lease6("k6t-eth0", BRIDGE, GUEST, ip6("fd00:10:244::5"), 64, 3600,
            List.of(ip6("fd00:10:96::a")), List.of("vm.svc.cluster.local", "cluster.local"), true);
    static final InetSocketAddress GUEST_LL = new InetSocketAddress(ip6("fe80::ff:fe74:1775"), 546);
    static final Duid CLIENT_DUID = Duid.linkLayer(GUEST);
    static final Duid OTHER_SERVER = Duid.linkLayer(MacAddress.parse("02:00:00:00:00:99"));

    static Dhcp6Message message(Dhcp6MessageType type, Dhcp6Options.Builder options) {
        return new Dhcp6Message(type, 0xabcdef, options.build());
    }

    static Dhcp6Options.Builder client() {
        return Dhcp6Options.builder().clientId(CLIENT_DUID).elapsedTime(0);
    }

    static IaNa emptyIa(long iaid) {
        return new IaNa(iaid, 0, 0, Dhcp6Options.empty());
    }

    static IaNa holding(long iaid, String... addresses) {
        Dhcp6Options.Builder inside = Dhcp6Options.builder();
        for (String a : addresses) {
            inside.addIaAddress(new IaAddress(ip6(a), 0, 0, Dhcp6Options.empty()));
        }
        return new IaNa(iaid, 0, 0, inside.build());
    }

    static Dhcp6Message reply(Decision6 decision) {
        assertThat(decision).isInstanceOf(Decision6.Reply.class);
        Decision6.Reply reply = (Decision6.Reply) decision;
        assertThat(reply.destination()).isEqualTo(GUEST_LL);
        assertThat(reply.message().transactionId()).isEqualTo(0xabcdef);
        assertThat(reply.message().options().serverId()).hasValue(Duid.linkLayer(BRIDGE));
        return reply.message();
    }

    static Decision6.Drop drop(Decision6 decision) {
        assertThat(decision).isInstanceOf(Decision6.Drop.class);
        return (Decision6.Drop) decision;
    }

    static void assertLeased(Dhcp6Message m, long iaid) {
        IaNa ia = m.options().iaNas().get(0);
        assertThat(ia.iaid()).isEqualTo(iaid);
        assertThat(ia.t1()).isEqualTo(1800);
        assertThat(ia.t2()).isEqualTo(2880);
        assertThat(ia.addresses().get(0)).isEqualTo(new IaAddress(ip6("fd00:10:244::5"), 3600, 3600,
                Dhcp6Options.empty()));
        assertThat(m.options().clientId()).hasValue(CLIENT_DUID);
        assertThat(m.options().dnsServers()).containsExactly(ip6("fd00:10:96::a"));
        assertThat(m.options().domainList()).containsExactly("vm.svc.cluster.local", "cluster.local");
    }

    @Test
    void solicitGetsAdvertiseWithTheAddressAndTopPreference() {
        Dhcp6Message m = reply(Responder6.respond(message(Dhcp6MessageType.SOLICIT, client().addIaNa(emptyIa(1))),
                GUEST_LL, LEASE));
        assertThat(m.type()).isEqualTo(Dhcp6MessageType.ADVERTISE);
        assertThat(m.options().preference()).hasValue(255);
        assertThat(m.options().rapidCommit()).isFalse();
        assertLeased(m, 1);
    }

    @Test
    void solicitWithRapidCommitGetsReplyAtOnceUnlessTheLeaseDisablesIt() {
        Dhcp6Message m = reply(Responder6.respond(message(Dhcp6MessageType.SOLICIT,
                client().addIaNa(emptyIa(7)).rapidCommit()), GUEST_LL, LEASE));
        assertThat(m.type()).isEqualTo(Dhcp6MessageType.REPLY);
        assertThat(m.options().rapidCommit()).isTrue();
        assertLeased(m, 7);
        Lease6 noRapid = new Lease6("k6t-eth0", BRIDGE, GUEST, LEASE.address(), 64, 3600, List.of(), List.of(), false);
        Dhcp6Message advertise = reply(Responder6.respond(message(Dhcp6MessageType.SOLICIT,
                client().addIaNa(emptyIa(7)).rapidCommit()), GUEST_LL, noRapid));
        assertThat(advertise.type()).isEqualTo(Dhcp6MessageType.ADVERTISE);
        assertThat(advertise.options().has(Dhcp6OptionCode.DNS_SERVERS)).isFalse();
    }

    @Test
    void requestRenewAndRebindGetReplyAndForeignAddressesExpire() {
        for (Dhcp6MessageType type : List.of(Dhcp6MessageType.REQUEST, Dhcp6MessageType.RENEW)) {
            Dhcp6Message m = reply(Responder6.respond(message(type, client().serverId(Duid.linkLayer(BRIDGE))
                    .addIaNa(holding(3, "fd00:10:244::5", "fd00:1::9"))), GUEST_LL, LEASE));
            assertThat(m.type()).isEqualTo(Dhcp6MessageType.REPLY);
            assertLeased(m, 3);
            assertThat(m.options().iaNas().get(0).addresses().get(1))
                    .isEqualTo(new IaAddress(ip6("fd00:1::9"), 0, 0, Dhcp6Options.empty()));
        }
        Dhcp6Message rebind = reply(Responder6.respond(message(Dhcp6MessageType.REBIND,
                client().addIaNa(holding(3, "fd00:10:244::5"))), GUEST_LL, LEASE));
        assertLeased(rebind, 3);
        assertThat(rebind.options().iaNas().get(0).addresses()).hasSize(1);
    }

    @Test
    void serverIdentifierRules() {
        assertThat(drop(Responder6.respond(message(Dhcp6MessageType.REQUEST, client().addIaNa(emptyIa(1))),
                GUEST_LL, LEASE)).reason()).isEqualTo(Drop6Reason.BAD_SERVER_ID);
        assertThat(drop(Responder6.respond(message(Dhcp6MessageType.REQUEST, client().serverId(OTHER_SERVER)
                .addIaNa(emptyIa(1))), GUEST_LL, LEASE)).reason()).isEqualTo(Drop6Reason.OTHER_SERVER);
        assertThat(drop(Responder6.respond(message(Dhcp6MessageType.SOLICIT, client().serverId(OTHER_SERVER)),
                GUEST_LL, LEASE)).reason()).isEqualTo(Drop6Reason.BAD_SERVER_ID);
        assertThat(drop(Responder6.respond(message(Dhcp6MessageType.REBIND, client().serverId(Duid.linkLayer(BRIDGE))),
                GUEST_LL, LEASE)).reason()).isEqualTo(Drop6Reason.BAD_SERVER_ID);
        assertThat(drop(Responder6.respond(message(Dhcp6MessageType.SOLICIT, Dhcp6Options.builder().elapsedTime(0)),
                GUEST_LL, LEASE)).reason()).isEqualTo(Drop6Reason.NO_CLIENT_ID);
    }

    @Test
    void onlyTheGuestsMacIsServed() {
        InetSocketAddress other = new InetSocketAddress(ip6("fe80::ff:fe00:99"), 546);
        assertThat(drop(Responder6.respond(message(Dhcp6MessageType.SOLICIT, client()), other, LEASE)).detail())
                .isEqualTo("link-local source fe80::ff:fe00:99 is MAC 02:00:00:00:00:99, not 02:00:00:74:17:75");
        // A random (RFC 7217) link-local address: the DUID-LL's MAC decides.
        InetSocketAddress random = new InetSocketAddress(ip6("fe80::1c2a:9b3f:44d1:7e20"), 546);
        assertThat(Responder6.respond(message(Dhcp6MessageType.SOLICIT, client().addIaNa(emptyIa(1))), random,
                LEASE)).isInstanceOf(Decision6.Reply.class);
        Dhcp6Options.Builder enDuid = Dhcp6Options.builder().clientId(Duid.fromBytes(new byte[] {0, 2, 0, 0, 1, 2}));
        assertThat(drop(Responder6.respond(message(Dhcp6MessageType.SOLICIT, enDuid), random, LEASE)).detail())
                .contains("cannot tell the client's MAC");
        // The EUI-64 source is the guest: a DUID-EN does not matter (systemd-networkd's default).
        assertThat(Responder6.respond(message(Dhcp6MessageType.SOLICIT, Dhcp6Options.builder().clientId(
                Duid.fromBytes(new byte[] {0, 2, 0, 0, 1, 2})).addIaNa(emptyIa(1))), GUEST_LL, LEASE))
                .isInstanceOf(Decision6.Reply.class);
    }

    @Test
    void eui64MacFollowsRfc4291() {
        assertThat(Responder6.eui64Mac(ip6("fe80::ff:fe74:1775"))).hasValue(GUEST);
        assertThat(Responder6.eui64Mac(ip6("fe80::d456:9dff:fe48:1bc5"))).hasValue(
                MacAddress.parse("d6:56:9d:48:1b:c5"));
        assertThat(Responder6.eui64Mac(ip6("fd00::ff:fe74:1775"))).isEmpty();
    }

    @Test
    void extraIasAreRefusedWithTheirStatus() {
        byte[] pd = new byte[12];
        pd[3] = 9;
        Dhcp6Message m = reply(Responder6.respond(message(Dhcp6MessageType.SOLICIT, client().addIaNa(emptyIa(1))
                .addIaNa(emptyIa(2)).add(Dhcp6Option.of(Dhcp6OptionCode.IA_PD, pd))), GUEST_LL, LEASE));
        assertThat(m.options().iaNas()).hasSize(2);
        assertThat(m.options().iaNas().get(1).statusCode()).hasValueSatisfying(s ->
                assertThat(s.status()).isEqualTo(StatusCode.NO_ADDRS_AVAIL));
        byte[] pdReply = m.options().first(Dhcp6OptionCode.IA_PD).orElseThrow().value();
        assertThat(pdReply[3]).isEqualTo((byte) 9);
        assertThat(pdReply[17]).isEqualTo((byte) StatusCode.NO_PREFIX_AVAIL);
        Dhcp6Message noIa = reply(Responder6.respond(message(Dhcp6MessageType.SOLICIT, client()), GUEST_LL, LEASE));
        assertThat(noIa.options().statusCode().orElseThrow().status()).isEqualTo(StatusCode.NO_ADDRS_AVAIL);
    }

    @Test
    void confirmSaysWhetherTheAddressesAreOnLink() {
        Dhcp6Message on = reply(Responder6.respond(message(Dhcp6MessageType.CONFIRM,
                client().addIaNa(holding(1, "fd00:10:244::5"))), GUEST_LL, LEASE));
        assertThat(on.options().statusCode().orElseThrow().status()).isEqualTo(StatusCode.SUCCESS);
        assertThat(on.options().iaNas()).isEmpty();
        Dhcp6Message off = reply(Responder6.respond(message(Dhcp6MessageType.CONFIRM,
                client().addIaNa(holding(1, "fd00:99::5"))), GUEST_LL, LEASE));
        assertThat(off.options().statusCode().orElseThrow().status()).isEqualTo(StatusCode.NOT_ON_LINK);
        assertThat(drop(Responder6.respond(message(Dhcp6MessageType.CONFIRM, client().addIaNa(emptyIa(1))),
                GUEST_LL, LEASE)).reason()).isEqualTo(Drop6Reason.NOTHING_TO_ANSWER);
    }

    @Test
    void releaseAndDeclineGetSuccess() {
        for (Dhcp6MessageType type : List.of(Dhcp6MessageType.RELEASE, Dhcp6MessageType.DECLINE)) {
            Dhcp6Message m = reply(Responder6.respond(message(type, client().serverId(Duid.linkLayer(BRIDGE))
                    .addIaNa(holding(1, "fd00:10:244::5"))), GUEST_LL, LEASE));
            assertThat(m.type()).isEqualTo(Dhcp6MessageType.REPLY);
            assertThat(m.options().statusCode().orElseThrow().isSuccess()).isTrue();
        }
    }

    @Test
    void informationRequestGetsConfigurationOnly() {
        Dhcp6Message m = reply(Responder6.respond(message(Dhcp6MessageType.INFORMATION_REQUEST, client()),
                GUEST_LL, LEASE));
        assertThat(m.options().iaNas()).isEmpty();
        assertThat(m.options().dnsServers()).containsExactly(ip6("fd00:10:96::a"));
        assertThat(m.options().domainList()).hasSize(2);
        assertThat(drop(Responder6.respond(message(Dhcp6MessageType.INFORMATION_REQUEST,
                client().addIaNa(emptyIa(1))), GUEST_LL, LEASE)).reason()).isEqualTo(Drop6Reason.NOTHING_TO_ANSWER);
    }

    @Test
    void relayedAndServerMessagesAreDropped() {
        Dhcp6RelayMessage relay = new Dhcp6RelayMessage(Dhcp6MessageType.RELAY_FORW, 0, ip6("::"),
                ip6("fe80::1"), Dhcp6Options.builder().relayMessage(message(Dhcp6MessageType.SOLICIT, client()))
                        .build());
        assertThat(drop(Responder6.respond(relay, GUEST_LL, LEASE)).reason()).isEqualTo(Drop6Reason.RELAYED);
        assertThat(drop(Responder6.respond(message(Dhcp6MessageType.ADVERTISE, client()), GUEST_LL, LEASE))
                .reason()).isEqualTo(Drop6Reason.UNSUPPORTED_TYPE);
    }
}
