package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.ClasslessRoute;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOption;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.EncodeOptions;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The server's decision logic: a pure function from a request and the lease to a reply or a drop,
 * exactly per the design's decision table. No I/O, no clock (the lease is static: its times are
 * relative), so every row of the table is a unit test.
 *
 * <pre>{@code
 * Decision decision = Responder.respond(request, lease);
 * }</pre>
 */
public final class Responder {
    /** RFC 2131: the server port, where relays listen for replies. */
    public static final int SERVER_PORT = 67;
    /** RFC 2131: the client port. */
    public static final int CLIENT_PORT = 68;

    private static final long INFINITE = 0xffff_ffffL;
    private static final DhcpOptionCode MS_CLASSLESS_ROUTES = DhcpOptionCode.valueOf(249);

    private Responder() {
    }

    /**
     * Decides what to answer to {@code request} for {@code lease}, as if it was broadcast (the way
     * every request but a renewal arrives).
     */
    public static Decision respond(DhcpMessage request, LeaseConfig lease) {
        return respond(request, Ipv4.BROADCAST, lease, false);
    }

    /**
     * Decides what to answer to {@code request}, which arrived addressed to {@code destination} (its
     * datagram's IP destination: {@code 255.255.255.255}, or the server's address for a renewal), for
     * {@code lease}. With {@code anyClient} the chaddr check is skipped, so every client is answered
     * as if it were the lease's ({@code dhcp replay --any-client}, replaying captures of other
     * machines). A server on a real interface never does this.
     */
    public static Decision respond(DhcpMessage request, Inet4Address destination, LeaseConfig lease,
            boolean anyClient) {
        return respond(request, destination, PreparedLease.of(lease), anyClient);
    }

    /**
     * As {@link #respond(DhcpMessage, Inet4Address, LeaseConfig, boolean)}, with the lease's reply
     * options built once ({@link PreparedLease}): what the server calls for every request.
     */
    public static Decision respond(DhcpMessage request, Inet4Address destination, PreparedLease prepared,
            boolean anyClient) {
        LeaseConfig lease = prepared.lease();
        if (!request.isRequest()) {
            return drop(DropReason.NOT_BOOTREQUEST, request.isReply()
                    ? "a BOOTREPLY (" + request.options().messageType().map(MessageType::name).orElse("BOOTP")
                            + " from a server), not a client's request"
                    : "op " + request.op() + " is not BOOTREQUEST");
        }
        if (!anyClient && (request.htype() != DhcpMessage.HTYPE_ETHERNET || request.hlen() != 6
                || !lease.isClientMac(request.chaddr()))) {
            return drop(DropReason.WRONG_CLIENT, "chaddr " + request.clientHardwareAddressText() + " is not "
                    + lease.clientMacText());
        }
        if (request.isRelayed() && !lease.acceptRelayed()) {
            return drop(DropReason.RELAYED, "giaddr " + request.giaddr().getHostAddress()
                    + " set and acceptRelayed is false");
        }
        Optional<MessageType> type = request.options().messageType();
        if (type.isEmpty()) {
            return drop(DropReason.UNSUPPORTED_TYPE, "no message type (option 53): plain BOOTP is not served");
        }
        MessageType t = type.get();
        if (t.equals(MessageType.DISCOVER)) {
            return reply(request, prepared, MessageType.OFFER, false);
        }
        if (t.equals(MessageType.REQUEST)) {
            return request(request, RequestState.of(request, destination), prepared);
        }
        if (t.equals(MessageType.INFORM)) {
            return reply(request, prepared, MessageType.ACK, true);
        }
        if (t.equals(MessageType.DECLINE)) {
            return drop(DropReason.DECLINE, "the guest declined " + request.options().requestedIpAddress()
                    .map(Inet4Address::getHostAddress).orElse("its address") + ": address conflict on its link");
        }
        if (t.equals(MessageType.RELEASE)) {
            return drop(DropReason.RELEASE, "the guest released " + request.ciaddr().getHostAddress());
        }
        return drop(DropReason.UNSUPPORTED_TYPE, "message type " + t + " is not a client request a server answers");
    }

    /**
     * A DHCPREQUEST: the server it names, if any, must be this one; then the address it claims in its
     * state must be the lease's. A NAK for anything else (this server is the only authority on the
     * link) sends the client back to DISCOVER at once.
     */
    private static Decision request(DhcpMessage request, RequestState state, PreparedLease prepared) {
        LeaseConfig lease = prepared.lease();
        Optional<Inet4Address> serverId = request.options().serverIdentifier();
        if (serverId.isPresent() && !serverId.get().equals(lease.serverAddress())) {
            return drop(DropReason.OTHER_SERVER, state.rfcName().toLowerCase(Locale.ROOT) + ": server id "
                    + serverId.get().getHostAddress() + " is not " + lease.serverAddress().getHostAddress());
        }
        Optional<Inet4Address> claimed = state.claimedAddress(request);
        if (claimed.isPresent() && claimed.get().equals(lease.address())) {
            return reply(request, prepared, MessageType.ACK, false);
        }
        String field = state == RequestState.SELECTING || state == RequestState.INIT_REBOOT ? "requested" : "ciaddr";
        return nak(request, lease, state.rfcName().toLowerCase(Locale.ROOT) + ": " + field + " "
                + text(claimed) + ", lease is " + lease.address().getHostAddress());
    }

