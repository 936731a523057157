package io.k6t.net.launcher.config;

import io.k6t.net.launcher.netlink.LinkName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The link names k6t-net derives for one pod interface.
 *
 * <p>Rule: bridge {@code k6t-<iface>}, renamed pod link {@code <iface>-nic}, tap {@code tap<index>},
 * placeholder veth peer {@code <iface>-ph}. A Linux link name holds at most 15 bytes; a derived name
 * that would be longer keeps the prefix and suffix, as many leading characters of the interface name
 * as fit, and then the first 5 hex digits of SHA-256 over the interface name (UTF-8), so that it is
 * exactly 15 bytes: {@code k6t-} + 6 + 5 hex, 6 + 5 hex + {@code -nic}, 7 + 5 hex + {@code -ph}.
 * Example: {@code longnetwork0123} gives bridge {@code k6t-longne1a2b3}. The rule depends on nothing
 * but the interface name, so it is stable across runs and versions; collisions between the names of
 * all configured interfaces are rejected when the configuration is read.
 *
 * @param podInterface the pod link's name as the CNI created it (also the placeholder's name)
 * @param bridge       the bridge the pod link, the tap and the server address live on
 * @param tap          the tap device QEMU opens
 * @param nic          the pod link's name after the rename
 * @param placeholderPeer the down peer of the veth placeholder, when the kernel lacks the dummy driver
 */
public record LinkNames(String podInterface, String bridge, String tap, String nic, String placeholderPeer) {

    /** Longest Linux link name in bytes ({@code IFNAMSIZ - 1}). */
    public static final int MAX_LENGTH = LinkName.MAX_LENGTH;
    private static final int HASH_DIGITS = 5;
    private static final String KUBEVIRT_HASHED_PREFIX = "pod";
    private static final String KUBEVIRT_PRIMARY = "eth0";
    private static final int KUBEVIRT_HASH_DIGITS = 11;

    /** The names for the pod interface at {@code index} (its position in the configuration). */
    public static LinkNames of(String podInterface, int index) {
        LinkName.requireValid(podInterface);
        if (index < 0) {
            throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
        }
        return new LinkNames(podInterface, derive("k6t-", podInterface, ""), "tap" + index,
                derive("", podInterface, "-nic"), derive("", podInterface, "-ph"));
    }

    /**
     * The names KubeVirt gives the links of pod interface {@code podInterface}
     * ({@link NameScheme#KUBEVIRT}): with {@code T} the interface without a leading {@code pod}
     * (KubeVirt's hashed secondary names are {@code pod} + 11 hex digits of SHA-256 of the network
     * name), bridge {@code k6t-T}, renamed pod link {@code T-nic}, placeholder peer {@code T-ph}, tap
     * {@code tap0} for the primary {@code eth0} and {@code tap} + the interface from its fourth
     * character for the others ({@code pod16477688c0e} gives {@code tap16477688c0e}, {@code net1}
     * gives {@code tap1}). A name that would not fit 15 bytes is shortened by the rule of {@link #of}.
     */
    public static LinkNames kubevirt(String podInterface) {
        LinkName.requireValid(podInterface);
        String trimmed = podInterface.startsWith(KUBEVIRT_HASHED_PREFIX)
                && podInterface.length() > KUBEVIRT_HASHED_PREFIX.length()
                ? podInterface.substring(KUBEVIRT_HASHED_PREFIX.length()) : podInterface;
        String tap = podInterface.equals(KUBEVIRT_PRIMARY) ? "tap0"
                : derive("tap", podInterface.length() > 3 ? podInterface.substring(3) : podInterface, "");
        return new LinkNames(podInterface, derive("k6t-", trimmed, ""), tap, derive("", trimmed, "-nic"),
                derive("", trimmed, "-ph"));
    }

    /**
     * KubeVirt's pod interface name for a secondary network: {@code pod} + the first 11 hex digits of
     * SHA-256 over the network's name (UTF-8), as KubeVirt's {@code GenerateHashedInterfaceName}.
     */
    public static String kubevirtHashedInterface(String networkName) {
        return KUBEVIRT_HASHED_PREFIX + sha256Hex(networkName).substring(0, KUBEVIRT_HASH_DIGITS);
    }

    /** Every name here, the pod interface's own first. */
    public List<String> all() {
        return List.of(podInterface, bridge, tap, nic, placeholderPeer);
    }

    /**
     * Applies the shortening rule: {@code prefix + name + suffix} when it fits 15 bytes, else the
     * prefix, the leading characters of {@code name} that fit, 5 hex digits of SHA-256(name), the suffix.
     */
    static String derive(String prefix, String name, String suffix) {
        String full = prefix + name + suffix;
        if (full.length() <= MAX_LENGTH) {
            return full;
        }
        int keep = MAX_LENGTH - prefix.length() - suffix.length() - HASH_DIGITS;
        return prefix + name.substring(0, keep) + sha256Hex(name).substring(0, HASH_DIGITS) + suffix;
    }

    private static String sha256Hex(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
