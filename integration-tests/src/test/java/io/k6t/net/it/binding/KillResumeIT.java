package io.k6t.net.it.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Poll;
import io.k6t.net.launcher.binding.BridgeBinding;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.StepHook;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.netns.NetNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A setup process SIGKILLed right after each step, then a new run: it converges to exactly what an
 * uninterrupted setup makes, and teardown then restores the pod exactly: every field
 * {@code ip -d -j} prints of links, addresses and routes ({@link PodFixture#snapshot()}).
 */
class KillResumeIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "keepPodAddress={0}")
    @ValueSource(booleans = {false, true})
    void killedAfterEveryStepTheNextRunConverges(boolean keep) throws Exception {
        try (PodFixture f = PodFixture.create(dir, 2, true)) {
            String original = f.snapshot();
            PodConfig config = f.config(i -> i.withKeepPodAddress(keep));
            Path configFile = dir.resolve("config.json");
            Files.writeString(configFile, "{\"stateDir\": \"" + config.stateDir() + "\", \"resolvConf\": \""
                    + config.resolvConf() + "\", \"hostname\": \"vm1\", \"interfaces\": ["
                    + "{\"name\": \"default\", \"podInterface\": \"eth0\", \"binding\": \"bridge\","
                    + " \"keepPodAddress\": " + keep + "},"
                    + " {\"name\": \"net1\", \"podInterface\": \"net1\", \"binding\": \"bridge\","
                    + " \"keepPodAddress\": " + keep + "}]}");
            assertThat(PodConfig.read(configFile)).isEqualTo(config);

            int steps = apply(f, config, StepHook.NONE);
            String applied = f.snapshot();
            teardown(f, config);
            BridgeBindingIT.assertRestored(f, original, "clean teardown");

            for (int killAt = 1; killAt <= steps; killAt++) {
                Path log = dir.resolve("apply-" + keep + "-" + killAt + ".log");
                Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", System.getProperty("java.class.path"), ApplyMain.class.getName(),
                        f.net.name("pod"), configFile.toString(), Integer.toString(killAt)))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                try {
                    String done = "DONE " + killAt;
                    Poll.untilTrue(Duration.ofSeconds(30), "child to finish step " + killAt + " (log " + log + ")",
                            () -> read(log).contains(done) || !child.isAlive());
                    assertThat(read(log)).as("child log").contains(done);
                } finally {
                    child.destroyForcibly();
                    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                }
                assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

                apply(f, config, StepHook.NONE);
                BridgeBindingIT.assertRestored(f, applied, "rerun after SIGKILL after step " + killAt);
                teardown(f, config);
                BridgeBindingIT.assertRestored(f, original, "teardown after SIGKILL after step " + killAt);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int apply(PodFixture f, PodConfig config, StepHook hook) throws IOException {
        try (NetNamespace ns = NetNamespace.open(f.net.name("pod")); PodKernel k = PodKernel.in(ns)) {
            return BridgeBinding.using(config, k, hook).apply().steps().size();
        }
    }

    private static void teardown(PodFixture f, PodConfig config) throws IOException {
        try (NetNamespace ns = NetNamespace.open(f.net.name("pod")); PodKernel k = PodKernel.in(ns)) {
            BridgeBinding.using(config, k, StepHook.NONE).teardown();
        }
    }
}
