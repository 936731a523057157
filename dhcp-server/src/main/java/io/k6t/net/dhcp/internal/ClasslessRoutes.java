package io.k6t.net.dhcp.internal;

import io.k6t.net.dhcp.ClasslessRoute;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpDecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Option 121 / 249 values (RFC 3442 section 2): per route a width byte (0..32), the significant octets
 * of the destination ({@code ceil(width / 8)}), then the 4-byte router.
 */
public final class ClasslessRoutes {
    private ClasslessRoutes() {
    }

    /**
     * Decodes the routes in {@code data[offset..offset+length)}; error offsets are relative to {@code offset}.
     * Destination bits beyond the width, if a sender set any, are cleared (the raw option keeps them).
     *
     * @throws DhcpDecodeException (reason {@link Reason#BAD_CLASSLESS_ROUTE}) for a width over 32 or a
     *         truncated route
     */
    public static List<ClasslessRoute> decode(byte[] data, int offset, int length) throws DhcpDecodeException {
        List<ClasslessRoute> routes = new ArrayList<>();
        int pos = 0;
        while (pos < length) {
            int width = data[offset + pos] & 0xff;
            if (width > 32) {
                throw new DhcpDecodeException(pos, Reason.BAD_CLASSLESS_ROUTE, "route width " + width
                        + " (expected: 0..32)");
            }
            int octets = (width + 7) / 8;
            if (pos + 1 + octets + 4 > length) {
                throw new DhcpDecodeException(pos, Reason.BAD_CLASSLESS_ROUTE, "route /" + width + " needs "
                        + (1 + octets + 4) + " bytes, " + (length - pos) + " left");
            }
            int dest = 0;
            for (int i = 0; i < octets; i++) {
                dest |= (data[offset + pos + 1 + i] & 0xff) << (24 - 8 * i);
            }
            int mask = width == 0 ? 0 : -1 << (32 - width);
            routes.add(new ClasslessRoute(Ipv4.fromInt(dest & mask), width,
                    Ipv4.fromBytes(data, offset + pos + 1 + octets)));
            pos += 1 + octets + 4;
        }
        return routes;
    }

    /** Checks the format without building routes (the decoder's fast path). */
    public static void validate(byte[] data, int offset, int length) throws DhcpDecodeException {
        int pos = 0;
        while (pos < length) {
            int width = data[offset + pos] & 0xff;
            if (width > 32) {
                throw new DhcpDecodeException(pos, Reason.BAD_CLASSLESS_ROUTE, "route width " + width
                        + " (expected: 0..32)");
            }
            int need = 1 + (width + 7) / 8 + 4;
            if (pos + need > length) {
                throw new DhcpDecodeException(pos, Reason.BAD_CLASSLESS_ROUTE, "route /" + width + " needs "
                        + need + " bytes, " + (length - pos) + " left");
            }
            pos += need;
        }
    }

    /** Encodes routes in order. */
    public static byte[] encode(List<ClasslessRoute> routes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ClasslessRoute r : routes) {
            out.write(r.prefixLength());
            byte[] dest = r.destination().getAddress();
            out.write(dest, 0, (r.prefixLength() + 7) / 8);
            out.write(r.gateway().getAddress(), 0, 4);
        }
        return out.toByteArray();
    }
}
