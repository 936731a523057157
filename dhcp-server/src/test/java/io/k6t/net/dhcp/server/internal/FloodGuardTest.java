package io.k6t.net.dhcp.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.dhcp.server.RateLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGuardTest {
    private static final byte[] LEASE_MAC = {2, 0, 0, 0x74, 0x17, 0x75};
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final FloodGuard guard = new FloodGuard(new RateLimits(3, 2, 5, 4, 2), LEASE_MAC, clock::get);

    private static ByteBuf from(int lastMacByte) {
        byte[] message = new byte[300];
        System.arraycopy(LEASE_MAC, 0, message, FloodGuard.CHADDR_OFFSET, 6);
        message[FloodGuard.CHADDR_OFFSET + 5] = (byte) lastMacByte;
        return Unpooled.wrappedBuffer(message);
    }

    private int admitted(ByteBuf datagram, int times) {
        int n = 0;
        for (int i = 0; i < times; i++) {
            n += guard.admit(datagram) ? 1 : 0;
        }
        return n;
    }

    @Test
    void leaseMacIsNeverLimited() {
        assertThat(admitted(from(0x75), 10_000)).isEqualTo(10_000);
        assertThat(admitted(from(0x01), 10)).as("its traffic costs the others nothing").isEqualTo(3);
    }

    @Test
    void foreignMacGetsItsBurstThenItsRate() {
        assertThat(admitted(from(0x01), 10)).isEqualTo(3);
        clock.addAndGet(SECOND);
        assertThat(admitted(from(0x01), 10)).isEqualTo(2);
    }

    @Test
    void allForeignMacsShareTheGlobalBucket() {
        int total = 0;
        for (int mac = 1; mac <= 20; mac++) {
            total += admitted(from(mac), 3);
        }
        assertThat(total).isEqualTo(5);
        clock.addAndGet(SECOND);
        total = 0;
        for (int mac = 21; mac <= 40; mac++) {
            total += admitted(from(mac), 3);
        }
        assertThat(total).isEqualTo(4);
    }

    @Test
    void bytesTooShortForChaddrShareOneBucket() {
        assertThat(admitted(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), 10)).isEqualTo(3);
        assertThat(admitted(Unpooled.wrappedBuffer(new byte[33]), 10)).isZero();
    }

    @Test
    void readsChaddrFromTheReaderIndexAndLeavesItThere() {
        ByteBuf shifted = Unpooled.buffer().writeZero(7).writeBytes(from(0x75));
        shifted.readerIndex(7);
        assertThat(admitted(shifted, 100)).isEqualTo(100);
        assertThat(shifted.readerIndex()).isEqualTo(7);
    }

    @Test
    void newLeaseMacTakesOverTheExemption() {
        guard.clientMac(new byte[] {2, 0, 0, 0x74, 0x17, 0x01});
        assertThat(admitted(from(0x01), 100)).isEqualTo(100);
        assertThat(admitted(from(0x75), 100)).isEqualTo(3);
    }

    @Test
    void trackedMacTableIsBounded() {
        for (int mac = 1; mac <= 200; mac++) {
            guard.admit(from(mac));
            clock.addAndGet(SECOND);
        }
        // 2 tracked: MAC 1 was forgotten long ago and starts with a fresh burst.
        assertThat(admitted(from(1), 10)).isEqualTo(3);
    }

    @Test
    void limitsAreValidatedNamingTheField() {
        assertThatThrownBy(() -> new RateLimits(1, 0, 1, 1, 1)).hasMessage("perMacPerSecond: 0 (expected: >= 1)");
        assertThat(RateLimits.DEFAULT).isEqualTo(new RateLimits(10, 5, 100, 50, 256));
    }
}
