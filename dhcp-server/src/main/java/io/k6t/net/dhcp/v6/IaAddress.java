package io.k6t.net.dhcp.v6;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.util.Optional;

/**
 * Option 5, IA Address (RFC 8415 section 21.6): an address with its lifetimes in seconds
 * ({@code 0xffffffff} is infinity) and its own options (a status code).
 *
 * @param address the address
 * @param preferredLifetime seconds, 0..0xffffffff
 * @param validLifetime seconds, 0..0xffffffff
 * @param options the options inside
 */
public record IaAddress(Inet6Address address, long preferredLifetime, long validLifetime, Dhcp6Options options) {
    /**
     * @throws IllegalArgumentException for a lifetime outside 0..0xffffffff
     */
    public IaAddress {
        Lifetimes.check("preferredLifetime", preferredLifetime);
        Lifetimes.check("validLifetime", validLifetime);
    }

    static IaAddress from(byte[] value) {
        return new IaAddress(OptionFormats.ipv6(value, 0), OptionFormats.u32(value, 16), OptionFormats.u32(value, 20),
                Dhcp6Options.trusted(value, 24));
    }

    /** The status code inside, if any. */
    public Optional<StatusCode> statusCode() {
        return options.statusCode();
    }

    /** Option 5 holding this address. */
    public Dhcp6Option toOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(address.getAddress());
        OptionFormats.putU32(out, preferredLifetime);
        OptionFormats.putU32(out, validLifetime);
        OptionFormats.putOptions(out, options);
        return Dhcp6Option.of(Dhcp6OptionCode.IAADDR, out.toByteArray());
    }
}
