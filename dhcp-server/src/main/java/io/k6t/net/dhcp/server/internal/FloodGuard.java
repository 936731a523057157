package io.k6t.net.dhcp.server.internal;

import io.k6t.net.dhcp.server.RateLimits;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Applies {@link RateLimits} to raw datagrams before they are decoded: reads the six bytes of
 * {@code chaddr} at their fixed offset, lets the lease's MAC through, and charges everything else to
 * its MAC's bucket and to the interface's global bucket. Not thread-safe: one per channel, used on
 * its event loop.
 */
public final class FloodGuard {
    /** RFC 2131 section 2: {@code chaddr} follows op, htype, hlen, hops, xid, secs, flags and four addresses. */
    static final int CHADDR_OFFSET = 28;
    private static final int MAC_LENGTH = 6;
    private static final long NO_MAC = -1L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final RateLimits limits;
    private final LongSupplier nanoTime;
    private final Bucket global;
    private final Map<Long, Bucket> perMac;
    private volatile long clientMac;

    /**
     * @param limits the limits
     * @param clientMac the lease's MAC, never limited
     * @param nanoTime the clock ({@code System::nanoTime} outside tests)
     */
    public FloodGuard(RateLimits limits, byte[] clientMac, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.clientMac = key(clientMac, 0);
        this.global = new Bucket(limits.globalBurst(), nanoTime.getAsLong());
        this.perMac = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Bucket> eldest) {
                return size() > limits.trackedMacs();
            }
        };
    }

    /** The lease changed: its MAC is the one let through from now on. */
    public void clientMac(byte[] mac) {
        this.clientMac = key(mac, 0);
    }

    /** Whether to process {@code datagram}; false means drop it uncounted by the decoder. */
    public boolean admit(ByteBuf datagram) {
        long mac = NO_MAC;
        if (datagram.readableBytes() >= CHADDR_OFFSET + MAC_LENGTH) {
            int at = datagram.readerIndex() + CHADDR_OFFSET;
            mac = ((long) datagram.getInt(at) & 0xffff_ffffL) << 16 | datagram.getUnsignedShort(at + 4);
            if (mac == clientMac) {
                return true;
            }
        }
        long now = nanoTime.getAsLong();
        Bucket own = perMac.computeIfAbsent(mac, m -> new Bucket(limits.perMacBurst(), now));
        own.refill(now, limits.perMacBurst(), limits.perMacPerSecond());
        global.refill(now, limits.globalBurst(), limits.globalPerSecond());
        if (own.tokens == 0 || global.tokens == 0) {
            return false;
        }
        own.tokens--;
        global.tokens--;
        return true;
    }

    private static long key(byte[] mac, int offset) {
        long key = 0;
        for (int i = 0; i < MAC_LENGTH; i++) {
            key = key << 8 | (mac[offset + i] & 0xff);
        }
        return key;
    }

    private static final class Bucket {
        private long tokens;
        private long refilledAt;

        Bucket(int tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        void refill(long now, int burst, int perSecond) {
            long nanosPerToken = NANOS_PER_SECOND / perSecond;
            long add = (now - refilledAt) / nanosPerToken;
            if (add > 0) {
                tokens = Math.min(burst, tokens + add);
                refilledAt += add * nanosPerToken;
            }
        }
    }
}
