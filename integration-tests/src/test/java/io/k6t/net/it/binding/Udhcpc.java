package io.k6t.net.it.binding;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * busybox udhcpc in the guest namespace, staying in the foreground: its hook applies each lease
 * (address, classless routes or router) and appends one line per event ({@code bound}, {@code renew},
 * {@code deconfig}, ...) to a file the test reads. SIGUSR1 renews by unicast to the server.
 */
public final class Udhcpc {
    private final TestNetwork net;
    private final Process process;
    private final Path events;

    private Udhcpc(TestNetwork net, Process process, Path events) {
        this.net = net;
        this.process = process;
        this.events = events;
    }

    public static Udhcpc start(TestNetwork net, String role, String iface, Path dir) {
        Prerequisites.requireTool("udhcpc", "udhcpc");
        try {
            Path events = dir.resolve("udhcpc-" + iface + ".events");
            Path hook = dir.resolve("udhcpc-" + iface + ".hook");
            Files.writeString(hook, "#!/bin/sh\n"
                    + "event=$1\n"
                    + "case \"$1\" in\n"
                    + "  deconfig) ip -4 addr flush dev $interface ;;\n"
                    + "  bound|renew)\n"
                    + "    ip addr replace $ip/$mask dev $interface\n"
                    + "    if [ -n \"$staticroutes\" ]; then\n"
                    + "      set -- $staticroutes\n"
                    + "      while [ $# -ge 2 ]; do\n"
                    + "        if [ \"$2\" = 0.0.0.0 ]; then ip route replace $1 dev $interface;\n"
                    + "        else ip route replace $1 via $2 dev $interface; fi\n"
                    + "        shift 2\n"
                    + "      done\n"
                    + "    elif [ -n \"$router\" ]; then ip route replace default via $router dev $interface; fi ;;\n"
                    + "esac\n"
                    // The event is written once the address is configured: a test that saw "bound" and
                    // stops the client at once must not kill the hook before it set the address.
                    + "echo \"$event ip=$ip mask=$mask router=$router staticroutes=$staticroutes mtu=$mtu"
                    + " hostname=$hostname search=$search dns=$dns\" >> " + events + "\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
            Process p = net.start(role, dir.resolve("udhcpc-" + iface + ".log"), "udhcpc", "-i", iface, "-f",
                    "-t", "5", "-T", "1", "-O", "staticroutes", "-O", "search", "-O", "mtu", "-O", "hostname",
                    "-s", hook.toString());
            return new Udhcpc(net, p, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every event line so far. */
    public List<String> events() {
        try {
            return Files.exists(events) ? Files.readAllLines(events) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the first event (from index {@code from}) starting with one of {@code kinds}. */
    public String await(int from, Duration timeout, String... kinds) {
        return Poll.until(timeout, "udhcpc event " + List.of(kinds) + " after #" + from + ", have " + events(),
                () -> {
                    List<String> all = events();
                    for (int i = from; i < all.size(); i++) {
                        for (String kind : kinds) {
                            if (all.get(i).startsWith(kind + " ")) {
                                return Optional.of(all.get(i));
                            }
                        }
                    }
                    return Optional.empty();
                });
    }

    /** SIGUSR1: renew now, by unicast to the server identifier. */
    public void renew() {
        // ip netns exec execs udhcpc in place: the process's PID is udhcpc's.
        TestNetwork.run(List.of("kill", "-USR1", Long.toString(process.pid())));
    }

    public void stop() {
        TestNetwork.stop(process);
    }

    TestNetwork net() {
        return net;
    }
}
