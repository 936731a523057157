package io.k6t.net.cli.internal.explain;

import io.k6t.net.cli.internal.dhcp.Decisions;
import io.k6t.net.cli.internal.dhcp.MessageView;
import io.k6t.net.cli.internal.pcap.CaptureFile;
import io.k6t.net.cli.internal.pcap.UdpDatagram;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.Responder;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The guest's last DHCP request in a capture (e.g. from {@code dhcp trace --write}), and what the
 * server decides for it with the lease it serves now.
 */
final class LastExchange {
    private LastExchange() {
    }

    static Finding of(String podInterface, Path capture, LeaseConfig lease) {
        UdpDatagram lastDatagram = null;
        DhcpMessage last = null;
        String otherClient = null;
        try (CaptureFile file = CaptureFile.open(capture)) {
            for (Optional<UdpDatagram> next = file.next(); next.isPresent(); next = file.next()) {
                if (next.get().isDhcp6()) {
                    continue;
                }
                DhcpMessage message;
                try {
                    message = DhcpCodec.decode(next.get().payload());
                } catch (DhcpDecodeException malformed) {
                    continue;
                }
                if (!message.isRequest()) {
                    continue;
                }
                if (lease.isClientMac(message.chaddr())) {
                    lastDatagram = next.get();
                    last = message;
                } else {
                    otherClient = message.clientMac().map(Object::toString).orElse("?");
                }
            }
        }
        if (last == null) {
            return Finding.problem(podInterface, capture.getFileName() + " holds no DHCP request from the guest's MAC "
                    + lease.clientMacText() + (otherClient == null ? "" : " (only from " + otherClient + ")"),
                    otherClient == null ? "the guest never asked: check its NIC is on the tap and up"
                            : "the guest uses another MAC: align the domain XML with the lease file");
        }
        Decision decision = Responder.respond(last, (Inet4Address) lastDatagram.destination(), lease, false);
        String what = "last exchange in " + capture.getFileName() + ": frame " + lastDatagram.frame() + " "
                + MessageView.messageType(last).orElse("BOOTP") + " xid " + MessageView.xid(last) + " -> "
                + Decisions.describe(decision);
        if (decision instanceof Decision.Drop drop) {
            return Finding.problem(podInterface, what, switch (drop.reason()) {
                case OTHER_SERVER -> "another DHCP server answers on this link: find it (dhcp trace) and stop it";
                case RELAYED -> "set acceptRelayed in the interface's dhcp settings, or remove the relay";
                case WRONG_CLIENT -> "align the guest's MAC with the lease file";
                default -> "see the reason; dhcp replay shows every message of the capture";
            });
        }
        if (decision instanceof Decision.Reply reply && reply.isNak()) {
            return Finding.problem(podInterface, what, "the guest asks for an address it does not have here; it "
                    + "falls back to DISCOVER and should then get " + lease.address().getHostAddress());
        }
        return Finding.ok(podInterface, what);
    }
}
