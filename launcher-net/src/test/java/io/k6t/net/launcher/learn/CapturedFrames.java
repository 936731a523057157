package io.k6t.net.launcher.learn;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.launcher.learn.AddressLearner.Direction;
import io.k6t.net.launcher.learn.internal.DhcpFrames;
import java.io.EOFException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * The DHCP messages of a capture, as the tap's capture would deliver them: each frame through
 * {@link DhcpFrames} and the codec; a reply goes to the guest, a request comes from it.
 */
final class CapturedFrames {
    record Frame(Instant at, DhcpMessage message, Direction direction) {
    }

    private CapturedFrames() {
    }

    static Path resource(String name) {
        try {
            return Path.of(CapturedFrames.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Frame> read(Path capture) throws PcapNativeException, NotOpenException, DhcpDecodeException {
        List<Frame> frames = new ArrayList<>();
        try (PcapHandle handle = Pcaps.openOffline(capture.toString())) {
            while (true) {
                byte[] raw;
                try {
                    raw = handle.getNextRawPacketEx();
                } catch (EOFException e) {
                    return frames;
                } catch (TimeoutException e) {
                    continue;
                }
                Instant at = handle.getTimestamp().toInstant();
                byte[] payload = DhcpFrames.payload(ByteBuffer.wrap(raw)).orElseThrow(
                        () -> new IllegalArgumentException("a frame of " + capture + " is not DHCP"));
                DhcpMessage message = DhcpCodec.decode(payload);
                frames.add(new Frame(at, message, message.isReply() ? Direction.TO_GUEST : Direction.FROM_GUEST));
            }
        }
    }
}
