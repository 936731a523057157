package io.k6t.net.launcher.netlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flags of an interface address ({@code IFA_FLAGS}, whose low byte is {@code ifa_flags}), named
 * as {@code ip addr} prints them. Some are chosen by whoever adds the address ({@link #SETTABLE}),
 * the others describe its state in the kernel (secondary, tentative, deprecated, permanent, ...).
 *
 * @param value the kernel's 32-bit flags word
 */
public record AddressFlags(int value) {
    public static final int SECONDARY = 0x01;
    public static final int NODAD = 0x02;
    public static final int OPTIMISTIC = 0x04;
    public static final int DADFAILED = 0x08;
    public static final int HOMEADDRESS = 0x10;
    public static final int DEPRECATED = 0x20;
    public static final int TENTATIVE = 0x40;
    public static final int PERMANENT = 0x80;
    public static final int MANAGETEMPADDR = 0x100;
    public static final int NOPREFIXROUTE = 0x200;
    public static final int MCAUTOJOIN = 0x400;
    public static final int STABLE_PRIVACY = 0x800;

    /** None set. */
    public static final AddressFlags NONE = new AddressFlags(0);

    /**
     * The flags {@code ip addr add} can ask for; the kernel derives the others (secondary from the
     * order of addition, permanent from an infinite valid lifetime, deprecated from a zero preferred one).
     */
    public static final int SETTABLE = NODAD | OPTIMISTIC | HOMEADDRESS | MANAGETEMPADDR | NOPREFIXROUTE
            | MCAUTOJOIN;

    private static final Map<Integer, String> NAMES = new TreeMap<>(Map.ofEntries(Map.entry(SECONDARY, "secondary"),
            Map.entry(NODAD, "nodad"), Map.entry(OPTIMISTIC, "optimistic"), Map.entry(DADFAILED, "dadfailed"),
            Map.entry(HOMEADDRESS, "home"), Map.entry(DEPRECATED, "deprecated"), Map.entry(TENTATIVE, "tentative"),
            Map.entry(PERMANENT, "permanent"), Map.entry(MANAGETEMPADDR, "mngtmpaddr"),
            Map.entry(NOPREFIXROUTE, "noprefixroute"), Map.entry(MCAUTOJOIN, "autojoin"),
            Map.entry(STABLE_PRIVACY, "stable-privacy")));

    /** Whether every bit of {@code flag} is set. */
    public boolean has(int flag) {
        return (value & flag) == flag;
    }

    /** Only the flags an {@code ip addr add} can ask for. */
    public AddressFlags settable() {
        return new AddressFlags(value & SETTABLE);
    }

    /** The names of the set flags, in bit order; an unnamed bit as {@code 0x...}. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            int flag = 1 << bit;
            if ((value & flag) != 0) {
                names.add(NAMES.getOrDefault(flag, "0x" + Integer.toHexString(flag)));
            }
        }
        return names;
    }

    /** Parses what {@link #names()} returns. */
    public static AddressFlags fromNames(List<String> names) {
        int value = 0;
        for (String name : names) {
            Integer flag = NAMES.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (flag == null && name.startsWith("0x")) {
                flag = Integer.parseUnsignedInt(name.substring(2), 16);
            }
            if (flag == null) {
                throw new IllegalArgumentException("address flag '" + name + "' (expected one of " + NAMES.values()
                        + ")");
            }
            value |= flag;
        }
        return new AddressFlags(value);
    }

    @Override
    public String toString() {
        return String.join(" ", names());
    }
}
