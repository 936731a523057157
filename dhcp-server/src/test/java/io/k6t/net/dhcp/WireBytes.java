package io.k6t.net.dhcp;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Hand-made DHCP messages for tests: a zero BOOTREQUEST header, the cookie, then given option bytes. */
final class WireBytes {
    static final int OPTIONS = 240;

    private WireBytes() {
    }

    /** Header (op 1, htype 1, hlen 6, rest zero) + cookie + {@code options} (hex, spaces allowed) verbatim. */
    static byte[] message(String optionsHex) {
        return message(new byte[DhcpMessage.SNAME_LENGTH], new byte[DhcpMessage.FILE_LENGTH], optionsHex);
    }

    /** Like {@link #message(String)} with given sname and file fields (64 and 128 bytes). */
    static byte[] message(byte[] sname, byte[] file, String optionsHex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(1);
        out.write(6);
        out.writeBytes(new byte[25]);
        out.writeBytes(new byte[16]);
        out.writeBytes(sname);
        out.writeBytes(file);
        out.writeBytes(new byte[] {0x63, (byte) 0x82, 0x53, 0x63});
        out.writeBytes(hex(optionsHex));
        return out.toByteArray();
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    /** A field of {@code size} bytes starting with {@code hex}. */
    static byte[] field(int size, String hex) {
        byte[] f = new byte[size];
        byte[] b = hex(hex);
        System.arraycopy(b, 0, f, 0, b.length);
        return f;
    }
}
