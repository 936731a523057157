package io.k6t.net.launcher.discovery;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The resolver configuration a pod hands its guest, parsed tolerantly as glibc reads
 * {@code resolv.conf(5)}: comments ({@code #} or {@code ;}) and unknown or malformed lines never
 * fail the parse, they become {@link #warnings()}. {@code domain} and {@code search} replace each
 * other, the last one wins.
 *
 * @param nameservers in file order, duplicates removed (IPv6 zone ids dropped)
 * @param searchDomains without trailing dots
 * @param options the {@code options} tokens, in order ({@code ndots:5}, {@code edns0}, ...)
 * @param warnings one line per ignored input, with its line number
 */
public record ResolvConf(List<InetAddress> nameservers, List<String> searchDomains, List<String> options,
        List<String> warnings) {

    public ResolvConf {
        nameservers = List.copyOf(nameservers);
        searchDomains = List.copyOf(searchDomains);
        options = List.copyOf(options);
        warnings = List.copyOf(warnings);
    }

    /** Reads and parses {@code path} (usually {@code /etc/resolv.conf}). */
    public static ResolvConf read(Path path) throws IOException {
        return parse(Files.readString(path, StandardCharsets.UTF_8));
    }

    /** Parses resolv.conf text; never throws on content. */
    public static ResolvConf parse(String text) {
        Set<InetAddress> nameservers = new LinkedHashSet<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("[ \t]+");
            String keyword = words[0];
            List<String> args = Arrays.asList(words).subList(1, words.length);
            int number = i + 1;
            switch (keyword) {
                case "nameserver":
                    nameserver(args, number, nameservers, warnings);
                    break;
                case "domain":
                case "search":
                    search.clear();
                    for (String domain : args) {
                        domain(domain, keyword, number, search, warnings);
                    }
                    if (args.isEmpty()) {
                        warnings.add("line " + number + ": '" + keyword + "' without a domain, ignored");
                    }
                    break;
                case "options":
                    options.addAll(args);
                    break;
                case "sortlist":
                    warnings.add("line " + number + ": sortlist is not passed to guests, ignored");
                    break;
                default:
                    warnings.add("line " + number + ": unknown keyword '" + keyword + "', ignored");
                    break;
            }
        }
        return new ResolvConf(new ArrayList<>(nameservers), search, options, warnings);
    }

    /** The IPv4 nameservers, in order. */
    public List<InetAddress> ipv4Nameservers() {
        return nameservers.stream().filter(a -> a instanceof Inet4Address).toList();
    }

    /** The IPv6 nameservers, in order. */
    public List<InetAddress> ipv6Nameservers() {
        return nameservers.stream().filter(a -> a instanceof Inet6Address).toList();
    }

    private static String stripComment(String line) {
        int end = line.length();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c == '#' || c == ';') && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                end = i;
                break;
            }
        }
        return line.substring(0, end);
    }

    private static void nameserver(List<String> args, int number, Set<InetAddress> nameservers,
            List<String> warnings) {
        if (args.size() != 1) {
            warnings.add("line " + number + ": nameserver needs exactly one address, got " + args
                    + (args.isEmpty() ? ", ignored" : ", using the first"));
            if (args.isEmpty()) {
                return;
            }
        }
        String text = args.get(0);
        int zone = text.indexOf('%');
        String address = zone >= 0 ? text.substring(0, zone) : text;
        if (!InetAddresses.isInetAddress(address)) {
            warnings.add("line " + number + ": nameserver '" + text + "' is not an IP address, ignored");
            return;
        }
        nameservers.add(InetAddresses.forString(address));
    }

    private static void domain(String domain, String keyword, int number, List<String> search,
            List<String> warnings) {
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (name.isEmpty() || name.length() > 253 || name.startsWith(".") || name.contains("..")
                || !name.chars().allMatch(c -> c > ' ' && c < 127)) {
            warnings.add("line " + number + ": " + keyword + " domain '" + domain + "' is not a domain name, ignored");
            return;
        }
        if (!search.contains(name)) {
            search.add(name);
        }
    }
}
