package io.k6t.net.it.kubevirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs CNI plugins the way a container runtime does: inside the test's "node" namespace (so their
 * host-side links and routes land there), the command and attachment in {@code CNI_*} variables of
 * an otherwise clean environment, the configuration on stdin, stdout and stderr kept apart.
 */
final class CniRuntime {
    static final Path REFERENCE_PLUGINS = Path.of("/usr/lib/cni");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..")
            .normalize();

    private final TestNetwork net;
    private final Path logs;
    private final Optional<Path> daemonSocket;

    /** A runtime whose k6t-net plugin always runs in-process (it is told no daemon socket). */
    CniRuntime(TestNetwork net, Path logs) {
        this(net, logs, Optional.empty());
    }

    /** A runtime whose k6t-net plugin forwards to the daemon on {@code daemonSocket} when one answers there. */
    CniRuntime(TestNetwork net, Path logs, Optional<Path> daemonSocket) {
        this.net = net;
        this.logs = logs;
        this.daemonSocket = daemonSocket;
        Prerequisites.requireTool("ip", "iproute2");
        if (!Files.isExecutable(REFERENCE_PLUGINS.resolve("ptp"))) {
            throw new AssertionError("integration test needs /usr/lib/cni/ptp (Debian package"
                    + " containernetworking-plugins); run scripts/install-deps.sh as root");
        }
    }

    /** {@code bin/k6t-net} of this checkout (the node daemon is {@code k6t-net cni-daemon}). */
    static Path k6tNetCommand() {
        return ROOT.resolve("bin/k6t-net");
    }

    /** {@code bin/k6t-net-cni} of this checkout, after checking that its jar was built. */
    static Path k6tNet() {
        Path wrapper = ROOT.resolve("bin/k6t-net-cni");
        try (var jars = Files.newDirectoryStream(ROOT.resolve("cli/target"), "k6t-cli-*-cni.jar")) {
            if (!jars.iterator().hasNext()) {
                throw new AssertionError("build the CNI jar first: mvn -pl cli -am package -DskipTests");
            }
        } catch (IOException e) {
            throw new AssertionError("build the CNI jar first: mvn -pl cli -am package -DskipTests", e);
        }
        return wrapper;
    }

    static Path reference(String plugin) {
        return REFERENCE_PLUGINS.resolve(plugin);
    }

    /** One plugin invocation's outcome. */
    record Result(int exitCode, String stdout) {
        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout is no JSON document: " + stdout, e);
            }
        }
    }

    /** Runs {@code plugin} with command {@code command} on the attachment, {@code config} on stdin. */
    Result run(Path plugin, String command, String containerId, String ifname, Optional<String> netns,
            String config) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.name("node"), "env", "-i",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        String javaHome = System.getProperty("java.home");
        cmd.add("JAVA_HOME=" + javaHome);
        cmd.add("K6T_NET_CNI_SOCKET=" + daemonSocket.map(Path::toString).orElse(""));
        cmd.add("CNI_COMMAND=" + command);
        if (!containerId.isEmpty()) {
            cmd.add("CNI_CONTAINERID=" + containerId);
        }
        if (!ifname.isEmpty()) {
            cmd.add("CNI_IFNAME=" + ifname);
        }
        netns.ifPresent(n -> cmd.add("CNI_NETNS=" + n));
        cmd.add("CNI_PATH=" + REFERENCE_PLUGINS);
        cmd.add(plugin.toString());
        return exec(cmd, config, plugin.getFileName() + "-" + command);
    }

    /** Starts {@code command} in the node namespace with a clean environment (for a process the test kills). */
    Process start(List<String> command, Path log) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.name("node")));
        cmd.addAll(command);
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Debian's {@code ptp} with {@code host-local} on {@code subnet} (leases kept in {@code ipamDir}),
     * a default route through the node: the plugin object of a conflist, for {@link #config}.
     */
    static String ptp(String subnet, Path ipamDir) {
        return "{\"type\": \"ptp\", \"ipMasq\": false, \"ipam\": {\"type\": \"host-local\", \"subnet\": \""
                + subnet + "\", \"dataDir\": \"" + ipamDir + "\", \"routes\": [{\"dst\": \"0.0.0.0/0\"}]}}";
    }

    /** {@code base} (one plugin object) with {@code cniVersion}, {@code name} and, if given, {@code prevResult}. */
    static String config(String cniVersion, String name, String pluginJson, Optional<JsonNode> prevResult) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(pluginJson);
            node.put("cniVersion", cniVersion);
            node.put("name", name);
            prevResult.ifPresent(p -> node.set("prevResult", p));
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int counter;

    private Result exec(List<String> cmd, String stdin, String what) {
        Path stderr = logs.resolve(String.format("%02d-%s.stderr", ++counter, what));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The plugin stopped reading (it refused an oversized configuration): as Go's os/exec,
                // which runtimes use, the broken pipe is not the plugin's answer; its stdout is.
                if (p.isAlive() && !p.waitFor(120, TimeUnit.SECONDS)) {
                    throw new AssertionError(what + " stopped reading stdin but did not end", e);
                }
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(what + " did not end in 120 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
