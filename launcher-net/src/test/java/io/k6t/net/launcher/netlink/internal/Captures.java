package io.k6t.net.launcher.netlink.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the strace hex dumps kept in this package's test resources ({@code replies.txt}, made by
 * {@code capture-replies.sh}): sections headed {@code ### COMMAND}, each holding the datagrams that
 * command received, every datagram a dump starting at offset 00000.
 */
public final class Captures {
    private Captures() {
    }

    /** Command to datagrams, in file order. */
    public static Map<String, List<byte[]>> read(String resource) {
        String text;
        try (InputStream in = Captures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<byte[]>> sections = new LinkedHashMap<>();
        List<byte[]> datagrams = null;
        StringBuilder current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("### ")) {
                flush(datagrams, current);
                current = null;
                datagrams = new ArrayList<>();
                sections.put(line.substring(4).strip(), datagrams);
            } else if (line.startsWith(" | ") && datagrams != null) {
                if (line.startsWith(" | 00000 ")) {
                    flush(datagrams, current);
                    current = new StringBuilder();
                }
                current.append(line.substring(10, Math.min(line.length(), 58)).replace(" ", ""));
            }
        }
        flush(datagrams, current);
        return sections;
    }

    /** The datagrams of one command; fails naming the command if it was not captured. */
    public static List<byte[]> replies(String command) {
        List<byte[]> datagrams = read("replies.txt").get(command);
        if (datagrams == null) {
            throw new IllegalArgumentException("replies.txt has no section '" + command + "'");
        }
        return datagrams;
    }

    private static void flush(List<byte[]> datagrams, StringBuilder current) {
        if (datagrams != null && current != null && current.length() > 0) {
            datagrams.add(HexFormat.of().parseHex(current));
        }
    }
}
