package io.k6t.net.libvirt.internal;

import io.k6t.net.libvirt.InvalidInterfaceSpecException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The value rules of {@code InterfaceSpec}, each failing with the field and the value given. */
public final class Validation {
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    /** Linux accepts more in a link name; these are the characters a pod's link names use. */
    private static final Pattern LINK_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    /** libvirt's schema: {@code aliasName} is {@code [a-zA-Z0-9_\-.]+}. */
    private static final Pattern ALIAS_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,60}");
    /** libvirt's schema: the {@code <model type>} pattern. */
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Prefixes of the tap names libvirt generates itself (virNetDevGenerateName). */
    private static final List<String> LIBVIRT_PREFIXES = List.of("vnet", "macvtap", "macvlan");

    private Validation() {
    }

    /**
     * Returns {@code mac} in canonical lower-case form if it is a usable guest MAC: six
     * colon-separated hex octets, unicast (I/G bit clear, IEEE 802-2014 clause 8.2) and not all zero.
     */
    public static String mac(String field, String mac) {
        String given = required(field, mac);
        if (!MAC.matcher(given).matches()) {
            throw new InvalidInterfaceSpecException(field, given,
                    "six hex octets separated by ':', e.g. 02:00:00:00:00:01");
        }
        byte[] octets = HexFormat.ofDelimiter(":").parseHex(given);
        if ((octets[0] & 0x01) != 0) {
            throw new InvalidInterfaceSpecException(field, given,
                    "a unicast address; the multicast bit (0x01) of the first octet is set");
        }
        boolean allZero = true;
        for (byte octet : octets) {
            allZero &= octet == 0;
        }
        if (allZero) {
            throw new InvalidInterfaceSpecException(field, given, "a non-zero address");
        }
        return given.toLowerCase(Locale.ROOT);
    }

    /** A Linux link name the tap or bridge can have: 1 to 15 of {@code [A-Za-z0-9_.-]}, not "." or "..". */
    public static String linkName(String field, String name) {
        String given = required(field, name);
        if (!LINK_NAME.matcher(given).matches() || ".".equals(given) || "..".equals(given)) {
            throw new InvalidInterfaceSpecException(field, given,
                    "a link name of 1 to 15 characters from [A-Za-z0-9_.-], not '.' or '..'");
        }
        return given;
    }

    /** A tap name: a link name libvirt will not mistake for one it generated (it would drop it). */
    public static String tapName(String field, String name) {
        String given = linkName(field, name);
        for (String prefix : LIBVIRT_PREFIXES) {
            if (given.startsWith(prefix)) {
                throw new InvalidInterfaceSpecException(field, given, "a name not starting with " + prefix
                        + " (libvirt reserves vnet, macvtap and macvlan for names it generates)");
            }
        }
        return given;
    }

    /** The part after {@code ua-} of a user alias. */
    public static String aliasName(String field, String name) {
        String given = required(field, name);
        if (!ALIAS_NAME.matcher(given).matches()) {
            throw new InvalidInterfaceSpecException(field, given, "1 to 60 characters from [A-Za-z0-9_.-]");
        }
        return given;
    }

    /** A device model name such as {@code virtio-non-transitional} or {@code e1000e}. */
    public static String model(String field, String model) {
        String given = required(field, model);
        if (!MODEL.matcher(given).matches()) {
            throw new InvalidInterfaceSpecException(field, given, "1 to 64 characters from [A-Za-z0-9_-]");
        }
        return given;
    }

    /** An integer within {@code [min, max]}. */
    public static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInterfaceSpecException(field, Integer.toString(value), min + " to " + max);
        }
        return value;
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new InvalidInterfaceSpecException(field, "absent", "a value");
        }
        return value;
    }
}
