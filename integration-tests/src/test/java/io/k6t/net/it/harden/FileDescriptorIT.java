package io.k6t.net.it.harden;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.launcher.netns.NetNamespace;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DhcpServer#close()} gives back every file descriptor it took: sockets, epoll and event fds,
 * the namespace handle. Counted in {@code /proc/self/fd} after a warm-up round (class
 * loading opens jars once), over several start/serve/close rounds with hot plug in between.
 */
class FileDescriptorIT {
    private static final int BRIDGES = 4;
    private static final int ROUNDS = 5;

    @TempDir
    java.nio.file.Path dir;

    @Test
    void serverCloseReturnsEveryDescriptor() throws Exception {
        try (HardenTopology topology = HardenTopology.create("guest")) {
            for (int i = 1; i < BRIDGES; i++) {
                topology.net().exec("pod", "ip", "link", "add", "k6t-net" + i, "type", "bridge");
                topology.net().exec("pod", "ip", "link", "set", "k6t-net" + i, "up");
            }
            round(topology);
            Map<String, Long> before = OpenFiles.byKind();
            for (int i = 0; i < ROUNDS; i++) {
                round(topology);
            }
            OpenFiles.awaitBackTo(before, "DhcpServer");
        }
    }

    /** Opens the pod namespace, serves every bridge (one added after start), leases once, closes all. */
    private void round(HardenTopology topology) throws Exception {
        try (NetNamespace pod = NetNamespace.open(topology.net().path("pod"))) {
            LeaseConfig lease = HardenTopology.lease();
            DhcpServer.Builder builder = DhcpServer.builder().channelContext(pod.executor()).lease(lease);
            for (int i = 1; i < BRIDGES - 1; i++) {
                builder.lease(lease.toBuilder().interfaceName("k6t-net" + i).build());
            }
            try (DhcpServer server = builder.build()) {
                server.start();
                server.addInterface(lease.toBuilder().interfaceName("k6t-net" + (BRIDGES - 1)).build());
                Udhcpc.obtain(topology, "guest", dir.resolve("r" + System.nanoTime()), Duration.ofSeconds(5));
                assertThat(server.removeInterface("k6t-net1")).isTrue();
                assertThat(server.interfaces()).hasSize(BRIDGES - 1);
            }
        }
    }
}
