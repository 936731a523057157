package io.k6t.net.dhcp.v6;

import com.google.common.io.BaseEncoding;
import io.k6t.net.dhcp.MacAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Option 79, Client Link-Layer Address (RFC 6939): a hardware type and the address. Relays add it; a
 * server on the link can fill the same role from the client's source address.
 */
public final class LinkLayerAddress {
    private final int hardwareType;
    private final byte[] address;

    private LinkLayerAddress(int hardwareType, byte[] address) {
        this.hardwareType = hardwareType;
        this.address = address;
    }

    /**
     * @throws IllegalArgumentException for a type outside 0..65535 or an empty address
     */
    public static LinkLayerAddress of(int hardwareType, byte[] address) {
        if (hardwareType < 0 || hardwareType > 0xffff) {
            throw new IllegalArgumentException("hardwareType: " + hardwareType + " (expected: 0..65535)");
        }
        if (address.length == 0) {
            throw new IllegalArgumentException("address: empty (expected: at least one byte)");
        }
        return new LinkLayerAddress(hardwareType, address.clone());
    }

    /** An Ethernet (hardware type 1) address. */
    public static LinkLayerAddress ethernet(MacAddress mac) {
        return new LinkLayerAddress(Duid.HARDWARE_ETHERNET, mac.toBytes());
    }

    static LinkLayerAddress from(byte[] value) {
        return new LinkLayerAddress(OptionFormats.u16(value, 0), Arrays.copyOfRange(value, 2, value.length));
    }

    /** The IANA hardware type. */
    public int hardwareType() {
        return hardwareType;
    }

    /** A copy of the address bytes. */
    public byte[] address() {
        return address.clone();
    }

    /** The MAC, for hardware type 1 with 6 bytes. */
    public Optional<MacAddress> macAddress() {
        return hardwareType == Duid.HARDWARE_ETHERNET && address.length == 6
                ? Optional.of(MacAddress.fromBytes(address)) : Optional.empty();
    }

    /** Option 79 holding this address. */
    public Dhcp6Option toOption() {
        byte[] value = new byte[2 + address.length];
        value[0] = (byte) (hardwareType >>> 8);
        value[1] = (byte) hardwareType;
        System.arraycopy(address, 0, value, 2, address.length);
        return Dhcp6Option.of(Dhcp6OptionCode.CLIENT_LINKLAYER_ADDR, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkLayerAddress other && other.hardwareType == hardwareType
                && Arrays.equals(other.address, address);
    }

    @Override
    public int hashCode() {
        return 31 * hardwareType + Arrays.hashCode(address);
    }

    @Override
    public String toString() {
        return macAddress().map(MacAddress::toString)
                .orElseGet(() -> hardwareType + "/" + BaseEncoding.base16().lowerCase().encode(address));
    }
}
