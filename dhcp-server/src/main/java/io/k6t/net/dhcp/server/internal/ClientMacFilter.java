package io.k6t.net.dhcp.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.unix.Buffer;
import io.netty.channel.unix.RawUnixChannelOption;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A classic BPF socket filter ({@code SO_ATTACH_FILTER}) that keeps a guest's flood out of the
 * server's receive buffer, attached only while requests from other MACs are over their
 * rate limit: datagrams whose {@code chaddr} is the lease's MAC are queued; of the rest, one in
 * {@value #SAMPLE} (chosen by the kernel's {@code SKF_AD_RANDOM}) is queued so that the server still
 * sees, counts, rate-limits and logs strangers and garbage; the others are dropped by the kernel
 * before they cost the event loop anything. Without it, a flood the event loop cannot keep up with
 * fills the socket buffer and the kernel drops the guest's own requests with everything else.
 * Datagrams too short to hold a {@code chaddr} are dropped by the kernel while it is attached.
 *
 * <p>Kernel drops are counted, per socket, in {@code /proc/net/udp}'s {@code drops} column and in the
 * namespace's {@code Udp: InErrors} (filtered) and {@code RcvbufErrors} (buffer full).
 *
 * <p>A filter on a UDP socket sees the datagram from the UDP header on: the BOOTP message starts at
 * offset 8, its {@code chaddr} at 8 + 28.
 */
public final class ClientMacFilter {
    /** One in this many datagrams from other MACs reaches the server. A power of two. */
    public static final int SAMPLE = 256;

    private static final int SOL_SOCKET = 1;
    private static final int SO_ATTACH_FILTER = 26;
    private static final int SO_DETACH_FILTER = 27;
    private static final int CHADDR = 8 + 28;
    private static final int LD_W_ABS = 0x20;
    private static final int LD_H_ABS = 0x28;
    private static final int JEQ_K = 0x15;
    private static final int AND_K = 0x54;
    private static final int RET_K = 0x06;
    /** {@code SKF_AD_OFF + SKF_AD_RANDOM}: a load from there yields a random 32-bit number. */
    private static final int LOAD_RANDOM = -0x1000 + 56;
    private static final int ACCEPT = 0x7fff_ffff;
    private static final int INSTRUCTION_SIZE = 8;
    private static final int FPROG_SIZE = 16;

    private ClientMacFilter() {
    }

    /**
     * Attaches (or replaces) the filter for {@code clientMac}; false (nothing done) for a channel
     * without a kernel socket, e.g. an {@code EmbeddedChannel}.
     */
    public static boolean attach(Channel channel, byte[] clientMac) {
        if (!(channel instanceof EpollDatagramChannel)) {
            return false;
        }
        ByteBuffer program = program(clientMac);
        ByteBuffer fprog = ByteBuffer.allocateDirect(FPROG_SIZE).order(ByteOrder.nativeOrder());
        fprog.putShort(0, (short) (program.capacity() / INSTRUCTION_SIZE)).putLong(8, Buffer.memoryAddress(program));
        channel.config().setOption(new RawUnixChannelOption("SO_ATTACH_FILTER", SOL_SOCKET, SO_ATTACH_FILTER,
                FPROG_SIZE), fprog);
        // The kernel copied the program during setsockopt; keep it reachable until then.
        Reference.reachabilityFence(program);
        return true;
    }

    /** Removes the filter: every datagram is queued again. False for a channel without a kernel socket. */
    public static boolean detach(Channel channel) {
        if (!(channel instanceof EpollDatagramChannel)) {
            return false;
        }
        ByteBuffer unused = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, 0);
        channel.config().setOption(new RawUnixChannelOption("SO_DETACH_FILTER", SOL_SOCKET, SO_DETACH_FILTER, 4),
                unused);
        return true;
    }

    /** The instructions, as {@code struct sock_filter[]} in native byte order. */
    static ByteBuffer program(byte[] mac) {
        int high = (mac[0] & 0xff) << 24 | (mac[1] & 0xff) << 16 | (mac[2] & 0xff) << 8 | mac[3] & 0xff;
        int low = (mac[4] & 0xff) << 8 | mac[5] & 0xff;
        int[][] code = {
            {LD_W_ABS, 0, 0, CHADDR},          // 0: A = chaddr[0..3]
            {JEQ_K, 0, 3, high},               // 1: mismatch -> 5
            {LD_H_ABS, 0, 0, CHADDR + 4},      // 2: A = chaddr[4..5]
            {JEQ_K, 0, 1, low},                // 3: mismatch -> 5
            {RET_K, 0, 0, ACCEPT},             // 4: the lease's MAC: queue
            {LD_W_ABS, 0, 0, LOAD_RANDOM},     // 5: A = random
            {AND_K, 0, 0, SAMPLE - 1},         // 6
            {JEQ_K, 0, 1, 0},                  // 7: one in SAMPLE -> 8, else 9
            {RET_K, 0, 0, ACCEPT},             // 8: queue the sample
            {RET_K, 0, 0, 0},                  // 9: drop
        };
        ByteBuffer buffer = ByteBuffer.allocateDirect(code.length * INSTRUCTION_SIZE).order(ByteOrder.nativeOrder());
        for (int[] insn : code) {
            buffer.putShort((short) insn[0]).put((byte) insn[1]).put((byte) insn[2]).putInt(insn[3]);
        }
        return buffer.flip();
    }
}
