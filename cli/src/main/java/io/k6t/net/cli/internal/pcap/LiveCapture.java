package io.k6t.net.cli.internal.pcap;

import io.k6t.net.cli.internal.CliFailure;
import java.io.EOFException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.packet.Packet;

/**
 * DHCP datagrams captured live on one interface (libpcap through pcap4j), filtered in the kernel
 * to UDP ports 67, 68 and 4011 (DHCPv4) and 546 and 547 (DHCPv6). libpcap opens its packet socket in
 * the network namespace of the calling thread: call {@link #open} on a thread inside the interface's
 * namespace; reading works from any thread afterwards.
 */
public final class LiveCapture implements AutoCloseable {
    private static final String FILTER = "udp and (port 67 or port 68 or port 4011 or port 546 or port 547)";
    private static final int SNAPLEN = 65_535;
    private static final int POLL_MILLIS = 200;

    private final String device;
    private final PcapHandle handle;
    private long frame;
    private volatile boolean stopped;

    private LiveCapture(String device, PcapHandle handle) {
        this.device = device;
        this.handle = handle;
    }

    /** Starts capturing on {@code device} in the calling thread's network namespace. */
    public static LiveCapture open(String device) {
        PcapHandle handle;
        try {
            handle = new PcapHandle.Builder(device)
                    .snaplen(SNAPLEN)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS)
                    .timeoutMillis(POLL_MILLIS)
                    .immediateMode(true)
                    .build();
        } catch (PcapNativeException e) {
            throw CliFailure.failed("cannot capture on " + device + ": " + e.getMessage(), e);
        }
        try {
            handle.setFilter(FILTER, BpfProgram.BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw CliFailure.failed("cannot filter DHCP on " + device + ": " + e.getMessage(), e);
        }
        return new LiveCapture(device, handle);
    }

    /**
     * The next DHCP datagram, waiting at most about 200 ms; empty when none arrived meanwhile (so the
     * caller can check whether to stop). Frames are numbered from 1 in capture order.
     */
    public Optional<UdpDatagram> poll() {
        Packet packet;
        try {
            packet = handle.getNextPacketEx();
        } catch (TimeoutException quiet) {
            return Optional.empty();
        } catch (EOFException e) {
            if (stopped) {
                // pcap_breakloop from stop(): the wait ended because the caller is stopping.
                return Optional.empty();
            }
            throw CliFailure.failed("capture on " + device + " ended: " + e.getMessage(), e);
        } catch (PcapNativeException | NotOpenException e) {
            throw CliFailure.failed("capture on " + device + " ended: " + e.getMessage(), e);
        }
        frame++;
        return Datagrams.dhcpIn(frame, Instant.now(), packet);
    }

    /**
     * Wakes a {@link #poll()} blocked in libpcap (immediate mode waits without a timeout) so that it
     * returns empty; callable from any thread. Later polls return empty too.
     */
    public void stop() {
        stopped = true;
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // Already closed: nothing is waiting in libpcap any more.
        }
    }

    @Override
    public void close() {
        handle.close();
    }
}
