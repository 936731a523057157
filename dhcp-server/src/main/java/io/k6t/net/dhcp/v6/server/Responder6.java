package io.k6t.net.dhcp.v6.server;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.v6.Dhcp6Message;
import io.k6t.net.dhcp.v6.Dhcp6MessageType;
import io.k6t.net.dhcp.v6.Dhcp6Option;
import io.k6t.net.dhcp.v6.Dhcp6OptionCode;
import io.k6t.net.dhcp.v6.Dhcp6Options;
import io.k6t.net.dhcp.v6.Dhcp6Packet;
import io.k6t.net.dhcp.v6.Duid;
import io.k6t.net.dhcp.v6.IaAddress;
import io.k6t.net.dhcp.v6.IaNa;
import io.k6t.net.dhcp.v6.StatusCode;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The DHCPv6 server's decisions (RFC 8415 section 18.3) as a pure function: a request, where it came
 * from and the lease give a reply or a drop with its reason. No I/O, no clock.
 *
 * <p>Which client is the guest: the one whose MAC is the lease's. A client on the bridge is known by
 * its link-local source address when that is an EUI-64 address (the kernel's default, and what
 * dhclient, dhcpcd, systemd-networkd and udhcpc6 send from), else by the MAC in its DUID-LL or
 * DUID-LLT. A client with a random link-local address and a DUID-EN or DUID-UUID cannot be told and is
 * dropped ({@link Drop6Reason#WRONG_CLIENT}, saying so). The source address is the stronger signal
 * (the kernel made it from the sending interface), so it decides when it can.
 *
 * <p>One address: the first IA_NA of a request gets the lease's address; any other IA_NA gets
 * NoAddrsAvail, an IA_PD NoPrefixAvail, an IA_TA NoAddrsAvail. Addresses a client holds that are not
 * the lease's come back with lifetimes 0 in Request, Renew and Rebind replies so the client drops them.
 */
public final class Responder6 {
    /** The server's port (RFC 8415 section 7.2). */
    public static final int SERVER_PORT = 547;
    /** The client's port. */
    public static final int CLIENT_PORT = 546;
    /** Highest preference: a client takes this Advertise at once, without waiting for others. */
    private static final int PREFERENCE = 255;

    private Responder6() {
    }

    /**
     * Decides what to answer.
     *
     * @param request the decoded datagram
     * @param sender its source address and port
     * @param lease what this bridge serves
     */
    public static Decision6 respond(Dhcp6Packet request, InetSocketAddress sender, Lease6 lease) {
        if (!(request instanceof Dhcp6Message message)) {
            return drop(Drop6Reason.RELAYED, request.type() + " from " + address(sender)
                    + ": the server answers only the guest on its bridge");
        }
        Dhcp6MessageType type = message.type();
        if (!isRequestType(type)) {
            return drop(Drop6Reason.UNSUPPORTED_TYPE, type + " is not a client message");
        }
        Optional<String> wrongClient = wrongClient(message, sender, lease);
        if (wrongClient.isPresent()) {
            return drop(Drop6Reason.WRONG_CLIENT, wrongClient.get());
        }
        Dhcp6Options options = message.options();
        Optional<Duid> serverId = options.serverId();
        if (type.equals(Dhcp6MessageType.INFORMATION_REQUEST)) {
            if (serverId.isPresent() && !serverId.get().equals(lease.serverDuid())) {
                return drop(Drop6Reason.OTHER_SERVER, "Information-request for server " + serverId.get());
            }
            if (options.has(Dhcp6OptionCode.IA_NA) || options.has(Dhcp6OptionCode.IA_TA)
                    || options.has(Dhcp6OptionCode.IA_PD)) {
                return drop(Drop6Reason.NOTHING_TO_ANSWER, "Information-request with an IA (RFC 8415 section 16.12)");
            }
            Dhcp6Options.Builder reply = Dhcp6Options.builder().serverId(lease.serverDuid());
            options.first(Dhcp6OptionCode.CLIENTID).ifPresent(reply::add);
            return reply(Dhcp6MessageType.REPLY, message, sender, configuration(reply, lease));
        }
        if (options.clientId().isEmpty()) {
            return drop(Drop6Reason.NO_CLIENT_ID, type + " without a client identifier");
        }
        boolean mustHaveServerId = type.equals(Dhcp6MessageType.REQUEST) || type.equals(Dhcp6MessageType.RENEW)
                || type.equals(Dhcp6MessageType.RELEASE) || type.equals(Dhcp6MessageType.DECLINE);
        if (mustHaveServerId && serverId.isEmpty()) {
            return drop(Drop6Reason.BAD_SERVER_ID, type + " without a server identifier");
        }
        if (!mustHaveServerId && serverId.isPresent()) {
            return drop(Drop6Reason.BAD_SERVER_ID, type + " with a server identifier (" + serverId.get() + ")");
        }
        if (mustHaveServerId && !serverId.get().equals(lease.serverDuid())) {
            return drop(Drop6Reason.OTHER_SERVER, type + " for server " + serverId.get() + ", not "
                    + lease.serverDuid());
        }
        Dhcp6Options.Builder reply = Dhcp6Options.builder().serverId(lease.serverDuid())
                .add(options.first(Dhcp6OptionCode.CLIENTID).orElseThrow());
        if (type.equals(Dhcp6MessageType.SOLICIT)) {
            boolean rapid = lease.rapidCommit() && options.rapidCommit();
            if (rapid) {
                reply.rapidCommit();
            } else {
                reply.preference(PREFERENCE);
            }
            assign(options, lease, reply, false);
            return reply(rapid ? Dhcp6MessageType.REPLY : Dhcp6MessageType.ADVERTISE, message, sender,
                    configuration(reply, lease));
        }
        if (type.equals(Dhcp6MessageType.REQUEST) || type.equals(Dhcp6MessageType.RENEW)
                || type.equals(Dhcp6MessageType.REBIND)) {
            assign(options, lease, reply, true);
            return reply(Dhcp6MessageType.REPLY, message, sender, configuration(reply, lease));
        }
        if (type.equals(Dhcp6MessageType.CONFIRM)) {
            List<IaAddress> held = options.iaNas().stream().flatMap(ia -> ia.addresses().stream()).toList();
            if (held.isEmpty()) {
                return drop(Drop6Reason.NOTHING_TO_ANSWER, "Confirm without addresses (RFC 8415 section 18.3.3)");
            }
            boolean onLink = held.stream().allMatch(a -> lease.onLink(a.address()));
            reply.statusCode(onLink ? new StatusCode(StatusCode.SUCCESS, "all addresses on link")
                    : new StatusCode(StatusCode.NOT_ON_LINK, "not on this link"));
            return reply(Dhcp6MessageType.REPLY, message, sender, reply.build());
        }
        // Release and Decline: RFC 8415 sections 18.3.7 and 18.3.8; the handler logs them.
        reply.statusCode(new StatusCode(StatusCode.SUCCESS, type.equals(Dhcp6MessageType.RELEASE) ? "released"
                : "declined"));
        return reply(Dhcp6MessageType.REPLY, message, sender, reply.build());
    }

    private static boolean isRequestType(Dhcp6MessageType type) {
        int n = type.number();
        return n == 1 || n == 3 || n == 4 || n == 5 || n == 6 || n == 8 || n == 9 || n == 11;
    }

    /** Why the request is not from the lease's client, or empty when it is. */
    static Optional<String> wrongClient(Dhcp6Message message, InetSocketAddress sender, Lease6 lease) {
        Optional<MacAddress> fromSource = sender.getAddress() instanceof Inet6Address source
                ? eui64Mac(source) : Optional.empty();
        if (fromSource.isPresent()) {
            return fromSource.get().equals(lease.clientMac()) ? Optional.empty()
                    : Optional.of("link-local source " + address(sender) + " is MAC " + fromSource.get() + ", not "
                            + lease.clientMac());
        }
        Optional<MacAddress> fromDuid = message.options().clientId().flatMap(Duid::macAddress);
        if (fromDuid.isPresent()) {
            return fromDuid.get().equals(lease.clientMac()) ? Optional.empty()
                    : Optional.of("client DUID " + message.options().clientId().get() + " is MAC " + fromDuid.get()
                            + ", not " + lease.clientMac());
        }
        return Optional.of("cannot tell the client's MAC: source " + address(sender)
                + " is not an EUI-64 link-local address and the DUID holds no MAC");
    }

    /** The MAC an EUI-64 link-local address was made from (RFC 4291 appendix A). */
    public static Optional<MacAddress> eui64Mac(Inet6Address address) {
        byte[] b = address.getAddress();
        if (!address.isLinkLocalAddress() || (b[11] & 0xff) != 0xff || (b[12] & 0xff) != 0xfe) {
            return Optional.empty();
        }
        return Optional.of(MacAddress.fromBytes(new byte[] {(byte) (b[8] ^ 0x02), b[9], b[10], b[13], b[14], b[15]}));
    }

    /** The IAs of the reply: the lease's address in the first IA_NA, refusals for the rest. */
    private static void assign(Dhcp6Options request, Lease6 lease, Dhcp6Options.Builder reply, boolean expireOthers) {
        List<IaNa> iaNas = request.iaNas();
        for (int i = 0; i < iaNas.size(); i++) {
            IaNa ia = iaNas.get(i);
            Dhcp6Options.Builder inside = Dhcp6Options.builder();
            if (i == 0) {
                inside.addIaAddress(new IaAddress(lease.address(), lease.leaseSeconds(), lease.leaseSeconds(),
                        Dhcp6Options.empty()));
                if (expireOthers) {
                    for (IaAddress held : ia.addresses()) {
                        if (!held.address().equals(lease.address())) {
                            inside.addIaAddress(new IaAddress(held.address(), 0, 0, Dhcp6Options.empty()));
                        }
                    }
                }
                reply.addIaNa(new IaNa(ia.iaid(), lease.t1(), lease.t2(), inside.build()));
            } else {
                inside.statusCode(new StatusCode(StatusCode.NO_ADDRS_AVAIL, "one address per guest"));
                reply.addIaNa(new IaNa(ia.iaid(), 0, 0, inside.build()));
            }
        }
        for (Dhcp6Option ta : request.all(Dhcp6OptionCode.IA_TA)) {
            reply.add(refusal(Dhcp6OptionCode.IA_TA, ta, 4, StatusCode.NO_ADDRS_AVAIL, "no temporary addresses"));
        }
        for (Dhcp6Option pd : request.all(Dhcp6OptionCode.IA_PD)) {
            reply.add(refusal(Dhcp6OptionCode.IA_PD, pd, 12, StatusCode.NO_PREFIX_AVAIL, "no prefixes delegated"));
        }
        if (iaNas.isEmpty()) {
            reply.statusCode(new StatusCode(StatusCode.NO_ADDRS_AVAIL, "no IA_NA in the request"));
        }
    }

    /** The same IA (its IAID) with zero times and only a status code inside. */
    private static Dhcp6Option refusal(Dhcp6OptionCode code, Dhcp6Option ia, int fixed, int status, String text) {
        byte[] id = ia.value();
        Dhcp6Option statusOption = new StatusCode(status, text).toOption();
        byte[] value = new byte[fixed + 4 + statusOption.length()];
        System.arraycopy(id, 0, value, 0, 4);
        value[fixed] = 0;
        value[fixed + 1] = (byte) Dhcp6OptionCode.STATUS_CODE.code();
        value[fixed + 2] = (byte) (statusOption.length() >>> 8);
        value[fixed + 3] = (byte) statusOption.length();
        System.arraycopy(statusOption.value(), 0, value, fixed + 4, statusOption.length());
        return Dhcp6Option.of(code, value);
    }

    private static Dhcp6Options configuration(Dhcp6Options.Builder reply, Lease6 lease) {
        if (!lease.dnsServers().isEmpty()) {
            reply.dnsServers(lease.dnsServers());
        }
        if (!lease.searchDomains().isEmpty()) {
            reply.domainList(lease.searchDomains());
        }
        return reply.build();
    }

    private static Decision6 reply(Dhcp6MessageType type, Dhcp6Message request, InetSocketAddress sender,
            Dhcp6Options options) {
        return new Decision6.Reply(new Dhcp6Message(type, request.transactionId(), options), sender);
    }

    private static Decision6 drop(Drop6Reason reason, String detail) {
        return new Decision6.Drop(reason, detail);
    }

    private static String address(InetSocketAddress sender) {
        return sender.getAddress() == null ? sender.getHostString()
                : InetAddresses.toAddrString(sender.getAddress());
    }
}
