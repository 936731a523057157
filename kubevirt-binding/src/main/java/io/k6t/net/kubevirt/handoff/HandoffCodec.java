package io.k6t.net.kubevirt.handoff;

import com.google.common.base.Splitter;
import com.google.common.escape.Escaper;
import com.google.common.io.BaseEncoding;
import com.google.common.net.InetAddresses;
import com.google.common.net.PercentEscaper;
import io.k6t.net.dhcp.server.PrivateOption;
import io.k6t.net.dhcp.server.StaticRoute;
import io.k6t.net.kubevirt.handoff.HandoffException.Reason;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The text form of a {@link Handoff}, split over the aliases ({@code IFLA_IFALIAS}) of its carrier
 * links. Format version 1, documented in {@code docs/kubevirt.md} ("The hand-off"):
 *
 * <pre>
 * alias   = "k6t-net/1" SP pod-interface SP part "/" parts SP chunk      (at most 255 bytes)
 * payload = chunk(1) chunk(2) ...                                      (concatenated in part order)
 * payload = field *(";" field) ; field = key "=" value
 * </pre>
 *
 * <p>Keys: {@code n} network, {@code i} pod interface, {@code b} bridge, {@code t} tap, {@code c}
 * renamed pod link, {@code m} guest MAC, {@code u} MTU, {@code d} setup milliseconds; the lease, when
 * there is one: {@code s} server address, {@code a} address/prefix, {@code g} gateway, {@code r}
 * routes ({@code dst/len>gw} separated by {@code ,}), {@code l} lease seconds, {@code o} NTP servers
 * ({@code ,}), {@code f} TFTP server name, {@code p} boot file name, {@code x} private options
 * ({@code code:hex}, {@code ,}). Free text (network, TFTP server, boot file) is percent-encoded
 * UTF-8, so the payload is printable ASCII and a character is a byte. Readers ignore keys they do
 * not know: a later writer may add optional keys within version 1; anything a version-1 reader would
 * misread takes a new version number.
 */
public final class HandoffCodec {
    /** What every hand-off alias starts with: the format's name and version. */
    public static final String MAGIC = "k6t-net/";
    /** The format version this codec writes and reads. */
    public static final int VERSION = 1;
    /** Longest alias the kernel keeps ({@code IFALIASZ - 1}). */
    public static final int MAX_ALIAS_BYTES = 255;
    /** Carrier links per interface (bridge, tap, renamed pod link), hence the most parts. */
    public static final int MAX_PARTS = 3;

    private static final Escaper ESCAPER = new PercentEscaper("-_.~/:@", false);
    private static final Splitter FIELDS = Splitter.on(';').omitEmptyStrings();
    private static final Splitter LIST = Splitter.on(',').omitEmptyStrings();
    private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

    private HandoffCodec() {
    }

    /** The payload: every field of {@code handoff}, in a fixed order. */
    public static String payload(Handoff handoff) {
        StringJoiner out = new StringJoiner(";");
        out.add("n=" + ESCAPER.escape(handoff.network()));
        out.add("i=" + handoff.podInterface());
        out.add("b=" + handoff.bridge());
        out.add("t=" + handoff.tap());
        out.add("c=" + handoff.nic());
        out.add("m=" + handoff.guestMac());
        out.add("u=" + handoff.mtu());
        if (handoff.macPinned()) {
            out.add("v=1");
        }
        if (handoff.lease().isPresent()) {
            Handoff.Lease lease = handoff.lease().get();
            out.add("s=" + text(lease.serverAddress()));
            out.add("a=" + text(lease.address()) + "/" + lease.prefixLength());
            lease.gateway().ifPresent(g -> out.add("g=" + text(g)));
            if (!lease.routes().isEmpty()) {
                out.add("r=" + join(lease.routes(), r -> text(r.destination()) + "/" + r.prefixLength() + ">"
                        + text(r.gateway())));
            }
            out.add("l=" + lease.leaseSeconds());
            if (!lease.ntpServers().isEmpty()) {
                out.add("o=" + join(lease.ntpServers(), HandoffCodec::text));
            }
            lease.tftpServerName().ifPresent(f -> out.add("f=" + ESCAPER.escape(f)));
            lease.bootFileName().ifPresent(p -> out.add("p=" + ESCAPER.escape(p)));
            if (!lease.privateOptions().isEmpty()) {
                out.add("x=" + join(lease.privateOptions(), o -> o.code() + ":" + HEX.encode(o.value())));
            }
        }
        handoff.setupMillis().ifPresent(d -> out.add("d=" + d));
        return out.toString();
    }

