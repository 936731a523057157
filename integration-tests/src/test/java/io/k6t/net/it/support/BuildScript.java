package io.k6t.net.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the repository's build scripts ({@code scripts/build-*.sh}) that print the path of
 * what they made as their last line of output, and returns that path; a failure or a timeout fails
 * the test with the script's error output.
 */
public final class BuildScript {
    private BuildScript() {
    }

    /** Runs {@code bash script args} within {@code timeout}; returns the last line it printed, as a path. */
    public static Path run(Path script, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        String name = script.getFileName().toString();
        try {
            Path stdout = Files.createTempFile("k6t-build", ".out");
            Path stderr = Files.createTempFile("k6t-build", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    TestNetwork.stop(process);
                    throw new AssertionError(name + " did not finish within " + timeout + ":\n"
                            + Files.readString(stderr));
                }
                List<String> lines = Files.readString(stdout).strip().lines().toList();
                if (process.exitValue() != 0 || lines.isEmpty()) {
                    throw new AssertionError(name + " failed (exit " + process.exitValue() + ", printed " + lines
                            + "):\n" + Files.readString(stderr));
                }
                return Path.of(lines.get(lines.size() - 1));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + name, e);
        }
    }
}
