package io.k6t.net.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throw-away network namespaces for one test: created with unique names, every process started in
 * them is tracked by PID and ended on {@link #close()}, and the namespaces are deleted then (also
 * by a shutdown hook if the JVM exits first). Use in try-with-resources so a failing test cleans up.
 *
 * <pre>{@code
 * try (TestNetwork net = TestNetwork.create("pod", "guest")) {
 *     net.exec("pod", "ip", "link", "add", "k6t-eth0", "type", "bridge");
 * }
 * }</pre>
 */
public final class TestNetwork implements AutoCloseable {
    /** How long {@link #stop} waits after SIGTERM before SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> names = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::cleanUp, "k6t-it-netns-cleanup");

    private TestNetwork() {
    }

    /** Creates one namespace per role, named {@code k6tit-<role>-<pid>-<n>}, each with {@code lo} up. */
    public static TestNetwork create(String... roles) {
        Prerequisites.requireRoot();
        Prerequisites.requireTool("ip", "iproute2");
        TestNetwork net = new TestNetwork();
        Runtime.getRuntime().addShutdownHook(net.shutdownHook);
        try {
            for (String role : roles) {
                String name = "k6tit-" + role + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
                run(List.of("ip", "netns", "add", name));
                net.names.put(role, name);
                run(List.of("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"));
            }
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
        return net;
    }

    /**
     * The IPv6 link-local address of {@code dev} in {@code role} once the kernel made it and duplicate
     * address detection is over (DHCPv6 clients and servers and router advertisers bind to it and fail
     * while it is tentative).
     */
    public String linkLocal(String role, String dev) {
        String what = "a non-tentative link-local address on " + dev + " in " + role;
        return Poll.until(Duration.ofSeconds(10), what, () -> {
            try {
                for (JsonNode link : JSON.readTree(exec(role, "ip", "-6", "-j", "addr", "show", "dev", dev, "scope",
                        "link"))) {
                    for (JsonNode info : link.path("addr_info")) {
                        // iproute2 6.1 lists each address the scope filter left out as {}.
                        if (info.has("local") && !info.path("tentative").asBoolean(false)) {
                            return Optional.of(info.path("local").asText());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Optional.empty();
        });
    }

    /** The namespace name of {@code role}, as {@code ip netns} knows it. */
    public String name(String role) {
        String name = names.get(role);
        if (name == null) {
            throw new IllegalArgumentException("no namespace for role '" + role + "', have " + names.keySet());
        }
        return name;
    }

    /** The bind-mounted namespace file of {@code role}, for setns. */
    public Path path(String role) {
        return Path.of("/run/netns", name(role));
    }

    /** Runs a command inside {@code role}'s namespace; fails with its output unless it exits 0. */
    public String exec(String role, String... command) {
        return run(inNamespace(role, command));
    }

    /** Runs a command inside {@code role}'s namespace and returns its result whatever the exit code. */
    public Result execAllowingFailure(String role, String... command) {
        return runForResult(inNamespace(role, command));
    }

    /**
     * Starts a long-running command inside {@code role}'s namespace, output to {@code log}. It is
     * ended (by its PID, then its children) on {@link #close()}.
     */
    public Process start(String role, Path log, String... command) {
        ProcessBuilder pb = new ProcessBuilder(inNamespace(role, command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Process process = pb.start();
            synchronized (processes) {
                processes.add(process);
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /**
     * Ends one started process (and its descendants), by PID, waiting for it to exit: SIGTERM, then SIGKILL
     * after {@link #STOP_GRACE}. The grace is long because a first {@code bin/k6t-net} run after a build
     * writes its class-data archive when it ends, which took up to 8 s on a loaded build machine; killing it
     * meanwhile made the test see exit 137 instead of the command's own exit.
     */
    public static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the hook runs (or ran) cleanUp itself.
        }
    }

    private synchronized void cleanUp() {
        List<Process> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
            processes.clear();
        }
        for (Process process : started) {
            stop(process);
        }
        for (String name : names.values()) {
            runForResult(List.of("ip", "netns", "del", name));
        }
        names.clear();
    }

    private List<String> inNamespace(String role, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name(role)));
        full.addAll(List.of(command));
        return full;
    }

    /** Runs a host command; fails with its output unless it exits 0. */
    public static String run(List<String> command) {
        Result result = runForResult(command);
        if (result.exitCode() != 0) {
            throw new AssertionError("command failed (exit " + result.exitCode() + "): " + String.join(" ", command)
                    + "\n" + result.output());
        }
        return result.output();
    }

    /** Runs a host command and returns its exit code and combined output. */
    public static Result runForResult(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                stop(process);
                throw new AssertionError("command did not end within 60 s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }

    /** Exit code and combined stdout/stderr of a finished command. */
    public record Result(int exitCode, String output) {
    }
}
