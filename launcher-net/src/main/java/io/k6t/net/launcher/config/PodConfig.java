package io.k6t.net.launcher.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pod configuration: where state lives, the DNS and host names the guest gets, and the
 * interfaces to bind. Read it with {@link #read(Path)} or {@link #parse(String)}; build it in code
 * with the canonical constructor, which checks what the JSON reader checks.
 *
 * <pre>{@code
 * {"stateDir": "/var/run/k6t-net", "resolvConf": "/etc/resolv.conf", "hostname": "vm1",
 *  "subdomain": null, "interfaces": [{"name": "default", "podInterface": "eth0", "binding": "bridge"}]}
 * }</pre>
 *
 * @param stateDir   directory of the state and lease files; created when missing
 * @param resolvConf the pod's resolv.conf, source of the guest's DNS servers and search domains
 * @param hostname   the guest's host name (option 12)
 * @param subdomain  the guest's subdomain, prepended to the search domains as {@code <subdomain>.<first search>}
 * @param interfaces the interfaces, in order; the position is the interface's index (tap, server address)
 * @param nameScheme how the binding names the links it makes ({@code "nameScheme": "k6t"|"kubevirt"}, default k6t)
 */
public record PodConfig(Path stateDir, Path resolvConf, Optional<String> hostname, Optional<String> subdomain,
        List<InterfaceConfig> interfaces, NameScheme nameScheme) {

    /** Default of {@code resolvConf}. */
    public static final Path DEFAULT_RESOLV_CONF = Path.of("/etc/resolv.conf");
    /** Most interfaces: server addresses are {@code 169.254.75.1<index>}, so index 99 is the last. */
    public static final int MAX_INTERFACES = 100;

    public PodConfig {
        interfaces = List.copyOf(interfaces);
        if (interfaces.size() > MAX_INTERFACES) {
            throw new PodConfigException("interfaces", interfaces.size() + " entries",
                    "expected: at most " + MAX_INTERFACES);
        }
        Objects.requireNonNull(nameScheme, "nameScheme");
        checkUnique(interfaces, nameScheme);
    }

    /** A configuration with k6t-net's own {@link NameScheme#K6T link names}. */
    public PodConfig(Path stateDir, Path resolvConf, Optional<String> hostname, Optional<String> subdomain,
            List<InterfaceConfig> interfaces) {
        this(stateDir, resolvConf, hostname, subdomain, interfaces, NameScheme.K6T);
    }

    /** Parses and validates a JSON document. */
    public static PodConfig parse(String json) {
        return new ConfigReader().read(json);
    }

    /** Reads and validates a JSON file. */
    public static PodConfig read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PodConfigException("$", file.toString(), "expected: a readable file: " + e, e);
        }
        return parse(json);
    }

    /** The derived link names of the interface at {@code index}. */
    public LinkNames names(int index) {
        return nameScheme.names(interfaces.get(index).podInterface(), index);
    }

    /** The interface called {@code name}, if configured. */
    public Optional<InterfaceConfig> find(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** This configuration with one more interface at the end (hot plug). */
    public PodConfig plus(InterfaceConfig added) {
        List<InterfaceConfig> all = new ArrayList<>(interfaces);
        all.add(added);
        return new PodConfig(stateDir, resolvConf, hostname, subdomain, all, nameScheme);
    }

    /** This configuration with the link names of {@code scheme}. */
    public PodConfig withNameScheme(NameScheme scheme) {
        return new PodConfig(stateDir, resolvConf, hostname, subdomain, interfaces, scheme);
    }

    private static void checkUnique(List<InterfaceConfig> interfaces, NameScheme nameScheme) {
        Map<String, String> names = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        Map<String, String> macs = new HashMap<>();
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceConfig iface = interfaces.get(i);
            String at = "interfaces[" + i + "]";
            claim(names, iface.name(), at + ".name", at + ".name");
            LinkNames derived = nameScheme.names(iface.podInterface(), i);
            List<String> all = derived.all();
            String[] fields = {"podInterface", "bridge name", "tap name", "renamed pod link", "placeholder peer"};
            for (int n = 0; n < all.size(); n++) {
                claim(links, all.get(n), at + ".podInterface", at + " " + fields[n]);
            }
            if (iface.macAddress().isPresent()) {
                claim(macs, iface.macAddress().get(), at + ".macAddress", at + ".macAddress");
            }
        }
    }

    private static void claim(Map<String, String> taken, String value, String field, String owner) {
        String previous = taken.putIfAbsent(value, owner);
        if (previous != null) {
            throw new PodConfigException(field, "\"" + value + "\"",
                    "expected: unique, but " + owner + " collides with " + previous);
        }
    }
}
