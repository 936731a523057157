package io.k6t.net.launcher.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the binding names the links it makes for a pod interface (the pod configuration's
 * {@code nameScheme}).
 */
public enum NameScheme {
    /**
     * k6t-net's own: bridge {@code k6t-<iface>}, renamed pod link {@code <iface>-nic}, tap
     * {@code tap<index>} ({@link LinkNames#of}).
     */
    K6T,
    /**
     * KubeVirt's ({@code pkg/network/link/names.go} in the kubevirt repository), so that KubeVirt's
     * documentation and tools apply: with {@code T} the pod interface without a leading {@code pod},
     * bridge {@code k6t-T}, renamed pod link {@code T-nic}, tap {@code tap0} for {@code eth0} and
     * {@code tap} + the pod interface from its fourth character for the others ({@link LinkNames#kubevirt}).
     */
    KUBEVIRT;

    /** The names of the pod interface {@code podInterface} at position {@code index} of the configuration. */
    public LinkNames names(String podInterface, int index) {
        return this == K6T ? LinkNames.of(podInterface, index) : LinkNames.kubevirt(podInterface);
    }

    /** The configuration's spelling: {@code k6t}, {@code kubevirt}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scheme spelled {@code text} in a configuration. */
    public static NameScheme parse(String text) {
        for (NameScheme scheme : values()) {
            if (scheme.configName().equals(text)) {
                return scheme;
            }
        }
        throw new IllegalArgumentException("name scheme \"" + text + "\" (expected: one of "
                + Arrays.stream(values()).map(NameScheme::configName).toList() + ")");
    }
}
