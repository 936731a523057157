package io.k6t.net.cli.internal.pcap;

import io.k6t.net.cli.internal.CliFailure;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.Packet;

/**
 * The DHCP datagrams of a pcap or pcapng file, in order, read through libpcap (pcap4j). A missing,
 * non-capture or truncated file is a {@link CliFailure#usage usage error} naming the file and,
 * for truncation, the frame.
 */
public final class CaptureFile implements AutoCloseable {
    private final Path file;
    private final PcapHandle handle;
    private long frame;

    private CaptureFile(Path file, PcapHandle handle) {
        this.file = file;
        this.handle = handle;
    }

    /** Opens {@code file}; fails with one clear line when it is missing or not a capture. */
    public static CaptureFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage(file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw CliFailure.usage(file + ": not readable");
        }
        try {
            return new CaptureFile(file, Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO));
        } catch (PcapNativeException e) {
            throw CliFailure.usage(file + ": not a pcap or pcapng capture (" + e.getMessage() + ")", e);
        }
    }

    /** The next frame that carries a DHCP datagram, or empty at the end of the file. */
    public Optional<UdpDatagram> next() {
        while (true) {
            Packet packet;
            try {
                packet = handle.getNextPacketEx();
            } catch (EOFException end) {
                return Optional.empty();
            } catch (PcapNativeException e) {
                throw CliFailure.usage(file + ": unreadable after frame " + frame + " (" + e.getMessage() + ")", e);
            } catch (TimeoutException | NotOpenException e) {
                throw new IllegalStateException("reading " + file + " after frame " + frame, e);
            }
            frame++;
            Instant time = handle.getTimestamp().toInstant();
            Optional<UdpDatagram> datagram = Datagrams.dhcpIn(frame, time, packet);
            if (datagram.isPresent()) {
                return datagram;
            }
        }
    }

    @Override
    public void close() {
        handle.close();
    }
}
