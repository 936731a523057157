package io.k6t.net.dhcp.server;

import static io.k6t.net.dhcp.server.Requests.MAC;
import static io.k6t.net.dhcp.server.Requests.OTHER_MAC;
import static io.k6t.net.dhcp.server.Requests.codes;
import static io.k6t.net.dhcp.server.Requests.ip;
import static io.k6t.net.dhcp.server.Requests.lease;
import static io.k6t.net.dhcp.server.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.ClasslessRoute;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponderTest {
    private final LeaseConfig lease = lease();

    private Decision.Reply reply(DhcpMessage request) {
        Decision decision = Responder.respond(request, lease);
        assertThat(decision).isInstanceOf(Decision.Reply.class);
        return (Decision.Reply) decision;
    }

    private Decision.Drop drop(DhcpMessage request, LeaseConfig served) {
        Decision decision = Responder.respond(request, served);
        assertThat(decision).isInstanceOf(Decision.Drop.class);
        return (Decision.Drop) decision;
    }

    @Test
    void discoverGetsAnOfferWithTheWholeLease() {
        Decision.Reply offer = reply(request(MessageType.DISCOVER).build());
        DhcpMessage m = offer.message();

        assertThat(offer.label()).isEqualTo("OFFER");
        assertThat(m.isReply()).isTrue();
        assertThat(m.xid()).isEqualTo(0x1234abcd);
        assertThat(m.clientMac()).contains(MacAddress.parse(MAC));
        assertThat(m.yiaddr()).isEqualTo(ip("10.244.1.5"));
        assertThat(m.options().serverIdentifier()).contains(ip("169.254.75.10"));
        assertThat(m.options().leaseSeconds()).hasValue(86_313_600L);
        assertThat(m.options().renewalSeconds()).hasValue(43_156_800L);
        assertThat(m.options().rebindingSeconds()).hasValue(75_524_400L);
        assertThat(m.options().subnetMask()).contains(ip("255.255.255.0"));
        assertThat(m.options().routers()).containsExactly(ip("10.244.1.1"));
        assertThat(m.options().classlessRoutes()).containsExactly(ClasslessRoute.onLink(ip("169.254.75.10"), 32),
                ClasslessRoute.defaultRoute(ip("10.244.1.1")));
        assertThat(m.options().dnsServers()).containsExactly(ip("10.96.0.10"));
        assertThat(m.options().domainName()).contains("vm.svc.cluster.local");
        assertThat(m.options().domainSearch()).containsExactly("vm.svc.cluster.local", "cluster.local");
        assertThat(m.options().hostName()).contains("nodejs");
        assertThat(m.options().interfaceMtu()).hasValue(1450);
        assertThat(m.options().privateOption(240))
                .hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("extra"));
        assertThat(m.options().hasOption(DhcpOptionCode.MS_CLASSLESS_STATIC_ROUTE)).isFalse();
        assertThat(offer.destination()).isEqualTo(new InetSocketAddress(ip("255.255.255.255"), 68));
        assertThat(offer.maxMessageSize()).isEqualTo(576);
    }

    @Test
    void optionsFollowTheParameterRequestListThenTheRest() {
        DhcpMessage request = request(MessageType.DISCOVER)
                .option(DhcpOptionCodecs.PARAMETER_REQUEST_LIST, codes(121, 26, 1, 3, 6, 12)).build();

        List<Integer> order = reply(request).message().options().stream().map(o -> o.code().code()).toList();

        assertThat(order.subList(0, 6)).containsExactly(121, 26, 1, 3, 6, 12);
        assertThat(order.subList(6, order.size())).contains(53, 54, 51, 58, 59, 15, 119, 240)
                .doesNotContainAnyElementsOf(List.of(121, 26, 1, 3, 6, 12));
    }

    @Test
    void duplicateCodesInTheRequestListGiveEachOptionOnce() {
        DhcpMessage request = request(MessageType.DISCOVER)
                .option(DhcpOptionCodecs.PARAMETER_REQUEST_LIST, codes(1, 121, 3, 121, 1)).build();

        List<Integer> order = reply(request).message().options().stream().map(o -> o.code().code()).toList();

        assertThat(order.subList(0, 3)).containsExactly(1, 121, 3);
        assertThat(order).doesNotHaveDuplicates();
    }

    @Test
    void option249OnlyWhenRequestedWithTheSameRoutes() {
        DhcpMessage m = reply(request(MessageType.DISCOVER)
                .option(DhcpOptionCodecs.PARAMETER_REQUEST_LIST, codes(1, 3, 249)).build()).message();

        assertThat(m.options().msClasslessRoutes()).isEqualTo(m.options().classlessRoutes()).hasSize(2);
    }

    @Test
    void routesPutTheServerFirstAndTheDefaultLast() {
        LeaseConfig withRoutes = lease.toBuilder().gateway(null)
                .addRoute(new StaticRoute(ip("10.96.0.0"), 12, ip("10.244.1.254")))
                .addRoute(new StaticRoute(ip("169.254.75.10"), 32, ip("0.0.0.0"))).build();

        DhcpMessage m = ((Decision.Reply) Responder.respond(request(MessageType.DISCOVER).build(), withRoutes))
                .message();

        assertThat(m.options().classlessRoutes()).extracting(ClasslessRoute::toString).containsExactly(
                "169.254.75.10/32 via 0.0.0.0", "10.96.0.0/12 via 10.244.1.254", "0.0.0.0/0 via 10.244.1.1");
        assertThat(m.options().routers()).containsExactly(ip("10.244.1.1"));
    }

    @Test
    void clientIdentifierIsEchoed() {
        byte[] clientId = {1, 2, 0, 0, 0x74, 0x17, 0x75};
        DhcpMessage m = reply(request(MessageType.DISCOVER).option(DhcpOptionCodecs.CLIENT_IDENTIFIER, clientId)
                .build()).message();

        assertThat(m.options().clientIdentifier()).hasValueSatisfying(id -> assertThat(id).containsExactly(clientId));
    }

    @Test
    void selectingRequestForTheLeaseAddressIsAcked() {
        DhcpMessage request = request(MessageType.REQUEST)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10"))
                .option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, ip("10.244.1.5")).build();

        Decision.Reply ack = reply(request);

        assertThat(ack.label()).isEqualTo("ACK");
        assertThat(ack.message().yiaddr()).isEqualTo(ip("10.244.1.5"));
        assertThat(ack.destination().getAddress()).isEqualTo(ip("255.255.255.255"));
    }

    @Test
    void selectingRequestForAnotherAddressIsNakedByBroadcast() {
        DhcpMessage request = request(MessageType.REQUEST)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10"))
                .option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, ip("10.244.1.6")).build();

        Decision.Reply nak = reply(request);

        assertThat(nak.isNak()).isTrue();
        assertThat(nak.message().yiaddr()).isEqualTo(ip("0.0.0.0"));
        assertThat(nak.message().options().serverIdentifier()).contains(ip("169.254.75.10"));
        assertThat(nak.message().options().hasOption(DhcpOptionCode.IP_ADDRESS_LEASE_TIME)).isFalse();
        assertThat(nak.destination()).isEqualTo(new InetSocketAddress(ip("255.255.255.255"), 68));
    }

    @Test
    void requestForAnotherServerIsDropped() {
        DhcpMessage request = request(MessageType.REQUEST).option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("10.244.1.1"))
                .option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, ip("10.244.1.5")).build();

        assertThat(drop(request, lease).reason()).isEqualTo(DropReason.OTHER_SERVER);
    }

    @Test
    void initRebootIsAckedForTheLeaseAddressAndNakedForAStaleOne() {
        assertThat(reply(request(MessageType.REQUEST).option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, ip("10.244.1.5"))
                .build()).label())
                .isEqualTo("ACK");
        Decision.Reply nak = reply(request(MessageType.REQUEST)
                .option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, ip("10.244.9.9")).build());
        assertThat(nak.isNak()).isTrue();
        assertThat(reply(request(MessageType.REQUEST).build()).isNak()).as("init-reboot without option 50").isTrue();
    }

    @Test
    void renewingIsAckedByUnicastToCiaddrAndNakedByBroadcastForAnotherAddress() {
        Decision.Reply ack = (Decision.Reply) Responder.respond(request(MessageType.REQUEST).ciaddr(ip("10.244.1.5"))
                .build(), ip("169.254.75.10"), lease, false);
        assertThat(ack.label()).isEqualTo("ACK");
        assertThat(ack.destination()).isEqualTo(new InetSocketAddress(ip("10.244.1.5"), 68));

        Decision.Reply nak = (Decision.Reply) Responder.respond(request(MessageType.REQUEST).ciaddr(ip("10.1.1.1"))
                .build(), ip("169.254.75.10"), lease, false);
        assertThat(nak.isNak()).isTrue();
        assertThat(nak.destination()).isEqualTo(new InetSocketAddress(ip("255.255.255.255"), 68));
    }

    @Test
    void informGetsTheConfigurationWithoutLeaseOrAddress() {
        Decision.Reply ack = reply(request(MessageType.INFORM).ciaddr(ip("10.244.1.5")).build());
        DhcpMessage m = ack.message();

        assertThat(ack.label()).isEqualTo("ACK");
        assertThat(m.yiaddr()).isEqualTo(ip("0.0.0.0"));
        assertThat(m.options().leaseSeconds()).isEmpty();
        assertThat(m.options().renewalSeconds()).isEmpty();
        assertThat(m.options().dnsServers()).containsExactly(ip("10.96.0.10"));
        assertThat(ack.destination()).isEqualTo(new InetSocketAddress(ip("10.244.1.5"), 68));
    }

    @Test
    void relayedRequestsAreDroppedUnlessAcceptedAndThenAnsweredToTheRelay() {
        DhcpMessage relayed = request(MessageType.DISCOVER).giaddr(ip("10.244.1.200")).hops(1).build();

        assertThat(drop(relayed, lease).reason()).isEqualTo(DropReason.RELAYED);

        Decision.Reply offer = (Decision.Reply) Responder.respond(relayed, lease.toBuilder().acceptRelayed(true)
                .build());
        assertThat(offer.destination()).isEqualTo(new InetSocketAddress(ip("10.244.1.200"), 67));
        assertThat(offer.message().giaddr()).isEqualTo(ip("10.244.1.200"));

        DhcpMessage staleRelayed = request(MessageType.REQUEST).giaddr(ip("10.244.1.200"))
                .option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, ip("10.9.9.9")).build();
        Decision.Reply nak = (Decision.Reply) Responder.respond(staleRelayed, lease.toBuilder().acceptRelayed(true)
                .build());
        assertThat(nak.isNak()).isTrue();
        assertThat(nak.destination()).isEqualTo(new InetSocketAddress(ip("10.244.1.200"), 67));
        assertThat(nak.message().broadcast()).isTrue();
    }

    @Test
    void otherMacIsDropped() {
        DhcpMessage request = request(MessageType.DISCOVER).clientMac(MacAddress.parse(OTHER_MAC)).build();

        Decision.Drop drop = drop(request, lease);

        assertThat(drop.reason()).isEqualTo(DropReason.WRONG_CLIENT);
        assertThat(drop.detail()).contains(OTHER_MAC, MAC);
    }

    @Test
    void aReplyArrivingAtPort67IsDropped() {
        DhcpMessage reply = request(MessageType.OFFER).op(DhcpMessage.BOOTREPLY).build();

        Decision.Drop drop = drop(reply, lease);
        assertThat(drop.reason()).isEqualTo(DropReason.NOT_BOOTREQUEST);
        assertThat(drop.detail()).isEqualTo("a BOOTREPLY (OFFER from a server), not a client's request");
    }

    @Test
    void declineReleaseAndOtherTypesAreDropped() {
        assertThat(drop(request(MessageType.DECLINE).option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, ip("10.244.1.5"))
                .build(), lease).reason())
                .isEqualTo(DropReason.DECLINE);
        assertThat(drop(request(MessageType.RELEASE).ciaddr(ip("10.244.1.5")).build(), lease).reason())
                .isEqualTo(DropReason.RELEASE);
        assertThat(drop(request(MessageType.LEASEQUERY).build(), lease).reason())
                .isEqualTo(DropReason.UNSUPPORTED_TYPE);
        DhcpMessage bootp = request(MessageType.DISCOVER).removeOption(DhcpOptionCode.DHCP_MESSAGE_TYPE).build();
        assertThat(drop(bootp, lease).reason()).isEqualTo(DropReason.UNSUPPORTED_TYPE);
    }

    @Test
    void maxMessageSizeIsTheClientsOption57CappedByTheMtuAndAtLeast576() {
        assertThat(reply(request(MessageType.DISCOVER).option(DhcpOptionCodecs.MAXIMUM_DHCP_MESSAGE_SIZE, 1500)
                .build()).maxMessageSize()).isEqualTo(1450);
        assertThat(reply(request(MessageType.DISCOVER).option(DhcpOptionCodecs.MAXIMUM_DHCP_MESSAGE_SIZE, 1000)
                .build()).maxMessageSize()).isEqualTo(1000);
        assertThat(reply(request(MessageType.DISCOVER).option(DhcpOptionCodecs.MAXIMUM_DHCP_MESSAGE_SIZE, 576).build())
                .maxMessageSize()).isEqualTo(576);
    }

    @Test
    void bootpFieldsCarryTftpServerAndBootFile() {
        LeaseConfig pxe = lease.toBuilder().tftpServerName("tftp.pod").bootFileName("pxelinux.0").build();

        DhcpMessage m = ((Decision.Reply) Responder.respond(request(MessageType.DISCOVER).build(), pxe)).message();

        assertThat(m.sname()).isEqualTo("tftp.pod");
        assertThat(m.file()).isEqualTo("pxelinux.0");
        assertThat(m.options().tftpServerName()).contains("tftp.pod");
        assertThat(m.options().bootFileName()).contains("pxelinux.0");
    }

    @Test
    void infiniteLeaseHasNoRenewalTimes() {
        LeaseConfig infinite = lease.toBuilder().leaseSeconds(LeaseConfig.MAX_LEASE_SECONDS).build();

        DhcpMessage m = ((Decision.Reply) Responder.respond(request(MessageType.DISCOVER).build(), infinite))
                .message();

        assertThat(m.options().leaseSeconds()).hasValue(LeaseConfig.MAX_LEASE_SECONDS);
        assertThat(m.options().renewalSeconds()).isEmpty();
    }
}