    /**
     * The aliases of {@link Handoff#carriers()}, in the same order (fewer when the payload is short).
     *
     * @throws HandoffException {@link Reason#TOO_LARGE} when the payload needs more than {@value #MAX_PARTS} aliases
     */
    public static List<String> encode(Handoff handoff) {
        String payload = payload(handoff);
        String prefix = MAGIC + VERSION + " " + handoff.podInterface() + " ";
        int room = MAX_ALIAS_BYTES - prefix.length() - "1/1 ".length();
        int parts = Math.max(1, (payload.length() + room - 1) / room);
        if (parts > MAX_PARTS) {
            throw new HandoffException(Reason.TOO_LARGE, "hand-off of " + handoff.podInterface() + ": "
                    + payload.length() + " bytes need " + parts + " link aliases of " + MAX_ALIAS_BYTES
                    + " bytes (expected: at most " + MAX_PARTS + ", " + (MAX_PARTS * room) + " bytes):"
                    + " fewer routes, NTP servers or private options");
        }
        List<String> aliases = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            String chunk = payload.substring(part * room, Math.min(payload.length(), (part + 1) * room));
            aliases.add(prefix + (part + 1) + "/" + parts + " " + chunk);
        }
        return aliases;
    }

    /** Whether {@code alias} is a hand-off part (of any version). */
    public static boolean isHandoff(String alias) {
        return alias.startsWith(MAGIC);
    }

    /**
     * Every hand-off among the aliases of a namespace's links ({@code link name -> alias}); aliases that
     * are no hand-off are ignored. Ordered by pod interface name.
     *
     * @throws HandoffException when a hand-off part is malformed, of another version, or a part is missing
     */
    public static List<Handoff> decodeAll(Map<String, String> aliasesByLink) {
        Map<String, TreeMap<Integer, String>> partsByInterface = new TreeMap<>();
        Map<String, Integer> countByInterface = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : aliasesByLink.entrySet()) {
            String link = entry.getKey();
            String alias = entry.getValue();
            if (!isHandoff(alias)) {
                continue;
            }
            List<String> words = Splitter.on(' ').limit(4).splitToList(alias);
            if (words.size() != 4) {
                throw malformed(link, alias, "expected: k6t-net/VERSION POD-INTERFACE PART/PARTS PAYLOAD");
            }
            String version = words.get(0).substring(MAGIC.length());
            if (!version.equals(Integer.toString(VERSION))) {
                throw new HandoffException(Reason.UNKNOWN_VERSION, "link " + link + " carries a hand-off of format "
                        + words.get(0) + " (this k6t-net reads " + MAGIC + VERSION + "): run the same k6t-net"
                        + " version as the CNI plugin");
            }
            String podInterface = words.get(1);
            List<String> numbers = Splitter.on('/').splitToList(words.get(2));
            int part;
            int parts;
            try {
                part = Integer.parseInt(numbers.get(0));
                parts = Integer.parseInt(numbers.get(numbers.size() - 1));
            } catch (NumberFormatException e) {
                throw malformed(link, alias, "part \"" + words.get(2) + "\" (expected: PART/PARTS)");
            }
            if (numbers.size() != 2 || part < 1 || part > parts || parts > MAX_PARTS) {
                throw malformed(link, alias, "part \"" + words.get(2) + "\" (expected: 1 <= PART <= PARTS <= "
                        + MAX_PARTS + ")");
            }
            Integer known = countByInterface.putIfAbsent(podInterface, parts);
            if (known != null && known != parts) {
                throw new HandoffException(Reason.INCOMPLETE, "hand-off of " + podInterface + ": link " + link
                        + " says " + parts + " parts, another part says " + known + " (two writers?)");
            }
            String previous = partsByInterface.computeIfAbsent(podInterface, k -> new TreeMap<>())
                    .put(part, words.get(3));
            if (previous != null) {
                throw new HandoffException(Reason.INCOMPLETE, "hand-off of " + podInterface + ": part " + part
                        + " is on two links (two writers?)");
            }
        }
        List<Handoff> handoffs = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, String>> entry : partsByInterface.entrySet()) {
            int parts = countByInterface.get(entry.getKey());
            if (entry.getValue().size() != parts) {
                throw new HandoffException(Reason.INCOMPLETE, "hand-off of " + entry.getKey() + ": found parts "
                        + entry.getValue().keySet() + " of " + parts + " (an interrupted ADD? DEL and ADD again)");
            }
            Handoff handoff = decodePayload(String.join("", entry.getValue().values()));
            if (!handoff.podInterface().equals(entry.getKey())) {
                throw new HandoffException(Reason.MALFORMED, "hand-off labelled " + entry.getKey()
                        + " is for pod interface " + handoff.podInterface());
            }
            handoffs.add(handoff);
        }
        return handoffs;
    }

    /** Decodes a whole payload (the parts' chunks joined). */
    public static Handoff decodePayload(String payload) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : FIELDS.split(payload)) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new HandoffException(Reason.MALFORMED, "hand-off field \"" + field + "\" (expected: key=value)");
            }
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        try {
            Optional<Handoff.Lease> lease = Optional.empty();
            if (fields.containsKey("s")) {
                String[] address = required(fields, "a").split("/", 2);
                if (address.length != 2) {
                    throw new IllegalArgumentException("a: \"" + fields.get("a") + "\" (expected: address/prefix)");
                }
                List<StaticRoute> routes = new ArrayList<>();
                for (String route : LIST.split(fields.getOrDefault("r", ""))) {
                    routes.add(route(route));
                }
                List<Inet4Address> ntp = new ArrayList<>();
                for (String server : LIST.split(fields.getOrDefault("o", ""))) {
                    ntp.add(ipv4(server));
                }
                List<PrivateOption> options = new ArrayList<>();
                for (String option : LIST.split(fields.getOrDefault("x", ""))) {
                    int colon = option.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("x: \"" + option + "\" (expected: code:hex)");
                    }
                    options.add(PrivateOption.ofBytes(Integer.parseInt(option.substring(0, colon)),
                            HEX.decode(option.substring(colon + 1))));
                }
                lease = Optional.of(new Handoff.Lease(ipv4(fields.get("s")), ipv4(address[0]),
                        Integer.parseInt(address[1]), Optional.ofNullable(fields.get("g")).map(HandoffCodec::ipv4),
                        routes, Long.parseLong(required(fields, "l")), ntp,
                        Optional.ofNullable(fields.get("f")).map(HandoffCodec::unescape),
                        Optional.ofNullable(fields.get("p")).map(HandoffCodec::unescape), options));
            }
            String setup = fields.get("d");
            return new Handoff(unescape(required(fields, "n")), required(fields, "i"), required(fields, "b"),
                    required(fields, "t"), required(fields, "c"), required(fields, "m"),
                    Integer.parseInt(required(fields, "u")), pinned(fields.get("v")), lease,
                    setup == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(setup)));
        } catch (IllegalArgumentException e) {
            throw new HandoffException(Reason.MALFORMED, "hand-off \"" + payload + "\": " + e.getMessage(), e);
        }
    }

    /** Key {@code v}: absent (not pinned), or {@code 1}. */
    private static boolean pinned(String value) {
        if (value == null) {
            return false;
        }
        if (!"1".equals(value)) {
            throw new IllegalArgumentException("v: \"" + value + "\" (expected: 1, or no v)");
        }
        return true;
    }

    private static StaticRoute route(String text) {
        int arrow = text.indexOf('>');
        int slash = text.indexOf('/');
        if (arrow < 0 || slash < 0 || slash > arrow) {
            throw new IllegalArgumentException("r: \"" + text + "\" (expected: destination/prefix>gateway)");
        }
        return new StaticRoute(ipv4(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1, arrow)),
                ipv4(text.substring(arrow + 1)));
    }

    private static String required(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no field \"" + key + "\"");
        }
        return value;
    }

    private static Inet4Address ipv4(String text) {
        InetAddress address = InetAddresses.forString(text);
        if (!(address instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("\"" + text + "\" (expected: an IPv4 address)");
        }
        return v4;
    }

    private static String text(InetAddress address) {
        return InetAddresses.toAddrString(address);
    }

    private static String unescape(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static <T> String join(List<T> values, Function<T, String> format) {
        StringJoiner out = new StringJoiner(",");
        values.forEach(v -> out.add(format.apply(v)));
        return out.toString();
    }

    private static HandoffException malformed(String link, String alias, String expected) {
        return new HandoffException(Reason.MALFORMED, "link " + link + " alias \"" + alias + "\": " + expected);
    }
}
