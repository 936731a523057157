package io.k6t.net.it.guest;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * dnsmasq (package dnsmasq-base, no service) as a peer DHCP server on one interface of a test
 * namespace, serving fixed leases by MAC, authoritative (it NAKs a REQUEST for any other address).
 * See RECIPES.md "Peer servers".
 */
public final class Dnsmasq {
    private final String iface;
    private final String network;
    private final String netmask;
    private final List<String> arguments = new ArrayList<>();
    private String range = "static";

    private Dnsmasq(String iface, String network, String netmask) {
        this.iface = iface;
        this.network = network;
        this.netmask = netmask;
    }

    /** A server bound to {@code iface}, leasing static addresses in {@code network}/{@code netmask}. */
    public static Dnsmasq on(String iface, String network, String netmask) {
        return new Dnsmasq(iface, network, netmask);
    }

    /**
     * Answers every client, leasing from {@code first} to {@code last} (a foreign server on a shared
     * link), besides the static hosts.
     */
    public Dnsmasq anyClient(String first, String last) {
        range = first + "," + last;
        return this;
    }

    /** Any other dnsmasq argument, e.g. {@code --enable-ra}. */
    public Dnsmasq argument(String argument) {
        arguments.add(argument);
        return this;
    }

    /** Leases {@code address} (and option 12 {@code hostname}) to {@code mac}. */
    public Dnsmasq host(String mac, String address, String hostname) {
        arguments.add("--dhcp-host=" + mac + "," + address + "," + hostname);
        return this;
    }

    /** One {@code --dhcp-option} value, e.g. {@code option:router,10.244.1.1} or {@code 26,1450}. */
    public Dnsmasq option(String value) {
        arguments.add("--dhcp-option=" + value);
        return this;
    }

    /**
     * Starts dnsmasq in {@code role}'s namespace with its lease and pid files and log in {@code dir}
     * and waits until it holds its lease file (it has bound port 67 by then).
     */
    public Process start(TestNetwork net, String role, Path dir) {
        Prerequisites.requireTool("dnsmasq", "dnsmasq-base");
        Path leases = dir.resolve("dnsmasq-" + iface + ".leases");
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
                "--port=0", "--interface=" + iface, "--bind-interfaces", "--except-interface=lo",
                "--dhcp-range=" + (range.equals("static") ? network + ",static" : range) + "," + netmask + ",1h",
                "--dhcp-authoritative", "--no-ping",
                "--log-dhcp", "--log-facility=-", "--dhcp-leasefile=" + leases,
                "--pid-file=" + dir.resolve("dnsmasq-" + iface + ".pid"), "--user=root"));
        cmd.addAll(arguments);
        Process process = net.start(role, dir.resolve("dnsmasq-" + iface + ".log"), cmd.toArray(String[]::new));
        Poll.untilTrue(Duration.ofSeconds(10), "dnsmasq on " + iface + " to start", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("dnsmasq on " + iface + " exited (" + process.exitValue() + "), see "
                        + dir.resolve("dnsmasq-" + iface + ".log"));
            }
            return Files.exists(leases);
        });
        return process;
    }
}
