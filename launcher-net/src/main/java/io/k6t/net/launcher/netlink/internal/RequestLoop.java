package io.k6t.net.launcher.netlink.internal;

import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.os.Errno;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request/reply loop of one netlink socket, the same for rtnetlink and nf_tables: sequence
 * numbers, waiting for the reply that answers a request (others are stale and skipped), turning a
 * refusal into a {@link NetlinkException} with the kernel's errno and a reply that does not decode
 * into {@code EPROTO}. How long a reply may take and how large it may be is the {@link Transport}'s
 * business. Not thread-safe: the handles that own a loop synchronize.
 */
public final class RequestLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestLoop.class);
    private static final int DUMP_ATTEMPTS = 10;
    /** Sequence numbers stay below this, so a batch of commands never wraps inside itself. */
    private static final int SEQUENCE_LIMIT = Integer.MAX_VALUE / 2;

    private final Transport transport;
    private int sequence;
    private boolean closed;

    /** A loop whose first request takes the number after {@code lastUsedSequence}. */
    public RequestLoop(Transport transport, int lastUsedSequence) {
        this.transport = transport;
        this.sequence = lastUsedSequence;
    }

    /**
     * The sequence number of the next request; a batch takes the numbers from there up and reports
     * the last it used with {@link #used}.
     */
    public int nextSequence(String operation) {
        if (closed) {
            throw new IllegalStateException(operation + ": the netlink socket (" + transport + ") is closed");
        }
        if (sequence >= SEQUENCE_LIMIT) {
            sequence = 0;
        }
        return sequence + 1;
    }

    /** Records that the numbers up to {@code lastSequence} are taken. */
    public void used(int lastSequence) {
        sequence = lastSequence;
    }

    /** Sends one datagram. */
    public void send(String operation, byte[] datagram) throws NetlinkException {
        transport.send(operation, datagram);
    }

    /** Sends a request and waits for its ACK. */
    public void execute(String operation, IntFunction<byte[]> request) throws NetlinkException {
        int seq = sendRequest(operation, request);
        awaitAcks(operation, seq, seq);
    }

    /**
     * Waits for the ACKs of the requests numbered {@code first..last} (a batch), failing on the first
     * refusal; returns with the ACK of {@code last}.
     */
    public void awaitAcks(String operation, int first, int last) throws NetlinkException {
        while (true) {
            for (NetlinkMessage message : receive(operation)) {
                if (message.type() != Rtnl.NLMSG_ERROR || message.sequence() < first || message.sequence() > last) {
                    LOG.debug("{}: skipping a message of type {} with sequence {}", operation, message.type(),
                            message.sequence());
                    continue;
                }
                ErrorMessage ack = decoded(operation, () -> ErrorMessage.decodeError(message));
                if (ack.errno() != 0) {
                    String which = first == last ? operation
                            : operation + " (message " + (message.sequence() - first) + " of the batch)";
                    throw new NetlinkException(which, Errno.valueOf(ack.errno()), ack.extAckMessage().orElse(null));
                }
                if (message.sequence() == last) {
                    return;
                }
            }
        }
    }

    /** Sends a get request and returns its single reply, detached from the receive buffer. */
    public NetlinkMessage single(String operation, IntFunction<byte[]> request) throws NetlinkException {
        int seq = sendRequest(operation, request);
        while (true) {
            for (NetlinkMessage message : receive(operation)) {
                if (message.sequence() != seq) {
                    continue;
                }
                if (message.type() == Rtnl.NLMSG_ERROR) {
                    checkAck(operation, decoded(operation, () -> ErrorMessage.decodeError(message)));
                    throw new NetlinkException(operation, Errno.EPROTO, "an ACK where a reply was expected");
                }
                return copy(message);
            }
        }
    }

    /** Sends a dump request and collects every part, repeating the dump if the kernel interrupted it. */
    public List<NetlinkMessage> dump(String operation, IntFunction<byte[]> request) throws NetlinkException {
        for (int attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
            int seq = sendRequest(operation, request);
            List<NetlinkMessage> parts = new ArrayList<>();
            boolean interrupted = false;
            boolean done = false;
            while (!done) {
                for (NetlinkMessage message : receive(operation)) {
                    if (message.sequence() != seq) {
                        continue;
                    }
                    interrupted |= message.dumpInterrupted();
                    if (message.type() == Rtnl.NLMSG_DONE) {
                        checkAck(operation, decoded(operation, () -> ErrorMessage.decodeDone(message)));
                        done = true;
                    } else if (message.type() == Rtnl.NLMSG_ERROR) {
                        // An error ends a dump; nf_tables also ends some with a zero-error ACK.
                        checkAck(operation, decoded(operation, () -> ErrorMessage.decodeError(message)));
                        done = true;
                    } else {
                        parts.add(copy(message));
                    }
                }
            }
            if (!interrupted) {
                return parts;
            }
            LOG.debug("{}: dump interrupted by a concurrent change (attempt {}), repeating", operation, attempt);
        }
        throw new NetlinkException(operation, Errno.EINTR, "dump interrupted " + DUMP_ATTEMPTS + " times in a row");
    }

    /** The index of the link named {@code name} in the socket's namespace. */
    public int linkIndex(String operation, String name) throws NetlinkException {
        if (closed) {
            throw new IllegalStateException(operation + ": the netlink socket (" + transport + ") is closed");
        }
        return transport.linkIndex(operation, name);
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the socket once; later calls do nothing, also when the first one threw. */
    @Override
    public void close() throws NetlinkException {
        if (!closed) {
            closed = true;
            transport.close();
        }
    }

    @Override
    public String toString() {
        return transport + (closed ? ", closed" : "");
    }

    private int sendRequest(String operation, IntFunction<byte[]> request) throws NetlinkException {
        int seq = nextSequence(operation);
        byte[] datagram = request.apply(seq);
        used(seq);
        transport.send(operation, datagram);
        return seq;
    }

    private List<NetlinkMessage> receive(String operation) throws NetlinkException {
        ByteBuffer datagram = transport.receive(operation);
        try {
            return NetlinkMessage.decodeAll(datagram);
        } catch (MalformedMessageException e) {
            throw new NetlinkException(operation, Errno.EPROTO, "malformed reply: " + e.getMessage(), e);
        }
    }

    /** Detaches a message from the transport's receive buffer. */
    private static NetlinkMessage copy(NetlinkMessage message) {
        ByteBuffer body = ByteBuffer.allocate(message.body().remaining()).order(message.body().order());
        body.put(message.body().duplicate()).flip();
        return new NetlinkMessage(message.type(), message.flags(), message.sequence(), message.portId(),
                body.asReadOnlyBuffer().order(message.body().order()));
    }

    /**
     * Runs a decoder over a reply; a reply that does not decode (lengths that do not add up, values
     * the kernel never sends) is a protocol error, never an unchecked exception.
     */
    public static <T> T decoded(String operation, Supplier<T> decoder) throws NetlinkException {
        try {
            return decoder.get();
        } catch (MalformedMessageException | IllegalArgumentException e) {
            throw new NetlinkException(operation, Errno.EPROTO, "malformed reply: " + e.getMessage(), e);
        }
    }

    private static void checkAck(String operation, ErrorMessage ack) throws NetlinkException {
        if (ack.errno() != 0) {
            throw new NetlinkException(operation, Errno.valueOf(ack.errno()), ack.extAckMessage().orElse(null));
        }
    }
}
