package io.k6t.net.launcher.netlink;

import io.k6t.net.launcher.internal.LibC;
import io.k6t.net.launcher.netlink.internal.ErrorMessage;
import io.k6t.net.launcher.netlink.internal.MalformedMessageException;
import io.k6t.net.launcher.netlink.internal.NetlinkMessage;
import io.k6t.net.launcher.netlink.internal.NftBatch;
import io.k6t.net.launcher.netlink.internal.NftDump;
import io.k6t.net.launcher.netlink.internal.Rtnl;
import io.k6t.net.os.Errno;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * An nf_tables socket ({@code AF_NETLINK}, {@code NETLINK_NETFILTER}) in the network namespace of the
 * thread that opened it: commits batches without starting {@code nft}, and reads chains and rules back.
 * Each commit is one kernel transaction, applied whole or not at all; a refusal throws a
 * {@link NetlinkException} with the kernel's errno and extended-ACK text. Methods are synchronized.
 */
public final class NftablesHandle implements AutoCloseable {
    private static final int DUMP_ATTEMPTS = 10;
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

    /** Every chain of {@code family} ({@code nft list chains}), in the kernel's order. */
    public synchronized List<NftDump.Chain> chains(int family) throws NetlinkException {
        String operation = "nft list chains (family " + family + ")";
        List<NftDump.Chain> chains = new ArrayList<>();
        for (NetlinkMessage m : dump(operation, seq -> NftDump.chainsRequest(seq, family))) {
            decoded(operation, () -> NftDump.chain(m)).ifPresent(chains::add);
        }
        return chains;
    }

    /** Every rule of {@code table} in {@code family}, chain by chain in rule order; none when it does not exist. */
    public synchronized List<NftDump.Rule> rules(int family, String table) throws NetlinkException {
        String operation = "nft list table " + table + " (family " + family + ")";
        List<NftDump.Rule> rules = new ArrayList<>();
        for (NetlinkMessage m : dump(operation, seq -> NftDump.rulesRequest(seq, family, table))) {
            decoded(operation, () -> NftDump.rule(m)).filter(r -> r.table().equals(table)).ifPresent(rules::add);
        }
        return rules;
    }

    private static <T> T decoded(String operation, Supplier<T> decoder) throws NetlinkException {
        try {
            return decoder.get();
        } catch (MalformedMessageException e) {
            throw new NetlinkException(operation, Errno.EPROTO, "malformed reply: " + e.getMessage(), e);
        }
    }

    /** Sends a dump request and collects every part, repeating the dump if a concurrent change interrupted it. */
    private List<NetlinkMessage> dump(String operation, IntFunction<byte[]> request) throws NetlinkException {
        for (int attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
            if (sequence > Integer.MAX_VALUE / 2) {
                sequence = 1;
            }
            int seq = sequence++;
            transport.send(operation, request.apply(seq));
            List<NetlinkMessage> parts = new ArrayList<>();
            boolean interrupted = false;
            boolean done = false;
            while (!done) {
                List<NetlinkMessage> messages;
                try {
                    messages = NetlinkMessage.decodeAll(transport.receive(operation));
                } catch (MalformedMessageException e) {
                    throw new NetlinkException(operation, Errno.EPROTO, "malformed reply: " + e.getMessage(), e);
                }
                for (NetlinkMessage message : messages) {
                    if (message.sequence() != seq) {
                        continue;
                    }
                    interrupted |= message.dumpInterrupted();
                    if (message.type() == Rtnl.NLMSG_DONE || message.type() == Rtnl.NLMSG_ERROR) {
                        ErrorMessage status = decoded(operation, () -> message.type() == Rtnl.NLMSG_DONE
                                ? ErrorMessage.decodeDone(message) : ErrorMessage.decodeError(message));
                        if (status.errno() != 0) {
                            throw new NetlinkException(operation, Errno.valueOf(status.errno()),
                                    status.extAckMessage().orElse(null));
                        }
                        done = true;
                    } else {
                        parts.add(copy(message));
                    }
                }
            }
            if (!interrupted) {
                return parts;
            }
        }
        throw new NetlinkException(operation, Errno.EINTR, "dump interrupted " + DUMP_ATTEMPTS + " times in a row");
    }

    /** Detaches a message from the shared receive buffer. */
    private static NetlinkMessage copy(NetlinkMessage message) {
        ByteBuffer body = ByteBuffer.allocate(message.body().remaining()).order(message.body().order());
        body.put(message.body().duplicate()).flip();
        return new NetlinkMessage(message.type(), message.flags(), message.sequence(), message.portId(),
                body.asReadOnlyBuffer().order(message.body().order()));
    }

    @Override
    public void close() throws NetlinkException {
        transport.close();
    }
}
