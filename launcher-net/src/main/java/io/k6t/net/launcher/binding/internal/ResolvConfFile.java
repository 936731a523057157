package io.k6t.net.launcher.binding.internal;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the guest's DNS options come from: IPv4 {@code nameserver} lines (option 6 carries IPv4
 * only) and the last {@code search} (or {@code domain}) line, as resolv.conf(5) reads them.
 */
public record ResolvConfFile(List<String> nameservers, List<String> search) {
    public ResolvConfFile {
        nameservers = List.copyOf(nameservers);
        search = List.copyOf(search);
    }

    /** Reads {@code file}; a missing file gives no servers and no domains. */
    public static ResolvConfFile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new ResolvConfFile(List.of(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses resolv.conf text. */
    public static ResolvConfFile parse(String text) {
        List<String> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 2 || words[0].startsWith("#") || words[0].startsWith(";")) {
                continue;
            }
            switch (words[0]) {
                case "nameserver" -> {
                    if (InetAddresses.isInetAddress(words[1])
                            && InetAddresses.forString(words[1]) instanceof Inet4Address) {
                        servers.add(words[1]);
                    }
                }
                case "search", "domain" -> {
                    search.clear();
                    for (int i = 1; i < words.length && !words[i].startsWith("#"); i++) {
                        search.add(words[i]);
                    }
                }
                default -> {
                    // options, sortlist: nothing the guest gets over DHCP
                }
            }
        }
        return new ResolvConfFile(servers, search);
    }
}
