package io.k6t.net.launcher.netlink.internal;

import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkTimeoutException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import io.k6t.net.os.Errno;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The receive side of the netlink socket against a scripted {@code recv(2)} that behaves as the
 * kernel's: {@code MSG_PEEK} leaves the datagram queued, {@code MSG_TRUNC} returns its full length,
 * a datagram longer than the buffer is cut and its rest lost.
 */
class SocketTransportTest {
    private static final Duration TIMEOUT = Duration.ofMillis(250);

    /** A socket queue; each element is a datagram, or an errno the next call fails with. */
    private static final class KernelQueue implements SocketTransport.Receiver {
        final Deque<Object> queue = new ArrayDeque<>();
        final List<Integer> flags = new ArrayList<>();

        @Override
        public long recv(ByteBuffer buffer, long length, int flags) {
            this.flags.add(flags);
            Object head = queue.peek();
            if (head == null) {
                throw new LastErrorException(Errno.EAGAIN.number());
            }
            if (head instanceof Errno errno) {
                queue.poll();
                throw new LastErrorException(errno.number());
            }
            byte[] datagram = (byte[]) head;
            int copied = (int) Math.min(length, datagram.length);
            buffer.duplicate().position(0).put(datagram, 0, copied);
            if ((flags & SocketTransport.MSG_PEEK) == 0) {
                queue.poll();
            }
            return (flags & SocketTransport.MSG_TRUNC) != 0 ? datagram.length : copied;
        }
    }

    private static byte[] datagram(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    void replyLargerThanTheReceiveBufferIsReadWhole() throws Exception {
        KernelQueue kernel = new KernelQueue();
        byte[] large = datagram(SocketTransport.INITIAL_BUFFER * 3 + 17, 1);
        byte[] small = datagram(40, 2);
        kernel.queue.add(large);
        kernel.queue.add(small);
        SocketTransport transport = new SocketTransport(-1, kernel, TIMEOUT);

        assertThat(bytes(transport.receive("ip route show table all"))).isEqualTo(large);
        assertThat(bytes(transport.receive("ip link show"))).isEqualTo(small);
        assertThat(kernel.flags).containsExactly(SocketTransport.MSG_PEEK | SocketTransport.MSG_TRUNC, 0,
                SocketTransport.MSG_PEEK | SocketTransport.MSG_TRUNC, 0);
    }

    @Test
    void requestWithoutAnswerFailsWithATimeoutNamingIt() {
        SocketTransport transport = new SocketTransport(-1, new KernelQueue(), TIMEOUT);

        assertThatThrownBy(() -> transport.receive("ip link add k6t-eth0 type bridge"))
                .isInstanceOfSatisfying(NetlinkTimeoutException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT);
                    assertThat(e.operation()).isEqualTo("ip link add k6t-eth0 type bridge");
                    assertThat(e.timeout()).isEqualTo(TIMEOUT);
                    assertThat(e.extAck()).isEmpty();
                })
                .hasMessageStartingWith("ip link add k6t-eth0 type bridge: no reply from the kernel within 250 ms");
    }

    @Test
    void receiveInterruptedBySignalIsRepeated() throws Exception {
        KernelQueue kernel = new KernelQueue();
        kernel.queue.add(Errno.EINTR);
        kernel.queue.add(datagram(20, 3));
        SocketTransport transport = new SocketTransport(-1, kernel, TIMEOUT);

        assertThat(bytes(transport.receive("ip addr show"))).isEqualTo(datagram(20, 3));
    }

    @Test
    void otherReceiveErrorsKeepTheirErrno() {
        KernelQueue kernel = new KernelQueue();
        kernel.queue.add(Errno.ENOBUFS);
        SocketTransport transport = new SocketTransport(-1, kernel, TIMEOUT);

        assertThatThrownBy(() -> transport.receive("ip link show")).isInstanceOfSatisfying(NetlinkException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ENOBUFS)).isNotInstanceOf(NetlinkTimeoutException.class);
    }

    @Test
    void closeThatFailsIsReportedOnceAndNeverRepeated() throws Exception {
        // -1 is no descriptor: close(2) fails with EBADF, as it may for a real one (EIO, EINTR).
        SocketTransport transport = new SocketTransport(-1, new KernelQueue(), TIMEOUT);

        assertThatThrownBy(transport::close).isInstanceOfSatisfying(NetlinkException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
        transport.close();
    }
}
