package io.k6t.net.it.harden;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.launcher.netns.NetNamespace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Footprint of a running server, since one launcher runs per VM: the heap one more served
 * interface retains (used heap after GC serving 1 interface, then {@value #INTERFACES}, divided by the
 * difference) and the threads the server adds (one event loop for all). Goal: under 256 KB per
 * interface, one thread. RSS of a whole serve process is measured by {@code scripts/footprint.sh}.
 */
class FootprintIT {
    private static final int INTERFACES = 32;
    private static final long HEAP_PER_INTERFACE_LIMIT = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void oneEventLoopThreadAndLittleHeapPerInterface() throws Exception {
        try (HardenTopology topology = HardenTopology.create("guest");
                NetNamespace pod = NetNamespace.open(topology.net().path("pod"))) {
            for (int i = 1; i < INTERFACES; i++) {
                topology.net().exec("pod", "ip", "link", "add", bridge(i), "type", "bridge");
                topology.net().exec("pod", "ip", "link", "set", bridge(i), "up");
            }
            LeaseConfig lease = HardenTopology.lease();
            Set<String> threadsBefore = threadNames();
            try (DhcpServer server = DhcpServer.builder().channelContext(pod.executor()).lease(lease).build()) {
                server.start();
                Udhcpc.obtain(topology, "guest", dir.resolve("one"), Duration.ofSeconds(10));
                long one = FloodIT.usedHeapAfterGc();
                for (int i = 1; i < INTERFACES; i++) {
                    server.addInterface(lease.toBuilder().interfaceName(bridge(i)).build());
                }
                Udhcpc.obtain(topology, "guest", dir.resolve("all"), Duration.ofSeconds(10));
                long all = FloodIT.usedHeapAfterGc();
                Set<String> added = threadNames();
                added.removeAll(threadsBefore);
                long perInterface = (all - one) / (INTERFACES - 1);

                FloodIT.report("heap after GC serving 1 interface " + one + " B, " + INTERFACES + " interfaces " + all
                        + " B: " + perInterface + " B per interface; threads added " + added);
                assertThat(server.interfaces()).hasSize(INTERFACES);
                assertThat(added).as("threads the server added").singleElement().asString().startsWith("k6t-dhcp");
                assertThat(perInterface).as("retained heap per served interface").isLessThan(HEAP_PER_INTERFACE_LIMIT);
            }
        }
    }

    private static String bridge(int i) {
        return "k6t-b" + i;
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
