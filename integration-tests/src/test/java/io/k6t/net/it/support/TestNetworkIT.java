package io.k6t.net.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestNetworkIT {
    @TempDir
    Path tmp;

    @Test
    void namespacesAndProcessesAreGoneAfterClose() throws Exception {
        String pod;
        Process sleeper;
        try (TestNetwork net = TestNetwork.create("pod", "guest")) {
            pod = net.name("pod");
            assertThat(TestNetwork.run(List.of("ip", "netns", "list"))).contains(pod, net.name("guest"));
            assertThat(net.exec("pod", "ip", "-o", "link", "show", "lo")).contains("UP");
            sleeper = net.start("pod", tmp.resolve("sleep.log"), "sleep", "600");
            assertThat(sleeper.isAlive()).isTrue();
        }
        assertThat(sleeper.isAlive()).isFalse();
        assertThat(TestNetwork.run(List.of("ip", "netns", "list"))).doesNotContain(pod);
        assertThat(Files.exists(Path.of("/run/netns", pod))).isFalse();
    }
}
