package io.k6t.net.it.libvirt;

import com.google.common.escape.Escaper;
import com.google.common.xml.XmlEscapers;
import io.k6t.net.it.guest.GuestImage;
import io.k6t.net.it.guest.GuestReport;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.libvirt.LibvirtConnector;
import io.k6t.net.libvirt.LibvirtException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real libvirtd (Debian 12's libvirt-daemon + libvirt-daemon-driver-qemu) started inside a test
 * namespace, touching nothing of the host. {@code ip netns exec} gives it a private mount
 * namespace, where a wrapper bind-mounts, all from {@code dir}: a config dir over
 * {@code /etc/libvirt}, a {@code /var}, a {@code /run} (so its sockets and QEMU pid files are
 * reachable from the test at {@code dir/run}), and copies of {@code /etc/passwd} and
 * {@code /etc/group} that add the {@code libvirt-qemu} user the QEMU driver looks up. QEMU runs as
 * root without confinement, cgroups or namespaces ({@code qemu.conf}), in the test's namespace, so
 * it opens the taps made there. {@link #close()} stops libvirtd by PID and ends any QEMU it left,
 * by the PIDs in its pid files.
 */
public final class PodLibvirtd implements AutoCloseable {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /** The first connection waits for the QEMU capability probe, about 4 s here. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Process daemon;

    private PodLibvirtd(Path dir, Process daemon) {
        this.dir = dir;
        this.daemon = daemon;
    }

    /** Starts libvirtd in {@code role}'s namespace with all its state under {@code dir}; waits for its socket. */
    public static PodLibvirtd start(TestNetwork net, String role, Path dir) throws IOException {
        Path libvirtd = Prerequisites.requireTool("libvirtd", "libvirt-daemon");
        Prerequisites.requireTool("qemu-system-x86_64", "qemu-system-x86");
        Path etc = Files.createDirectories(dir.resolve("etc-libvirt"));
        Path var = Files.createDirectories(dir.resolve("var"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(etc.resolve("libvirtd.conf"), String.join("\n",
                "auth_unix_rw = \"none\"",
                "auth_unix_ro = \"none\"",
                "unix_sock_rw_perms = \"0700\"",
                "log_outputs = \"3:file:" + dir.resolve("libvirtd.log") + "\"",
                ""));
        Files.writeString(etc.resolve("qemu.conf"), String.join("\n",
                "user = \"root\"",
                "group = \"root\"",
                "security_driver = \"none\"",
                "cgroup_controllers = [ ]",
                "namespaces = [ ]",
                "stdio_handler = \"file\"",
                "dynamic_ownership = 0",
                ""));
        Path passwd = withLine(Path.of("/etc/passwd"), dir.resolve("passwd"), "libvirt-qemu:",
                "libvirt-qemu:x:64055:64055:Libvirt Qemu:/var/lib/libvirt:/usr/sbin/nologin");
        Path group = withLine(Path.of("/etc/group"), dir.resolve("group"), "libvirt-qemu:", "libvirt-qemu:x:64055:");
        String wrapper = "set -e; mount --bind \"$1\" /etc/libvirt; mount --bind \"$2\" /var;"
                + " mount --bind \"$3\" /run; mount --bind \"$4\" /etc/passwd; mount --bind \"$5\" /etc/group;"
                + " exec \"$6\" -f /etc/libvirt/libvirtd.conf";
        Process daemon = net.start(role, dir.resolve("libvirtd.out"), "sh", "-c", wrapper, "sh",
                etc.toString(), var.toString(), run.toString(), passwd.toString(), group.toString(),
                libvirtd.toString());
        PodLibvirtd pod = new PodLibvirtd(dir, daemon);
        try {
            Poll.untilTrue(SOCKET_TIMEOUT, "libvirtd to listen on " + pod.socket(), () -> {
                if (!daemon.isAlive()) {
                    throw new AssertionError("libvirtd exited with " + daemon.exitValue() + ":\n" + pod.logs());
                }
                return Files.exists(pod.socket()) && pod.listening();
            });
        } catch (RuntimeException | Error e) {
            pod.close();
            throw e;
        }
        return pod;
    }

    /** The client URI: the QEMU driver through this daemon's socket. */
    public String uri() {
        return "qemu+unix:///system?socket=" + socket();
    }

    /** Opens a connection within {@link #CONNECT_TIMEOUT}. */
    public LibvirtConnector connect() throws LibvirtException {
        CompletableFuture<LibvirtConnector> open = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                open.complete(LibvirtConnector.open(uri()));
            } catch (LibvirtException | RuntimeException e) {
                open.completeExceptionally(e);
            }
        }, "libvirt-open");
        opener.setDaemon(true);
        opener.start();
        try {
            return open.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LibvirtException le) {
                throw le;
            }
            throw new AssertionError("opening " + uri() + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no connection to " + uri() + " within " + CONNECT_TIMEOUT + "\n" + logs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * A q35 TCG domain {@code name} booting the test guest directly (no disk, no firmware boot menu)
     * with the kernel command line {@code cmdline}, its serial console written to {@code console},
     * destroyed (not rebooted) when the guest powers off or panics; no {@code <interface>} yet. The
     * kernel and initrd are copied into {@code dir}: libvirtd runs with a private {@code /var}, where
     * the image cache is not.
     */
    public static String directBootDomain(String name, GuestImage image, Path dir, String cmdline, Path console)
            throws IOException {
        Path kernel = Files.copy(image.uncompressedKernel(), dir.resolve(name + "-vmlinux"),
                StandardCopyOption.REPLACE_EXISTING);
        Path initrd = Files.copy(image.initrd(), dir.resolve(name + "-initrd.cpio.gz"),
                StandardCopyOption.REPLACE_EXISTING);
        Escaper xml = XmlEscapers.xmlAttributeEscaper();
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='MiB'>256</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='q35'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>%s</cmdline>
                  </os>
                  <features>
                    <acpi/>
                  </features>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>destroy</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <emulator>/usr/bin/qemu-system-x86_64</emulator>
                    <serial type='file'>
                      <source path='%s'/>
                      <target port='0'/>
                    </serial>
                    <controller type='usb' model='none'/>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(xml.escape(name), xml.escape(kernel.toString()), xml.escape(initrd.toString()),
                xml.escape(cmdline), xml.escape(console.toString()));
    }

    /**
     * Waits until the guest of {@code domain} (a {@link #directBootDomain}) printed {@code K6T-DONE} on
     * {@code console} and the domain shut off (the guest powers off after it), then parses its report;
     * fails with the console and this daemon's logs.
     */
    public GuestReport awaitPowerOff(LibvirtConnector libvirt, String domain, Path console, Duration timeout) {
        try {
            Poll.untilTrue(timeout, "guest K6T-DONE and domain " + domain + " shut off",
                    () -> read(console).contains("K6T-DONE") && !isActive(libvirt, domain));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- console ---\n" + read(console) + "\n" + logs(), e);
        }
        return GuestReport.parse(read(console));
    }

    /** libvirtd's PID, which is the started process's (the wrapper execs libvirtd). */
    public long pid() {
        return daemon.pid();
    }

    /** The QEMU processes of this daemon's running domains, from its pid files. */
    public List<ProcessHandle> qemuProcesses() {
        Path pidDir = dir.resolve("run/libvirt/qemu");
        if (!Files.isDirectory(pidDir)) {
            return List.of();
        }
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(pidDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (text.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(text))
                            .filter(p -> p.info().command().orElse("").contains("qemu-system"))
                            .ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** libvirtd's log, its output and the QEMU logs, for failure messages. */
    public String logs() {
        StringBuilder s = new StringBuilder();
        append(s, dir.resolve("libvirtd.out"));
        append(s, dir.resolve("libvirtd.log"));
        Path qemuLogs = dir.resolve("var/log/libvirt/qemu");
        if (Files.isDirectory(qemuLogs)) {
            try (Stream<Path> files = Files.list(qemuLogs)) {
                files.forEach(f -> append(s, f));
            } catch (IOException e) {
                s.append("(cannot list ").append(qemuLogs).append(": ").append(e).append(")\n");
            }
        }
        return s.toString();
    }

    /** Stops libvirtd by its PID (SIGTERM, then SIGKILL after 5 s), then ends QEMU processes it left. */
    @Override
    public void close() {
        List<ProcessHandle> qemus = qemuProcesses();
        TestNetwork.stop(daemon);
        for (ProcessHandle qemu : qemus) {
            qemu.destroy();
        }
        for (ProcessHandle qemu : qemus) {
            try {
                qemu.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                qemu.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                qemu.destroyForcibly();
            }
        }
    }

    /**
     * Whether libvirtd listens on its socket. The file appears when libvirtd binds it, a moment before
     * it listens (a connection then is refused), so the kernel's table of the daemon's Unix sockets is
     * read: {@code /proc/PID/net/unix} lists them (in libvirtd's mount namespace, its socket is
     * {@code /run/libvirt/libvirt-sock}) with flag {@code __SO_ACCEPTCON} (0x10000) once listening.
     * Read only once the file exists: libvirtd is then in the pod's network namespace, whose table
     * this is.
     */
    private boolean listening() {
        Path table = Path.of("/proc", Long.toString(daemon.pid()), "net", "unix");
        try {
            return Files.readAllLines(table, StandardCharsets.US_ASCII).stream().map(l -> l.trim().split("\\s+"))
                    .anyMatch(f -> f.length >= 8 && f[7].equals("/run/libvirt/libvirt-sock")
                            && (Integer.parseInt(f[3], 16) & 0x10000) != 0);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + table, e);
        }
    }

    private Path socket() {
        return dir.resolve("run/libvirt/libvirt-sock");
    }

    private static boolean isActive(LibvirtConnector libvirt, String domain) {
        try {
            return libvirt.isActive(domain);
        } catch (LibvirtException e) {
            throw new AssertionError("cannot read the state of " + domain, e);
        }
    }

    private static String read(Path console) {
        try {
            // Not Files.readString: firmware and kernel may print bytes that are not UTF-8.
            return new String(Files.readAllBytes(console), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path withLine(Path source, Path copy, String prefix, String line) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(source, StandardCharsets.UTF_8));
        Optional<String> present = lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
        if (present.isEmpty()) {
            lines.add(line);
        }
        Files.write(copy, lines, StandardCharsets.UTF_8);
        return copy;
    }

    private static void append(StringBuilder s, Path file) {
        if (Files.exists(file)) {
            try {
                s.append("==> ").append(file).append(" <==\n").append(Files.readString(file)).append('\n');
            } catch (IOException e) {
                s.append("(cannot read ").append(file).append(": ").append(e).append(")\n");
            }
        }
    }
}
