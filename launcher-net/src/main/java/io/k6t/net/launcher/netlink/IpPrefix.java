package io.k6t.net.launcher.netlink;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * An IP address with a prefix length, as {@code ip} writes it: {@code 10.244.1.5/24} (an interface
 * address keeps its host bits) or {@code 10.1.0.0/16} (a route destination).
 */
public record IpPrefix(InetAddress address, int prefixLength) {

    public IpPrefix {
        int max = maxLength(address);
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " of " + address.getHostAddress()
                    + " (expected: 0.." + max + ")");
        }
    }

    /** Parses {@code ADDRESS/LENGTH}; a bare address gets the full length (/32 or /128). */
    public static IpPrefix parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "IP prefix '" + text + "' (expected: ADDRESS/LENGTH like 10.244.1.5/24 or fd00::1/64)"));
    }

    /** Like {@link #parse} but empty for malformed input. */
    public static Optional<IpPrefix> tryParse(String text) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (!InetAddresses.isInetAddress(host)) {
            return Optional.empty();
        }
        InetAddress address = InetAddresses.forString(host);
        int length = maxLength(address);
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            length = Integer.parseInt(digits);
            if (length > maxLength(address)) {
                return Optional.empty();
            }
        }
        return Optional.of(new IpPrefix(address, length));
    }

    /** The default route of the address's family: {@code 0.0.0.0/0} or {@code ::/0}. */
    public boolean isDefault() {
        return prefixLength == 0;
    }

    /** True for IPv4. */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    private static int maxLength(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    @Override
    public String toString() {
        return InetAddresses.toAddrString(address) + "/" + prefixLength;
    }
}
