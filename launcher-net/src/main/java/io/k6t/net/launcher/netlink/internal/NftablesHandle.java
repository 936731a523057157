package io.k6t.net.launcher.netlink.internal;

import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.internal.LibC;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * An nf_tables socket ({@code AF_NETLINK}, {@code NETLINK_NETFILTER}) in the network namespace of the
 * thread that opened it: commits batches without starting {@code nft}, and reads chains and rules back.
 * Each commit is one kernel transaction, applied whole or not at all; a refusal throws a
 * {@link NetlinkException} with the kernel's errno and extended-ACK text. Methods are synchronized.
 */
public final class NftablesHandle implements AutoCloseable {
    private final RequestLoop loop;

    /** A handle whose first batch begins with sequence number {@code firstSequence}. */
    NftablesHandle(Transport transport, int firstSequence) {
        this.loop = new RequestLoop(transport, firstSequence - 1);
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
        NftBatch filled = batch.apply(loop.nextSequence(operation));
        byte[] datagram = filled.end();
        // The batch's end message takes the number after its last command.
        loop.used(filled.lastCommandSequence() + 1);
        loop.send(operation, datagram);
        loop.awaitAcks(operation, filled.firstSequence(), filled.lastCommandSequence());
    }

    /** Every chain of {@code family} ({@code nft list chains}), in the kernel's order. */
    public synchronized List<NftDump.Chain> chains(int family) throws NetlinkException {
        String operation = "nft list chains (family " + family + ")";
        List<NftDump.Chain> chains = new ArrayList<>();
        for (NetlinkMessage m : loop.dump(operation, seq -> NftDump.chainsRequest(seq, family))) {
            RequestLoop.decoded(operation, () -> NftDump.chain(m)).ifPresent(chains::add);
        }
        return chains;
    }

    /** Every rule of {@code table} in {@code family}, chain by chain in rule order; none when it does not exist. */
    public synchronized List<NftDump.Rule> rules(int family, String table) throws NetlinkException {
        String operation = "nft list table " + table + " (family " + family + ")";
        List<NftDump.Rule> rules = new ArrayList<>();
        for (NetlinkMessage m : loop.dump(operation, seq -> NftDump.rulesRequest(seq, family, table))) {
            RequestLoop.decoded(operation, () -> NftDump.rule(m)).filter(r -> r.table().equals(table))
                    .ifPresent(rules::add);
        }
        return rules;
    }

    /** Closes the socket once; later calls do nothing. */
    @Override
    public synchronized void close() throws NetlinkException {
        loop.close();
    }

    @Override
    public String toString() {
        return "NftablesHandle[" + loop + "]";
    }
}
