package io.k6t.net.libvirt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guest PCI address, written as libvirt's {@code <address type='pci' domain= bus= slot= function=/>}.
 *
 * @param domain PCI domain, 0 to 0xffff
 * @param bus bus, 0 to 0xff
 * @param slot slot (device), 0 to 0x1f
 * @param function function, 0 to 7
 */
public record PciAddress(int domain, int bus, int slot, int function) {
    private static final Pattern BDF = Pattern.compile(
            "(?:([0-9a-fA-F]{1,4}):)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\\.([0-7])");

    /** Validates the parts; throws {@link InvalidInterfaceSpecException} naming {@code pciAddress}. */
    public PciAddress {
        check("domain", domain, 0xffff);
        check("bus", bus, 0xff);
        check("slot", slot, 0x1f);
        check("function", function, 7);
    }

    /** The address with the given parts. */
    public static PciAddress of(int domain, int bus, int slot, int function) {
        return new PciAddress(domain, bus, slot, function);
    }

    /**
     * Parses the {@code lspci -D} form {@code 0000:01:00.0} (the domain may be left out).
     *
     * @throws InvalidInterfaceSpecException if {@code text} is not such an address
     */
    public static PciAddress parse(String text) {
        Matcher m = BDF.matcher(text);
        if (!m.matches()) {
            throw new InvalidInterfaceSpecException("pciAddress", text,
                    "[dddd:]bb:ss.f in hexadecimal, e.g. 0000:01:00.0");
        }
        int domain = m.group(1) == null ? 0 : Integer.parseInt(m.group(1), 16);
        return new PciAddress(domain, Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3), 16),
                Integer.parseInt(m.group(4), 16));
    }

    private static void check(String part, int value, int max) {
        if (value < 0 || value > max) {
            throw new InvalidInterfaceSpecException("pciAddress." + part, Integer.toString(value),
                    "0 to 0x" + Integer.toHexString(max));
        }
    }

    /** The {@code lspci -D} form, e.g. {@code 0000:01:00.0}. */
    @Override
    public String toString() {
        return String.format("%04x:%02x:%02x.%x", domain, bus, slot, function);
    }
}