    private static Decision reply(DhcpMessage request, PreparedLease prepared, MessageType type, boolean inform) {
        LeaseConfig lease = prepared.lease();
        List<DhcpOptionCode> requested = request.options().parameterRequestList();
        List<DhcpOption> options = prepared.replyOptions(type, inform, requested.contains(MS_CLASSLESS_ROUTES));
        Optional<byte[]> clientId = nonEmptyClientIdentifier(request);
        DhcpOption echoed = clientId.isPresent() ? DhcpOption.of(DhcpOptionCode.CLIENT_IDENTIFIER, clientId.get())
                : null;
        DhcpMessage.Builder reply = DhcpMessage.replyTo(request).options(inRequestedOrder(options, echoed, requested));
        if (!inform) {
            reply.yiaddr(lease.address());
        } else {
            reply.ciaddr(request.ciaddr());
        }
        if (lease.tftpServerName().isPresent()) {
            reply.sname(lease.tftpServerName().get());
        }
        if (lease.bootFileName().isPresent()) {
            reply.file(lease.bootFileName().get());
        }
        return new Decision.Reply(reply.build(), destination(request, false), maxMessageSize(request, lease));
    }

    /**
     * The options every reply of {@code type} for {@code lease} carries, in the server's order, but the
     * client identifier: built once per lease ({@link PreparedLease}).
     */
    static List<DhcpOption> leaseOptions(LeaseConfig lease, MessageType type, boolean inform,
            boolean msClasslessRoutes) {
        DhcpMessage.Builder scratch = DhcpMessage.builder();
        scratch.option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, type);
        scratch.option(DhcpOptionCodecs.SERVER_IDENTIFIER, lease.serverAddress());
        if (!inform) {
            scratch.option(DhcpOptionCodecs.IP_ADDRESS_LEASE_TIME, lease.leaseSeconds());
            if (lease.leaseSeconds() != INFINITE) {
                scratch.option(DhcpOptionCodecs.RENEWAL_TIME, lease.leaseSeconds() / 2);
                scratch.option(DhcpOptionCodecs.REBINDING_TIME, lease.leaseSeconds() * 7 / 8);
            }
        }
        scratch.option(DhcpOptionCodecs.SUBNET_MASK, lease.subnetMask());
        Optional<Inet4Address> router = router(lease);
        router.ifPresent(r -> scratch.option(DhcpOptionCodecs.ROUTER, List.of(r)));
        List<ClasslessRoute> routes = classlessRoutes(lease, router);
        scratch.option(DhcpOptionCodecs.CLASSLESS_STATIC_ROUTE, routes);
        if (msClasslessRoutes) {
            scratch.option(DhcpOptionCodecs.MS_CLASSLESS_STATIC_ROUTE, routes);
        }
        scratch.option(DhcpOptionCodecs.DOMAIN_NAME_SERVER, lease.dnsServers());
        Optional<String> domain = lease.domainName().or(() -> lease.searchDomains().stream().findFirst());
        domain.ifPresent(v -> scratch.option(DhcpOptionCodecs.DOMAIN_NAME, v));
        scratch.option(DhcpOptionCodecs.DOMAIN_SEARCH, lease.searchDomains());
        lease.hostname().ifPresent(v -> scratch.option(DhcpOptionCodecs.HOST_NAME, v));
        lease.mtu().ifPresent(v -> scratch.option(DhcpOptionCodecs.INTERFACE_MTU, v));
        scratch.option(DhcpOptionCodecs.NTP_SERVERS, lease.ntpServers());
        lease.tftpServerName().ifPresent(v -> scratch.option(DhcpOptionCodecs.TFTP_SERVER_NAME, v));
        lease.bootFileName().ifPresent(v -> scratch.option(DhcpOptionCodecs.BOOTFILE_NAME, v));
        for (PrivateOption option : lease.privateOptions()) {
            scratch.privateOption(option.code(), option.value());
        }
        return scratch.build().options();
    }

    /**
     * Option 61 to echo (RFC 6842). An empty one is not echoed: it cannot be encoded (RFC 2132 wants at
     * least 2 bytes) and, before this check, made {@code respond} throw (found by fuzzing).
     */
    private static Optional<byte[]> nonEmptyClientIdentifier(DhcpMessage request) {
        return request.options().clientIdentifier().filter(id -> id.length > 0);
    }

    /**
     * A NAK carrying {@code why} as option 56 (RFC 2132 section 9.9: a server may say why it refuses),
     * so a capture, {@code dhcp replay} and the client's log show the reason.
     */
    private static Decision nak(DhcpMessage request, LeaseConfig lease, String why) {
        DhcpMessage.Builder reply = DhcpMessage.replyTo(request)
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.NAK)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, lease.serverAddress())
                .option(DhcpOption.of(DhcpOptionCode.MESSAGE, why.getBytes(StandardCharsets.US_ASCII)));
        nonEmptyClientIdentifier(request).ifPresent(v -> reply.option(DhcpOptionCodecs.CLIENT_IDENTIFIER, v));
        if (request.isRelayed()) {
            // RFC 2131 section 4.3.2: a NAK through a relay asks the relay to broadcast it.
            reply.broadcast(true);
        }
        return new Decision.Reply(reply.build(), destination(request, true), maxMessageSize(request, lease));
    }

    /** Option 3: the lease's gateway, else the gateway of its default route. */
    private static Optional<Inet4Address> router(LeaseConfig lease) {
        return lease.gateway().or(() -> lease.routes().stream().filter(StaticRoute::isDefault)
                .map(StaticRoute::gateway).filter(g -> Ipv4.toInt(g) != 0).findFirst());
    }

    /**
     * Option 121: the on-link route to the server first (so a renewing guest ARPs for the server on
     * the bridge instead of sending its unicast to the gateway: the binding routes the guest's
     * address over the bridge), the configured
     * routes, and the default route last (RFC 3442: a client that gets 121 ignores option 3).
     */
    static List<ClasslessRoute> classlessRoutes(LeaseConfig lease, Optional<Inet4Address> router) {
        List<ClasslessRoute> routes = new ArrayList<>();
        routes.add(ClasslessRoute.onLink(lease.serverAddress(), 32));
        ClasslessRoute defaultRoute = router.map(ClasslessRoute::defaultRoute).orElse(null);
        for (StaticRoute route : lease.routes()) {
            if (route.isDefault()) {
                defaultRoute = new ClasslessRoute(route.destination(), 0, route.gateway());
            } else if (!(route.prefixLength() == 32 && route.destination().equals(lease.serverAddress()))) {
                routes.add(new ClasslessRoute(route.destination(), route.prefixLength(), route.gateway()));
            }
        }
        if (defaultRoute != null) {
            routes.add(defaultRoute);
        }
        return routes;
    }

    /**
     * Options in the client's parameter-request-list order, then the rest in the server's order, then
     * {@code last} (may be null). Arrays rather than a map: this runs for every reply.
     */
    private static List<DhcpOption> inRequestedOrder(List<DhcpOption> options, DhcpOption last,
            List<DhcpOptionCode> requested) {
        int count = options.size() + (last == null ? 0 : 1);
        DhcpOption[] rest = options.toArray(new DhcpOption[count]);
        if (last != null) {
            rest[count - 1] = last;
        }
        DhcpOption[] ordered = new DhcpOption[count];
        int next = 0;
        for (DhcpOptionCode code : requested) {
            for (int i = 0; i < count; i++) {
                if (rest[i] != null && rest[i].code().equals(code)) {
                    ordered[next++] = rest[i];
                    rest[i] = null;
                    break;
                }
            }
        }
        for (DhcpOption option : rest) {
            if (option != null) {
                ordered[next++] = option;
            }
        }
        return Arrays.asList(ordered);
    }

    /** Design "Reply destination": giaddr:67; NAK broadcast; unicast ciaddr:68; else broadcast:68. */
    private static InetSocketAddress destination(DhcpMessage request, boolean nak) {
        if (request.isRelayed()) {
            return new InetSocketAddress(request.giaddr(), SERVER_PORT);
        }
        if (!nak && request.hasCiaddr()) {
            return new InetSocketAddress(request.ciaddr(), CLIENT_PORT);
        }
        return new InetSocketAddress(Ipv4.BROADCAST, CLIENT_PORT);
    }

    /** Option 57 (at least 576), and no larger than the lease's MTU: the reply must cross the link whole. */
    private static int maxMessageSize(DhcpMessage request, LeaseConfig lease) {
        int size = request.options().maxMessageSize().orElse(EncodeOptions.DEFAULT_MAX_MESSAGE_SIZE);
        if (lease.mtu().isPresent()) {
            size = Math.min(size, lease.mtu().getAsInt());
        }
        return Math.max(EncodeOptions.DEFAULT_MAX_MESSAGE_SIZE, size);
    }

    private static Decision drop(DropReason reason, String detail) {
        return new Decision.Drop(reason, detail);
    }

    private static String text(Optional<Inet4Address> address) {
        return address.map(Inet4Address::getHostAddress).orElse("nothing");
    }
}
