package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;
import java.util.Optional;

/**
 * The client state a DHCPREQUEST reveals (RFC 2131 section 4.3.2), read from option 54 (server
 * identifier), option 50 (requested address), {@code ciaddr} and the datagram's destination:
 *
 * <table>
 * <caption>classification</caption>
 * <tr><th>option 50</th><th>ciaddr</th><th>option 54</th><th>sent to</th><th>state</th><th>claims</th></tr>
 * <tr><td>present, or absent with ciaddr 0</td><td>any</td><td>present</td><td>any</td><td>SELECTING</td>
 *     <td>option 50</td></tr>
 * <tr><td>present, or absent with ciaddr 0</td><td>any</td><td>absent</td><td>any</td><td>INIT_REBOOT</td>
 *     <td>option 50</td></tr>
 * <tr><td>absent</td><td>set</td><td>any</td><td>a unicast address</td><td>RENEWING</td><td>ciaddr</td></tr>
 * <tr><td>absent</td><td>set</td><td>any</td><td>255.255.255.255</td><td>REBINDING</td><td>ciaddr</td></tr>
 * </table>
 *
 * <p>Option 50 decides first, as dnsmasq and Kea do: a client that names an address asks for that
 * address whatever else it fills in. Without it, a set {@code ciaddr} is a bound client extending its
 * lease, also when it (against the RFC, but real clients do) adds option 54; only the way it sent
 * the request tells renewing (unicast to its server) from rebinding (broadcast).
 */
public enum RequestState {
    /** Answering an OFFER: option 54 names the chosen server, option 50 the offered address. */
    SELECTING,
    /** Rebooting with a remembered address: option 50, no option 54, ciaddr 0. */
    INIT_REBOOT,
    /** Extending a lease at T1: ciaddr, unicast to the server that granted it. */
    RENEWING,
    /** Extending a lease after T2: ciaddr, broadcast to any server. */
    REBINDING;

    /**
     * The state of {@code request}, a DHCPREQUEST that arrived addressed to {@code destination} (the
     * IP destination of its datagram: {@code 255.255.255.255} when broadcast).
     */
    public static RequestState of(DhcpMessage request, Inet4Address destination) {
        // Presence only, without making the addresses: this runs for every REQUEST.
        if (request.options().hasOption(DhcpOptionCode.REQUESTED_IP_ADDRESS) || !request.hasCiaddr()) {
            return request.options().hasOption(DhcpOptionCode.SERVER_IDENTIFIER) ? SELECTING : INIT_REBOOT;
        }
        return Ipv4.BROADCAST.equals(destination) ? REBINDING : RENEWING;
    }

    /** The address the client claims in this state: option 50 when selecting or rebooting, else ciaddr. */
    public Optional<Inet4Address> claimedAddress(DhcpMessage request) {
        return switch (this) {
            case SELECTING, INIT_REBOOT -> request.options().requestedIpAddress();
            case RENEWING, REBINDING -> Optional.of(request.ciaddr());
        };
    }

    /** The RFC's name: {@code SELECTING}, {@code INIT-REBOOT}, {@code RENEWING}, {@code REBINDING}. */
    public String rfcName() {
        return name().replace('_', '-');
    }
}
