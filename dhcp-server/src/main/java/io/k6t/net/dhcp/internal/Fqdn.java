package io.k6t.net.dhcp.internal;

import io.k6t.net.dhcp.ClientFqdn;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpDecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Option 81 values (RFC 4702 section 2): flags, RCODE1, RCODE2, then the name. */
public final class Fqdn {
    private Fqdn() {
    }

    /** Checks the format; offsets relative to the value. */
    public static void validate(byte[] data, int offset, int length) throws DhcpDecodeException {
        if (length < 3) {
            throw new DhcpDecodeException(0, Reason.BAD_OPTION_VALUE, "option 81 has " + length
                    + " bytes (expected: >= 3)");
        }
        if ((data[offset] & ClientFqdn.FLAG_E) != 0) {
            wireName(data, offset, length);
        }
    }

    /** Decodes a value that {@link #validate} accepted. */
    public static ClientFqdn decode(byte[] data, int offset, int length) {
        int flags = data[offset] & 0xff;
        String name;
        if ((flags & ClientFqdn.FLAG_E) != 0) {
            try {
                name = wireName(data, offset, length);
            } catch (DhcpDecodeException e) {
                throw new IllegalStateException("option 81 was validated when decoded", e);
            }
        } else {
            name = new String(data, offset + 3, length - 3, StandardCharsets.ISO_8859_1);
        }
        return new ClientFqdn(flags, data[offset + 1] & 0xff, data[offset + 2] & 0xff, name);
    }

    /** The wire name after the 3 fixed bytes: labels, with a trailing "." when terminated by the root label. */
    private static String wireName(byte[] data, int offset, int length) throws DhcpDecodeException {
        StringBuilder sb = new StringBuilder();
        int pos = 3;
        while (pos < length) {
            int len = data[offset + pos] & 0xff;
            if (len == 0) {
                if (pos + 1 != length) {
                    throw new DhcpDecodeException(pos, Reason.BAD_OPTION_VALUE,
                            "option 81 has bytes after the root label");
                }
                sb.append('.');
                return sb.toString();
            }
            if (len > DomainNames.MAX_LABEL_LENGTH || pos + 1 + len > length) {
                throw new DhcpDecodeException(pos, Reason.BAD_OPTION_VALUE, "option 81 label of " + len
                        + " bytes is too long or runs past the end");
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            for (int i = 0; i < len; i++) {
                int b = data[offset + pos + 1 + i] & 0xff;
                if (b > 0x20 && b < 0x7f && b != '.' && b != '\\') {
                    sb.append((char) b);
                } else {
                    sb.append(String.format("\\%03d", b));
                }
            }
            pos += 1 + len;
        }
        return sb.toString();
    }

    /** Encodes: with flag E the name in wire form (fully qualified when it ends in "."), else as ASCII. */
    public static byte[] encode(ClientFqdn fqdn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(fqdn.flags());
        out.write(fqdn.rcode1());
        out.write(fqdn.rcode2());
        String name = fqdn.domainName();
        if (fqdn.canonicalEncoding()) {
            if (!name.isEmpty() && !name.equals(".")) {
                List<byte[]> labels = DomainNames.labels(name);
                for (byte[] label : labels) {
                    out.write(label.length);
                    out.write(label, 0, label.length);
                }
            }
            if (name.endsWith(".")) {
                out.write(0);
            }
        } else {
            byte[] text = name.getBytes(StandardCharsets.ISO_8859_1);
            out.write(text, 0, text.length);
        }
        return out.toByteArray();
    }
}
