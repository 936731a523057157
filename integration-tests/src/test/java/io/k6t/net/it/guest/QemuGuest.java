package io.k6t.net.it.guest;

import com.google.common.net.InetAddresses;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The test guest running under QEMU (TCG, no KVM needed) inside a test namespace, one virtio-net
 * NIC per tap. Its console goes to a log file; {@link #awaitDone} waits for the init's
 * {@code K6T-DONE} and parses the report. {@link #close()} ends QEMU by its PID.
 *
 * <pre>{@code
 * try (QemuGuest guest = QemuGuest.builder(GuestImage.build())
 *         .nic("tap0", "02:00:00:74:17:75")
 *         .console(tmp.resolve("guest.log"))
 *         .start(net, "pod")) {
 *     GuestReport report = guest.awaitDone(Duration.ofSeconds(90));
 * }
 * }</pre>
 */
public final class QemuGuest implements AutoCloseable {
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final int TAIL_LINES = 40;

    private final Process process;
    private final Path console;
    private final List<String> command;

    private QemuGuest(Process process, Path console, List<String> command) {
        this.process = process;
        this.console = console;
        this.command = List.copyOf(command);
    }

    /** A guest booting {@code image}; add at least one NIC. */
    public static Builder builder(GuestImage image) {
        return new Builder(image);
    }

    /**
     * Waits until the guest printed {@code K6T-DONE} (and QEMU exited after the power-off), then
     * parses its report. Fails with the console's last lines if QEMU exits first or time runs out.
     */
    public GuestReport awaitDone(Duration timeout) {
        try {
            Poll.untilTrue(timeout, "guest K6T-DONE on " + console,
                    () -> consoleText().contains("K6T-DONE") || !process.isAlive());
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "\n" + tail(consoleText()), timedOut);
        }
        try {
            // After K6T-DONE the init powers off at once (unless k6t.hold): QEMU exits by itself.
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for QEMU to exit", e);
        }
        String text = consoleText();
        if (!text.contains("K6T-DONE")) {
            throw new AssertionError("QEMU exited (" + process.exitValue() + ") before K6T-DONE; command: "
                    + String.join(" ", command) + "\n" + tail(text));
        }
        return GuestReport.parse(text);
    }

    /** Everything the guest printed so far. */
    public String consoleText() {
        try {
            // Not Files.readString: firmware and kernel may print bytes that are not UTF-8.
            return new String(Files.readAllBytes(console), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read guest console " + console, e);
        }
    }

    /** The console log file. */
    public Path console() {
        return console;
    }

    /** QEMU's process (its PID is QEMU's: {@code ip netns exec} execs it). */
    public Process process() {
        return process;
    }

    /** The command QEMU was started with, namespace prefix excluded. */
    public List<String> command() {
        return command;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            TestNetwork.stop(process);
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return "--- last guest console lines ---\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private record Nic(String tap, String mac, int queues) {
    }

    /** Guest settings, each validated as it is set; they become QEMU options and kernel arguments. */
    public static final class Builder {
        private final GuestImage image;
        private final List<Nic> nics = new ArrayList<>();
        private final List<String> kernelArguments = new ArrayList<>();
        private Path console;
        private int memoryMegabytes = 256;
        private Optional<String> ping = Optional.empty();
        private Optional<String> ping6 = Optional.empty();
        private final List<String> dhcp6 = new ArrayList<>();
        private boolean dhcp4 = true;
        private Optional<String> defaultInterface = Optional.empty();
        private Optional<String> previousAddress = Optional.empty();
        private Duration dhcpTimeout = Duration.ofSeconds(20);
        private boolean renewOnce;

        private Builder(GuestImage image) {
            this.image = image;
        }

        /** Adds a virtio-net NIC on an existing tap; the n-th NIC is the guest's {@code eth<n-1>}. */
        public Builder nic(String tap, String mac) {
            return nic(tap, mac, 1);
        }

        /**
         * Adds a multiqueue virtio-net NIC: {@code queues} > 1 needs a tap created with
         * {@code IFF_MULTI_QUEUE} ({@code ip tuntap add ... multi_queue}), as k6t-net makes for
         * {@code queues} > 1.
         */
        public Builder nic(String tap, String mac, int queues) {
            if (queues < 1 || queues > 16) {
                throw new IllegalArgumentException("queues: " + queues + " (expected: 1..16)");
            }
            requireMatch("tap", tap, IFACE);
            String lower = mac.toLowerCase(Locale.ROOT);
            requireMatch("mac", lower, MAC);
            if ((Integer.parseInt(lower.substring(0, 2), 16) & 1) != 0) {
                throw new IllegalArgumentException("mac: " + mac + " (expected: unicast)");
            }
            nics.add(new Nic(tap, lower, queues));
            return this;
        }

        /** Where the serial console is written (appended). Required. */
        public Builder console(Path log) {
            this.console = log;
            return this;
        }

        /** The NIC whose lease sets the default route, hostname and DNS (default: {@code eth0}). */
        public Builder defaultInterface(String iface) {
            requireMatch("defaultInterface", iface, IFACE);
            this.defaultInterface = Optional.of(iface);
            return this;
        }

        /** The ping target (default: the default route's gateway). */
        public Builder ping(String address) {
            requireMatch("ping", address, IPV4);
            this.ping = Optional.of(address);
            return this;
        }

        /** No ping after DHCP. */
        public Builder noPing() {
            this.ping = Optional.of("none");
            return this;
        }

        /**
         * {@code iface} also runs DHCPv6 (ISC dhclient -6, alongside DHCPv4 unless {@link #noDhcp4()});
         * its IPv6 default route comes from the router advertisement. The guest reports
         * {@link GuestReport#ipv6()} and, for the default interface, pings its IPv6 router unless
         * {@link #ping6} names another target.
         */
        public Builder dhcp6(String iface) {
            requireMatch("dhcp6", iface, IFACE);
            dhcp6.add(iface);
            return this;
        }

        /** No NIC runs DHCPv4 (an IPv6-only guest: with {@link #dhcp6}). */
        public Builder noDhcp4() {
            this.dhcp4 = false;
            return this;
        }

        /** The IPv6 ping target (default: the default interface's IPv6 router, when it runs DHCPv6). */
        public Builder ping6(String address) {
            if (!InetAddresses.isInetAddress(address) || !(InetAddresses.forString(address) instanceof Inet6Address)) {
                throw new IllegalArgumentException("ping6: '" + address + "' (expected: an IPv6 address)");
            }
            this.ping6 = Optional.of(address);
            return this;
        }

        /** How long each NIC's client tries before giving up (K6T-NOLEASE); whole seconds, >= 1. */
        public Builder dhcpTimeout(Duration timeout) {
            if (timeout.getSeconds() < 1) {
                throw new IllegalArgumentException("dhcpTimeout: " + timeout + " (expected: >= 1 s)");
            }
            this.dhcpTimeout = timeout;
            return this;
        }

        /**
         * The guest remembers a lease of {@code cidr} ({@code a.b.c.d/len}) on {@code iface}: its
         * client (ISC dhclient) starts in INIT-REBOOT and REQUESTs that address before any DISCOVER.
         */
        public Builder previousAddress(String iface, String cidr) {
            requireMatch("previousAddress iface", iface, IFACE);
            String[] parts = cidr.split("/", -1);
            if (parts.length != 2 || !IPV4.matcher(parts[0]).matches() || !parts[1].matches("\\d{1,2}")
                    || Integer.parseInt(parts[1]) > 32) {
                throw new IllegalArgumentException("previousAddress: " + cidr + " (expected: a.b.c.d/len)");
            }
            this.previousAddress = Optional.of(iface + ":" + cidr);
            return this;
        }

        /**
         * After every NIC is bound, each udhcpc NIC renews once (SIGUSR1: a unicast REQUEST to the
         * server id) and the guest reports {@link GuestReport.Renewal}; each DHCPv6 NIC waits up to
         * 30 s for its client's own Renew at T1 (give the pod a short lease) and the guest reports
         * {@link GuestReport.Renewal6}.
         */
        public Builder renewOnce() {
            this.renewOnce = true;
            return this;
        }

        /** Guest RAM (default 256 MiB). */
        public Builder memoryMegabytes(int megabytes) {
            if (megabytes < 128) {
                throw new IllegalArgumentException("memoryMegabytes: " + megabytes + " (expected: >= 128)");
            }
            this.memoryMegabytes = megabytes;
            return this;
        }

        /** One more kernel command line word, e.g. {@code k6t.hold=5}; no spaces. */
        public Builder kernelArgument(String argument) {
            if (argument.isEmpty() || argument.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("kernelArgument: '" + argument + "' (expected: one word)");
            }
            kernelArguments.add(argument);
            return this;
        }

        /** The kernel command line these settings give (also what a libvirt domain's cmdline needs). */
        public String kernelCommandLine() {
            List<String> words = new ArrayList<>(List.of("console=ttyS0", "quiet", "panic=-1"));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < nics.size(); i++) {
                names.add("eth" + i);
            }
            if (!names.isEmpty()) {
                words.add("k6t.nics=" + String.join(",", names));
            }
            defaultInterface.ifPresent(i -> words.add("k6t.default_iface=" + i));
            ping.ifPresent(p -> words.add("k6t.ping=" + p));
            if (!dhcp4) {
                words.add("k6t.dhcp4=none");
            }
            if (!dhcp6.isEmpty()) {
                words.add("k6t.dhcp6=" + String.join(",", dhcp6));
            }
            ping6.ifPresent(p -> words.add("k6t.ping6=" + p));
            words.add("k6t.dhcp_timeout=" + dhcpTimeout.getSeconds());
            previousAddress.ifPresent(p -> words.add("k6t.prev_ip=" + p));
            if (renewOnce) {
                words.add("k6t.renew=1");
            }
            words.addAll(kernelArguments);
            return String.join(" ", words);
        }

        /** The QEMU command line. */
        public List<String> qemuCommand() {
            if (nics.isEmpty()) {
                throw new IllegalStateException("guest has no NIC: call nic(tap, mac)");
            }
            List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-nographic",
                    "-no-reboot", "-m", Integer.toString(memoryMegabytes),
                    "-kernel", image.uncompressedKernel().toString(), "-initrd", image.initrd().toString(),
                    "-append", kernelCommandLine()));
            for (int i = 0; i < nics.size(); i++) {
                Nic nic = nics.get(i);
                String netdev = "tap,id=n" + i + ",ifname=" + nic.tap() + ",script=no,downscript=no";
                String device = "virtio-net-pci,netdev=n" + i + ",mac=" + nic.mac() + ",romfile=";
                if (nic.queues() > 1) {
                    // One MSI-X vector per rx and tx queue, plus config and control (QEMU's rule).
                    netdev += ",queues=" + nic.queues();
                    device += ",mq=on,vectors=" + (2 * nic.queues() + 2);
                }
                cmd.addAll(List.of("-netdev", netdev, "-device", device));
            }
            return cmd;
        }

        /** Starts QEMU in {@code role}'s namespace of {@code net}, where the taps must exist. */
        public QemuGuest start(TestNetwork net, String role) {
            if (console == null) {
                throw new IllegalStateException("guest console log not set: call console(path)");
            }
            Prerequisites.requireTool("qemu-system-x86_64", "qemu-system-x86");
            List<String> cmd = qemuCommand();
            Process process = net.start(role, console, cmd.toArray(String[]::new));
            return new QemuGuest(process, console, cmd);
        }

        private static void requireMatch(String field, String value, Pattern pattern) {
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException(field + ": '" + value + "' (expected: " + pattern.pattern() + ")");
            }
        }
    }
}
