package io.k6t.net.it.e2e;

import io.k6t.net.it.guest.GuestReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a boot's time went, one row per boot appended to {@code target/e2e-boot-times.tsv} (and
 * logged): wall time from QEMU's start to its exit, then the stages of the guest's {@code K6T-TIME}
 * line and the DHCP client's own run time. docs/e2e.md explains the columns.
 */
final class BootTimes {
    private static final Logger LOG = LoggerFactory.getLogger(BootTimes.class);
    private static final Path FILE = Path.of("target", "e2e-boot-times.tsv");
    static final String HEADER = "boot\twall_ms\tkernel_ms\tmodules_ms\tclient_start_ms\tdhcp_ms\texchange_ms"
            + "\tserver_ms\tdiscovers\tafter_dhcp_ms\toutside_guest_clock_ms";

    private BootTimes() {
    }

    /**
     * Records the boot {@code name}; {@code iface} is the NIC whose client run is reported (its DHCPv4
     * client's, or its DHCPv6 client's when it ran no DHCPv4: then {@code discovers} counts Solicits),
     * {@code server} the time the server saw between the client's first message and its ACK.
     */
    static void record(String name, Duration wall, GuestReport report, String iface, OptionalLong server) {
        GuestReport.Timing t = report.requireTiming();
        boolean ipv4 = report.exchanges().stream().anyMatch(e -> e.iface().equals(iface));
        long clientMillis = ipv4 ? report.exchange(iface).millis() : report.ipv6().exchange(iface).millis();
        int firstMessages = ipv4 ? report.exchange(iface).discovers() : report.ipv6().exchange(iface).solicits();
        String row = String.join("\t", name, Long.toString(wall.toMillis()), Long.toString(t.init()),
                Long.toString(t.modules() - t.init()), Long.toString(t.dhcpStart() - t.modules()),
                Long.toString(t.dhcpMillis()), Long.toString(clientMillis),
                server.isPresent() ? Long.toString(server.getAsLong()) : "-", Integer.toString(firstMessages),
                Long.toString(t.done() - t.bound()), Long.toString(wall.toMillis() - t.done()));
        LOG.info("boot times ({}): {}", HEADER.replace('\t', ' '), row.replace('\t', ' '));
        try {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, HEADER + "\n");
            }
            Files.writeString(FILE, row + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE.toAbsolutePath(), e);
        }
    }
}
