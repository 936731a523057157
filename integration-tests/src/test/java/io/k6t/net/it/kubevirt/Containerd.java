package io.k6t.net.it.kubevirt;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Debian's containerd run by a test as a plain process inside a "node" namespace, with a
 * configuration, root, state and socket of its own under one directory (no CRI, no registry);
 * {@link #close()} stops it by its PID.
 */
final class Containerd implements AutoCloseable {
    private final Path ctr;
    private final Path socket;
    private final Process process;

    private Containerd(Path ctr, Path socket, Process process) {
        this.ctr = ctr;
        this.socket = socket;
        this.process = process;
    }

    /** Starts containerd in {@code role}'s namespace with everything under {@code dir}; waits until it serves. */
    static Containerd start(TestNetwork net, String role, Path dir) throws IOException {
        Path containerd = Prerequisites.requireTool("containerd", "containerd");
        Path ctr = Prerequisites.requireTool("ctr", "containerd");
        Prerequisites.requireTool("nsenter", "util-linux");
        Path socket = dir.resolve("containerd.sock");
        Path config = Files.writeString(dir.resolve("config.toml"), "version = 2\nroot = \"" + dir.resolve("root")
                + "\"\nstate = \"" + dir.resolve("state") + "\"\n"
                + "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n[grpc]\n  address = \"" + socket + "\"\n");
        // nsenter, not ip netns exec: runc needs the cgroup mounts under /sys that ip netns exec hides.
        Process process = new ProcessBuilder("nsenter", "--net=" + net.path(role), containerd.toString(), "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile())
                .start();
        Containerd started = new Containerd(ctr, socket, process);
        try {
            Poll.untilTrue(Duration.ofSeconds(60), "containerd to serve " + socket, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("containerd exited with " + process.exitValue() + " (log in " + dir + ")");
                }
                return TestNetwork.runForResult(started.ctr("version")).exitCode() == 0;
            });
        } catch (RuntimeException | Error e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** The command line {@code ctr --address SOCKET args}. */
    List<String> ctr(String... args) {
        List<String> command = new ArrayList<>(List.of(ctr.toString(), "--address", socket.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Loads an OCI archive as image {@code name} ({@code ctr image import --index-name}). */
    void importImage(Path tar, String name) {
        TestNetwork.run(ctr("image", "import", "--index-name", name, tar.toString()));
    }

    /** The PID of {@code container}'s task once it is running. */
    Optional<Long> taskPid(String container) {
        TestNetwork.Result tasks = TestNetwork.runForResult(ctr("task", "ls"));
        for (String line : tasks.output().split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 3 && words[0].equals(container) && words[2].equals("RUNNING")) {
                return Optional.of(Long.parseLong(words[1]));
            }
        }
        return Optional.empty();
    }

    /**
     * Kills and deletes every container left (a test that failed midway leaves its task running, and
     * its shim and mounts outlive containerd), then stops containerd by its PID.
     */
    @Override
    public void close() {
        try {
            for (String container : TestNetwork.runForResult(ctr("container", "ls", "-q")).output().split("\n")) {
                if (container.isBlank()) {
                    continue;
                }
                TestNetwork.runForResult(ctr("task", "kill", "-s", "KILL", container));
                Poll.untilTrue(Duration.ofSeconds(30), "container " + container + " to stop",
                        () -> taskPid(container).isEmpty());
                TestNetwork.runForResult(ctr("task", "delete", container));
                TestNetwork.runForResult(ctr("container", "delete", container));
            }
        } finally {
            TestNetwork.stop(process);
        }
    }
}
