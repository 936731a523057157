package io.k6t.net.it.cli;

import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/k6t-net} of this checkout as a separate process (host namespace or inside a test
 * namespace), with stdout and stderr kept apart, the way a user or a launcher runs it.
 */
final class K6tNetCli {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..")
            .normalize();

    private K6tNetCli() {
    }

    /** The repository root of this checkout. */
    static Path root() {
        return ROOT;
    }

    /** The wrapper script, after checking that the shaded jar it runs was built. */
    static Path wrapper() {
        Path wrapper = ROOT.resolve("bin/k6t-net");
        if (!Files.isExecutable(wrapper)) {
            throw new AssertionError("missing executable " + wrapper);
        }
        shadedJar();
        return wrapper;
    }

    /** The shaded jar the build made ({@code cli/target/k6t-cli-*-shaded.jar}). */
    static Path shadedJar() {
        Path target = ROOT.resolve("cli/target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "k6t-cli-*-shaded.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            throw new AssertionError("no cli/target: build the cli module first (mvn verify builds it)", e);
        }
        throw new AssertionError("no cli/target/k6t-cli-*-shaded.jar: build the cli module first");
    }

    /** Runs {@code k6t-net args} in the test's own namespace and waits (at most 60 s) for it. */
    static Run run(String... args) {
        return exec(command(List.of(), args));
    }

    /** Runs {@code k6t-net args} inside {@code role}'s namespace of {@code net}. */
    static Run runIn(TestNetwork net, String role, String... args) {
        return exec(command(List.of("ip", "netns", "exec", net.name(role)), args));
    }

    /** Starts a long-running {@code k6t-net args} inside {@code role}'s namespace; {@code net} ends it. */
    static Process startIn(TestNetwork net, String role, Path log, String... args) {
        List<String> full = new ArrayList<>();
        full.add(wrapper().toString());
        full.addAll(List.of(args));
        return net.start(role, log, full.toArray(String[]::new));
    }

    /**
     * Starts a long-running {@code k6t-net args} in the test's own namespace, stdout and stderr to
     * {@code log}; the caller ends it with {@link TestNetwork#stop(Process)}.
     */
    static Process start(Path log, String... args) {
        try {
            return new ProcessBuilder(command(List.of(), args))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start k6t-net " + List.of(args), e);
        }
    }

    private static List<String> command(List<String> prefix, String... args) {
        List<String> full = new ArrayList<>(prefix);
        full.add(wrapper().toString());
        full.addAll(List.of(args));
        return full;
    }

    private static Run exec(List<String> command) {
        try {
            Path out = Files.createTempFile("k6t-cli-out", ".txt");
            Path err = Files.createTempFile("k6t-cli-err", ".txt");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    TestNetwork.stop(process);
                    throw new AssertionError("did not end within 60 s: " + String.join(" ", command));
                }
                return new Run(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** A finished run: exit code and the two streams. */
    record Run(List<String> command, int exitCode, String stdout, String stderr) {
        /** The non-empty lines of stderr. */
        List<String> stderrLines() {
            return stderr.lines().filter(line -> !line.isBlank()).toList();
        }

        /** The non-empty lines of stdout. */
        List<String> stdoutLines() {
            return stdout.lines().filter(line -> !line.isBlank()).toList();
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n"
                    + stderr;
        }
    }
}
