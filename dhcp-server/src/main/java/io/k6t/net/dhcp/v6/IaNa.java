package io.k6t.net.dhcp.v6;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Option 3, Identity Association for Non-temporary Addresses (RFC 8415 section 21.4): the client's IAID,
 * the renewal times T1 and T2 in seconds, and the options inside (IA Addresses, a status code).
 *
 * @param iaid the identity association id, 0..0xffffffff
 * @param t1 seconds until the client renews, 0..0xffffffff
 * @param t2 seconds until the client rebinds, 0..0xffffffff
 * @param options the options inside
 */
public record IaNa(long iaid, long t1, long t2, Dhcp6Options options) {
    /**
     * @throws IllegalArgumentException for a field outside 0..0xffffffff
     */
    public IaNa {
        Lifetimes.check("iaid", iaid);
        Lifetimes.check("t1", t1);
        Lifetimes.check("t2", t2);
    }

    static IaNa from(byte[] value) {
        return new IaNa(OptionFormats.u32(value, 0), OptionFormats.u32(value, 4), OptionFormats.u32(value, 8),
                Dhcp6Options.trusted(value, 12));
    }

    /** The IA Address options inside, in order. */
    public List<IaAddress> addresses() {
        return options.iaAddresses();
    }

    /** The status code inside, if any. */
    public Optional<StatusCode> statusCode() {
        return options.statusCode();
    }

    /** Option 3 holding this IA. */
    public Dhcp6Option toOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OptionFormats.putU32(out, iaid);
        OptionFormats.putU32(out, t1);
        OptionFormats.putU32(out, t2);
        OptionFormats.putOptions(out, options);
        return Dhcp6Option.of(Dhcp6OptionCode.IA_NA, out.toByteArray());
    }
}
