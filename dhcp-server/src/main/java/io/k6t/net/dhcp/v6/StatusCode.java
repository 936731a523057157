package io.k6t.net.dhcp.v6;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Option 13 (RFC 8415 section 21.13): a status and a UTF-8 message for people.
 *
 * @param status the status number (0 Success, 1 UnspecFail, 2 NoAddrsAvail, 3 NoBinding, 4 NotOnLink,
 *        5 UseMulticast, 6 NoPrefixAvail)
 * @param message the message, possibly empty
 */
public record StatusCode(int status, String message) {
    public static final int SUCCESS = 0;
    public static final int UNSPEC_FAIL = 1;
    public static final int NO_ADDRS_AVAIL = 2;
    public static final int NO_BINDING = 3;
    public static final int NOT_ON_LINK = 4;
    public static final int USE_MULTICAST = 5;
    public static final int NO_PREFIX_AVAIL = 6;

    /**
     * @throws IllegalArgumentException for a status outside 0..65535
     */
    public StatusCode {
        if (status < 0 || status > 0xffff) {
            throw new IllegalArgumentException("status: " + status + " (expected: 0..65535)");
        }
    }

    static StatusCode from(byte[] value) {
        return new StatusCode(OptionFormats.u16(value, 0),
                new String(value, 2, value.length - 2, StandardCharsets.UTF_8));
    }

    /** Option 13 with this status. */
    public Dhcp6Option toOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OptionFormats.putU16(out, status);
        out.writeBytes(message.getBytes(StandardCharsets.UTF_8));
        return Dhcp6Option.of(Dhcp6OptionCode.STATUS_CODE, out.toByteArray());
    }

    /** Whether the status is Success (0). */
    public boolean isSuccess() {
        return status == SUCCESS;
    }
}
