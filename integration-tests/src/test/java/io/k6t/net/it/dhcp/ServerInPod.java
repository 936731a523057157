package io.k6t.net.it.dhcp;

import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.Transaction;
import io.k6t.net.launcher.netns.NetNamespace;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link DhcpServer} whose sockets live in the topology's pod namespace, run from the test JVM. */
final class ServerInPod implements AutoCloseable {
    private final NetNamespace pod;
    private final DhcpServer server;
    private final List<Transaction> transactions;

    private ServerInPod(NetNamespace pod, DhcpServer server, List<Transaction> transactions) {
        this.pod = pod;
        this.server = server;
        this.transactions = transactions;
    }

    /** Starts a server for {@code leases} with its sockets in the pod namespace. */
    static ServerInPod start(DhcpTopology topology, LeaseConfig... leases) {
        NetNamespace pod = PodNamespace.open(topology.net().path("pod"));
        List<Transaction> transactions = new CopyOnWriteArrayList<>();
        DhcpServer.Builder builder = DhcpServer.builder().channelContext(pod.executor()).listener(transactions::add);
        for (LeaseConfig lease : leases) {
            builder.lease(lease);
        }
        DhcpServer server = builder.build();
        try {
            server.start();
        } catch (RuntimeException | Error e) {
            pod.close();
            throw e;
        }
        return new ServerInPod(pod, server, transactions);
    }

    DhcpServer server() {
        return server;
    }

    InterfaceStats stats() {
        return server.stats(DhcpTopology.BRIDGE).orElseThrow();
    }

    List<Transaction> transactions() {
        return transactions;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            pod.close();
        }
    }
}
