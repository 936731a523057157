package io.k6t.net.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user guide's embedding example runs against a real pod, and the guide shows exactly its code. */
class EmbeddingExampleIT {
    @TempDir
    Path tmp;

    @Test
    void theExampleWiresThePodAndServesAGuest() throws Exception {
        Prerequisites.requireTool("udhcpc", "udhcpc");
        try (TestNetwork net = TestNetwork.create("node", "pod", "guest")) {
            String mac = CliPod.wire(net);
            AtomicReference<String> xml = new AtomicReference<>();
            AtomicReference<Map<String, String>> lease = new AtomicReference<>();

            List<InterfaceStats> stats = EmbeddingExample.launch(CliPod.config(tmp, ""), net.name("pod"), nics -> {
                xml.set(nics);
                CliPod.plugGuest(net, mac);                    // stands in for the VM on the bridge
                lease.set(DhcpPod.udhcpc(net, tmp));
            });

            assertThat(xml.get()).contains("<target dev=\"tap0\" managed=\"no\"/>", "<mac address=\"" + mac + "\"/>");
            assertThat(lease.get().get("ip")).isEqualTo(CliPod.ADDRESS);
            assertThat(stats).singleElement().satisfies(s -> assertThat(s.acked()).isEqualTo(1));
        }
    }

    @Test
    void userGuideShowsTheExampleVerbatim() throws Exception {
        Path root = K6tNetCli.root();
        String source = Files.readString(root.resolve(
                "integration-tests/src/test/java/io/k6t/net/it/cli/EmbeddingExample.java"));
        String region = source.substring(source.indexOf("    // tag::embed[]\n") + "    // tag::embed[]\n".length(),
                source.indexOf("    // end::embed[]"));
        String guide = Files.readString(root.resolve("docs/user-guide.md"));
        assertThat(guide).as("docs/user-guide.md must show EmbeddingExample's tagged region verbatim")
                .contains(region.lines().map(line -> line.startsWith("    ") ? line.substring(4) : line)
                        .collect(Collectors.joining("\n", "", "\n")));
    }
}
