package io.k6t.net.launcher.netlink.internal;

import java.util.HexFormat;

/** Hex fragments (spaces allowed) joined into bytes, for golden vectors commented per field. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String... fragments) {
        return HexFormat.of().parseHex(String.join("", fragments).replace(" ", ""));
    }
}
