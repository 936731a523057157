package io.k6t.net.cli.internal.dhcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.cli.internal.pcap.UdpDatagram;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpMessage;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints captured DHCP datagrams as {@code dhcp decode} and {@code dhcp trace} do: text blocks, or
 * one JSON object per line. A payload that is not a valid DHCP message is printed as such (with the
 * decoder's byte offset) and does not stop the output.
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

    /** Prints one datagram; returns whether it held a valid DHCP message. */
    public boolean print(UdpDatagram datagram) {
        try {
            DhcpMessage message = DhcpCodec.decode(datagram.payload());
            if (json) {
                out.println(toJson(MessageView.fields(datagram.frame(), message)));
            } else {
                out.print(MessageView.text(header(datagram), message));
            }
            out.flush();
            return true;
        } catch (DhcpDecodeException e) {
            if (json) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("frame", datagram.frame());
                error.put("error", e.getMessage());
                error.put("offset", e.offset());
                out.println(toJson(error));
            } else {
                out.println(header(datagram) + "  not a valid DHCP message: " + e.getMessage());
            }
            out.flush();
            return false;
        }
    }

    /** {@code frame N  SRC:PORT > DST:PORT}. */
    public static String header(UdpDatagram datagram) {
        return "frame " + datagram.frame() + "  " + datagram.source().getHostAddress() + ":" + datagram.sourcePort()
                + " > " + datagram.destination().getHostAddress() + ":" + datagram.destinationPort();
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
