package io.k6t.net.cli.internal.dhcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.cli.internal.pcap.UdpDatagram;
import io.k6t.net.dhcp.DecodeException;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.v6.Dhcp6Packet;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints captured DHCP datagrams (DHCPv4 and DHCPv6, mixed as captured) as {@code dhcp decode} and
 * {@code dhcp trace} do: text blocks, or one JSON object per line. A payload that is not a valid DHCP
 * message is printed as such (with the decoder's byte offset) and does not stop the output.
 */
public final class MessagePrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final boolean json;

    /** Prints to {@code out}, as JSON lines when {@code json}. */
    public MessagePrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /**
     * Prints one datagram, as DHCPv6 when either port is 546 or 547, else as DHCPv4; returns whether it
     * held a valid message.
     */
    public boolean print(UdpDatagram datagram) {
        try {
            if (datagram.isDhcp6()) {
                Dhcp6Packet packet = Dhcp6Codec.decode(datagram.payload());
                if (json) {
                    out.println(toJson(MessageView6.fields(datagram.frame(), packet)));
                } else {
                    out.print(MessageView6.text(header(datagram), packet));
                }
            } else {
                DhcpMessage message = DhcpCodec.decode(datagram.payload());
                if (json) {
                    out.println(toJson(MessageView.fields(datagram.frame(), message)));
                } else {
                    out.print(MessageView.text(header(datagram), message));
                }
            }
            out.flush();
            return true;
        } catch (DecodeException e) {
            if (json) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("frame", datagram.frame());
                error.put("error", e.getMessage());
                error.put("offset", e.offset());
                out.println(toJson(error));
            } else {
                out.println(header(datagram) + "  not a valid " + (datagram.isDhcp6() ? "DHCPv6" : "DHCP")
                        + " message: " + e.getMessage());
            }
            out.flush();
            return false;
        }
    }

    /** {@code frame N  SRC:PORT > DST:PORT}, IPv6 addresses in brackets. */
    public static String header(UdpDatagram datagram) {
        return "frame " + datagram.frame() + "  " + UdpDatagram.endpoint(datagram.source(), datagram.sourcePort())
                + " > " + UdpDatagram.endpoint(datagram.destination(), datagram.destinationPort());
    }

    /** One JSON object on one line. */
    public static String toJson(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
    }
}
