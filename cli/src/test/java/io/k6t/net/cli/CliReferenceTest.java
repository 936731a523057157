package io.k6t.net.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.cli.internal.ReferenceDoc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/cli.md is generated from the picocli model; this fails when the two differ. */
class CliReferenceTest {
    private static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("../docs/cli.md").normalize();

    @Test
    void docsCliMdIsWhatTheModelGenerates() throws Exception {
        String generated = ReferenceDoc.render(K6tNet.commandLine());
        if (Boolean.getBoolean("k6t.regenerateDocs")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOC)).as("%s exists (regenerate with -Dk6t.regenerateDocs=true)", DOC).isTrue();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("%s is stale: run mvn -pl cli test -Dtest=CliReferenceTest -Dk6t.regenerateDocs=true", DOC)
                .isEqualTo(generated);
    }

    @Test
    void everyContractCommandIsInTheReference() {
        String generated = ReferenceDoc.render(K6tNet.commandLine());
        List<String> contract = List.of("plan", "setup", "teardown", "serve", "run", "libvirt-xml", "explain",
                "dhcp serve", "dhcp decode", "dhcp replay", "dhcp trace");
        for (String command : contract) {
            assertThat(generated).contains("## `k6t-net " + command + "`");
        }
    }
}
