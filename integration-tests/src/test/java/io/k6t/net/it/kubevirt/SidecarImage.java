package io.k6t.net.it.kubevirt;

import io.k6t.net.it.guest.GuestImage;
import io.k6t.net.it.support.BuildScript;
import io.k6t.net.it.support.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sidecar's container image as {@code scripts/build-image.sh} builds it from this checkout (no
 * registry, no container daemon), built once per JVM into {@code integration-tests/target/sidecar-image}
 * and reused by every test of the run: the build takes about 20 s (jlink, the class-data archive, umoci).
 */
final class SidecarImage {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static Path built;

    private SidecarImage() {
    }

    /** The OCI archive ({@code ctr image import} loads it); built on the first call of this JVM. */
    static synchronized Path archive() {
        if (built == null) {
            Prerequisites.requireRoot();
            Prerequisites.requireTool("umoci", "umoci");
            Prerequisites.requireTool("busybox", "busybox-static");
            Prerequisites.requireTool("jlink", "openjdk-17-jdk-headless");
            Prerequisites.requireTool("unshare", "util-linux");
            Path root = GuestImage.repositoryRoot();
            try (var jars = Files.newDirectoryStream(root.resolve("cli/target"), "k6t-cli-*-shaded.jar")) {
                if (!jars.iterator().hasNext()) {
                    throw new AssertionError("build the cli first: mvn -pl cli -am package -DskipTests");
                }
            } catch (java.io.IOException e) {
                throw new AssertionError("build the cli first: mvn -pl cli -am package -DskipTests", e);
            }
            built = BuildScript.run(root.resolve("scripts/build-image.sh"), BUILD_TIMEOUT,
                    root.resolve("integration-tests/target/sidecar-image").toString());
        }
        return built;
    }
}
