package io.k6t.net.launcher.netlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Network sysctls, read and written under {@code /proc/sys/net} of the calling thread's network
 * namespace (call inside {@code NetNamespace.run} for another namespace). Keys are validated so that
 * nothing outside {@code /proc/sys/net} is ever touched.
 */
public final class Sysctl {
    private static final Path ROOT = Path.of("/proc/sys/net");

    private Sysctl() {
    }

    /**
     * The value of {@code key}, trailing newline removed. Equivalent to: {@code sysctl -n KEY}.
     *
     * @param key dotted ({@code net.ipv4.conf.all.arp_ignore}) or slashed
     *     ({@code net/ipv4/conf/eth0.100/rp_filter}, needed when a component contains a dot)
     */
    public static String read(String key) throws IOException {
        Path path = path(key);
        try {
            String value = Files.readString(path, StandardCharsets.UTF_8);
            return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (IOException e) {
            throw new IOException("sysctl " + key + ": cannot read " + path + ": " + e, e);
        }
    }

    /** Sets {@code key} to {@code value}. Equivalent to: {@code sysctl -w KEY=VALUE}. */
    public static void write(String key, String value) throws IOException {
        if (value.isEmpty() || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("sysctl " + key + ": value '" + value
                    + "' (expected: non-empty, one line)");
        }
        Path path = path(key);
        try {
            Files.writeString(path, value, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("sysctl " + key + ": cannot write '" + value + "' to " + path + ": " + e, e);
        }
    }

    /** The file of {@code key} under {@code /proc/sys/net}; throws naming the key if it would leave it. */
    public static Path path(String key) {
        List<String> components = key.indexOf('/') >= 0 ? List.of(key.split("/", -1)) : List.of(key.split("\\.", -1));
        if (components.size() < 2 || !components.get(0).equals("net")) {
            throw new IllegalArgumentException("sysctl key '" + key + "' (expected: net.<...>, e.g. "
                    + "net.ipv4.conf.all.arp_ignore)");
        }
        Path path = ROOT;
        for (String component : components.subList(1, components.size())) {
            if (component.isEmpty() || component.equals(".") || component.equals("..") || component.indexOf('\0') >= 0
                    || component.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("sysctl key '" + key + "' has an invalid component '"
                        + component + "'");
            }
            path = path.resolve(component);
        }
        if (!path.normalize().startsWith(ROOT)) {
            throw new IllegalArgumentException("sysctl key '" + key + "' leaves " + ROOT);
        }
        return path;
    }
}
