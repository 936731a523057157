package io.k6t.net.launcher.learn.internal;

import java.nio.ByteBuffer;

/** The Ethernet header of a captured frame, for the learner's parsers. */
final class Ethernet {
    private static final int HEADER = 14;
    private static final int ETHERTYPE_VLAN = 0x8100;

    private Ethernet() {
    }

    /**
     * Where the payload of type {@code etherType} starts in {@code frame} (big-endian, from index 0),
     * behind at most one 802.1Q tag; -1 when the frame is shorter than its header or of another type.
     */
    static int payloadOffset(ByteBuffer frame, int etherType) {
        if (frame.remaining() < HEADER) {
            return -1;
        }
        int offset = HEADER;
        int type = frame.getShort(12) & 0xffff;
        if (type == ETHERTYPE_VLAN && frame.remaining() >= HEADER + 4) {
            type = frame.getShort(16) & 0xffff;
            offset += 4;
        }
        return type == etherType ? offset : -1;
    }
}
