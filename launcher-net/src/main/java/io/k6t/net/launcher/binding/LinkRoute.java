package io.k6t.net.launcher.binding;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A route through a pod link, as {@code ip route} shows it (main table).
 *
 * @param destination {@code prefix/length}, {@code 0.0.0.0/0} or {@code ::/0} for a default route
 * @param gateway     the next hop, absent for an on-link route
 * @param scope       {@code universe}, {@code link} or {@code host}
 * @param protocol    the rtnetlink protocol number ({@code 2} kernel, {@code 3} boot, {@code 4} static ...)
 * @param metric      the priority, when set
 * @param source      the preferred source address, when set
 */
public record LinkRoute(String destination, Optional<String> gateway, String scope, int protocol,
        OptionalInt metric, Optional<String> source) {

    /** The protocol of routes the kernel adds itself for an address; they come back with the address. */
    public static final int PROTO_KERNEL = 2;

    /** Whether this is an IPv4 route. */
    public boolean isIpv4() {
        return !destination.contains(":");
    }

    /** Whether the route is a default route. */
    public boolean isDefault() {
        return destination.equals("0.0.0.0/0") || destination.equals("::/0");
    }

    /** The {@code ip route} arguments that create this route on {@code dev}. */
    public String ipArguments(String dev) {
        StringBuilder sb = new StringBuilder(isDefault() ? "default" : destination);
        gateway.ifPresent(g -> sb.append(" via ").append(g));
        sb.append(" dev ").append(dev);
        if (!scope.equals("universe")) {
            sb.append(" scope ").append(scope);
        }
        sb.append(" proto ").append(protocol);
        metric.ifPresent(m -> sb.append(" metric ").append(m));
        source.ifPresent(s -> sb.append(" src ").append(s));
        return sb.toString();
    }
}
