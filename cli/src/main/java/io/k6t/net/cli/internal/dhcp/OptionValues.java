package io.k6t.net.cli.internal.dhcp;

import io.k6t.net.dhcp.ClasslessRoute;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOption;
import io.k6t.net.dhcp.MessageType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The typed value of an option as the CLI contract shows it: a number, a string, an address or a
 * list of addresses, a list of codes (55), a list of domains (119), a list of {@code {destination,
 * gateway}} (121, 249). Unknown and private codes, and values that do not fit their type, have none
 * (the caller shows the hex alone).
 */
final class OptionValues {
    private static final Set<Integer> UNSIGNED = Set.of(13, 22, 23, 24, 26, 35, 37, 38, 51, 52, 57, 58, 59);
    private static final Set<Integer> FLAGS = Set.of(19, 20, 27, 29, 30, 31, 34, 36, 39, 46);
    private static final Set<Integer> TEXT = Set.of(12, 14, 15, 17, 18, 40, 47, 56, 60, 62, 64, 66, 67, 100, 101,
            114);
    private static final Set<Integer> ADDRESS = Set.of(1, 16, 28, 32, 50, 54, 118);
    private static final Set<Integer> ADDRESSES = Set.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 41, 42, 44, 45, 48, 49, 65,
            68, 69, 70, 71, 72, 73, 74, 75, 76, 150);

    private OptionValues() {
    }

    /** The typed value of {@code option} of {@code message}, or empty to show its hex alone. */
    static Optional<Object> of(DhcpOption option, DhcpMessage message) {
        int code = option.code().code();
        byte[] value = option.value();
        if (option.code().isPrivate() || !option.code().isKnown()) {
            return Optional.empty();
        }
        try {
            if (code == 53 && value.length == 1) {
                return Optional.of(MessageType.valueOf(value[0] & 0xff).name());
            }
            if (UNSIGNED.contains(code) || FLAGS.contains(code)) {
                return unsigned(value);
            }
            if (code == 2 && value.length == 4) {
                return Optional.of((long) (int) readUnsigned(value));
            }
            if (TEXT.contains(code)) {
                return Optional.of(text(value));
            }
            if (ADDRESS.contains(code)) {
                return value.length == 4 ? Optional.of(address(value, 0)) : Optional.empty();
            }
            if (ADDRESSES.contains(code)) {
                return addresses(value);
            }
            if (code == 55) {
                List<Integer> codes = new ArrayList<>();
                for (byte b : value) {
                    codes.add(b & 0xff);
                }
                return Optional.of(codes);
            }
            if (code == 119) {
                return Optional.of(List.copyOf(message.domainSearch()));
            }
            if (code == 121) {
                return Optional.of(routes(message.classlessRoutes()));
            }
            if (code == 249) {
                return Optional.of(routes(message.msClasslessRoutes()));
            }
        } catch (RuntimeException malformed) {
            // A value that does not parse as its type (bad 119 compression, 121 prefix > 32): the
            // decoder keeps such options raw, and so do we: hex alone.
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The value in lower-case hex, no separators. */
    static String hex(byte[] value) {
        StringBuilder hex = new StringBuilder(value.length * 2);
        for (byte b : value) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    private static Optional<Object> unsigned(byte[] value) {
        if (value.length == 1 || value.length == 2 || value.length == 4) {
            return Optional.of(readUnsigned(value));
        }
        return Optional.empty();
    }

    private static long readUnsigned(byte[] value) {
        long number = 0;
        for (byte b : value) {
            number = (number << 8) | (b & 0xff);
        }
        return number;
    }

    private static String text(byte[] value) {
        int length = value.length;
        while (length > 0 && value[length - 1] == 0) {
            length--;
        }
        return new String(value, 0, length, StandardCharsets.UTF_8);
    }

    private static Optional<Object> addresses(byte[] value) {
        if (value.length == 0 || value.length % 4 != 0) {
            return Optional.empty();
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < value.length; i += 4) {
            addresses.add(address(value, i));
        }
        return Optional.of(addresses);
    }

    private static String address(byte[] value, int offset) {
        return (value[offset] & 0xff) + "." + (value[offset + 1] & 0xff) + "." + (value[offset + 2] & 0xff) + "."
                + (value[offset + 3] & 0xff);
    }

    private static List<Map<String, String>> routes(List<ClasslessRoute> routes) {
        List<Map<String, String>> out = new ArrayList<>();
        for (ClasslessRoute route : routes) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("destination", route.destination().getHostAddress() + "/" + route.prefixLength());
            entry.put("gateway", route.gateway().getHostAddress());
            out.add(entry);
        }
        return out;
    }
}
