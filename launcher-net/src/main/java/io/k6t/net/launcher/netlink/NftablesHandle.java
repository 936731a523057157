package io.k6t.net.launcher.netlink;

import io.k6t.net.launcher.internal.LibC;
import io.k6t.net.launcher.netlink.internal.ErrorMessage;
import io.k6t.net.launcher.netlink.internal.MalformedMessageException;
import io.k6t.net.launcher.netlink.internal.NetlinkMessage;
import io.k6t.net.launcher.netlink.internal.NftBatch;
import io.k6t.net.launcher.netlink.internal.Rtnl;
import io.k6t.net.os.Errno;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * An nf_tables socket ({@code AF_NETLINK}, {@code NETLINK_NETFILTER}) in the network namespace of the
 * thread that opened it: commits batches without starting {@code nft}. Each commit is one kernel
 * transaction, applied whole or not at all; a refusal throws a {@link NetlinkException} with the
 * kernel's errno and extended-ACK text. Methods are synchronized.
 */
public final class NftablesHandle implements AutoCloseable {
    private final Transport transport;
    private int sequence;

    NftablesHandle(Transport transport, int firstSequence) {
        this.transport = transport;
        this.sequence = firstSequence;
    }

    /** Opens a handle in the calling thread's network namespace. */
    public static NftablesHandle open() throws NetlinkException {
        return new NftablesHandle(SocketTransport.open(LibC.NETLINK_NETFILTER),
                ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE / 2));
    }

    /**
     * Commits the batch that {@code batch} fills, given its first sequence number, waiting for the
     * kernel's acknowledgement of every command; {@code operation} names it in errors.
     */
    public synchronized void commit(String operation, IntFunction<NftBatch> batch) throws NetlinkException {
        if (sequence > Integer.MAX_VALUE / 2) {
            sequence = 1;
        }
        NftBatch filled = batch.apply(sequence);
        byte[] datagram = filled.end();
        sequence = filled.lastCommandSequence() + 2;
        transport.send(operation, datagram);
        while (true) {
            List<NetlinkMessage> messages;
            try {
                messages = NetlinkMessage.decodeAll(transport.receive(operation));
            } catch (MalformedMessageException e) {
                throw new NetlinkException(operation, Errno.EPROTO, "malformed reply: " + e.getMessage(), e);
            }
            for (NetlinkMessage message : messages) {
                if (message.type() != Rtnl.NLMSG_ERROR || message.sequence() < filled.firstSequence()
                        || message.sequence() > filled.lastCommandSequence()) {
                    continue;
                }
                ErrorMessage ack;
                try {
                    ack = ErrorMessage.decodeError(message);
                } catch (MalformedMessageException e) {
                    throw new NetlinkException(operation, Errno.EPROTO, "malformed reply: " + e.getMessage(), e);
                }
                if (ack.errno() != 0) {
                    throw new NetlinkException(operation + " (message " + (message.sequence() - filled.firstSequence())
                            + " of the batch)", Errno.valueOf(ack.errno()), ack.extAckMessage().orElse(null));
                }
                if (message.sequence() == filled.lastCommandSequence()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws NetlinkException {
        transport.close();
    }
}
