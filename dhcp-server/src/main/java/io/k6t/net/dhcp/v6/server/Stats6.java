package io.k6t.net.dhcp.v6.server;

import java.util.EnumMap;
import java.util.Map;

/**
 * The counters of one bridge's DHCPv6 server.
 *
 * @param interfaceName the bridge
 * @param received datagrams received on port 547, including the ones dropped
 * @param advertised Advertise messages sent
 * @param replied Reply messages sent (Rapid Commit, Request, Renew, Rebind, Confirm, Release, Decline,
 *        Information-request)
 * @param dropped datagrams not answered, by reason (every reason present)
 */
public record Stats6(String interfaceName, long received, long advertised, long replied,
        Map<Drop6Reason, Long> dropped) {
    /** Copies {@code dropped} and fills in absent reasons with zero. */
    public Stats6 {
        Map<Drop6Reason, Long> all = new EnumMap<>(Drop6Reason.class);
        for (Drop6Reason reason : Drop6Reason.values()) {
            all.put(reason, dropped.getOrDefault(reason, 0L));
        }
        dropped = Map.copyOf(all);
    }

    /** Drops for one reason. */
    public long dropped(Drop6Reason reason) {
        return dropped.get(reason);
    }
}
