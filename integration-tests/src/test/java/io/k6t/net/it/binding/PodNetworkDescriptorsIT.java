package io.k6t.net.it.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.harden.OpenFiles;
import io.k6t.net.launcher.PodNetwork;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PodNetwork#close()} gives back every file descriptor it took: namespace handles,
 * netlink sockets, the DHCP server's sockets, epoll and event fds. Counted in {@code /proc/self/fd}
 * after a warm-up round, over rounds of open, setup (a converging rerun), DHCP start and close.
 */
class PodNetworkDescriptorsIT {
    private static final int ROUNDS = 4;

    @TempDir
    Path dir;

    @Test
    void closeReturnsEveryDescriptor() throws Exception {
        try (PodFixture f = PodFixture.create(dir, 2, false)) {
            round(f);
            Map<String, Long> before = OpenFiles.byKind();
            for (int i = 0; i < ROUNDS; i++) {
                round(f);
            }
            OpenFiles.awaitBackTo(before, "PodNetwork");
        }
    }

    private static void round(PodFixture f) throws Exception {
        try (PodNetwork pod = PodNetwork.open(f.config(), Optional.of(f.net.name("pod")))) {
            pod.setup();
            pod.startDhcp();
            assertThat(pod.dhcp().orElseThrow().interfaces()).containsExactly("k6t-eth0", "k6t-net1");
        }
    }
}
