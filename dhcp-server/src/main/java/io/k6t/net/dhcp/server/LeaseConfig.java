package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpEncodeException;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.EncodeOptions;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.internal.DomainNames;
import io.k6t.net.dhcp.internal.Ipv4;
import io.k6t.net.dhcp.server.internal.LeaseConfigJson;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server hands to one guest on one interface: the "lease file" of the design. Immutable
 * and valid by construction: {@link #parse(String)}, {@link #load(Path)} and {@link Builder#build()}
 * reject anything the server could not send (naming the field and value) and repair, with a
 * warning, what comes from the pod and must never stop the server (search domains, host name).
 *
 * <pre>{@code
 * LeaseConfig lease = LeaseConfig.load(Path.of("/var/run/k6t-net/lease-eth0.json"));
 * lease.warnings().forEach(System.err::println);
 * }</pre>
 */
public final class LeaseConfig {
    /** KubeVirt's lease time: effectively infinite but still renewed. */
    public static final long DEFAULT_LEASE_SECONDS = 86_313_600L;
    /** RFC 2132 option 51 is an unsigned 32-bit number of seconds. */
    public static final long MAX_LEASE_SECONDS = 0xffff_ffffL;
    /** RFC 2132 option 26: the minimum MTU is 68. */
    public static final int MIN_MTU = 68;
    public static final int MAX_MTU = 65_535;
    /** BOOTP {@code sname} holds 64 bytes including its terminating NUL. */
    public static final int MAX_TFTP_SERVER_NAME = 63;
    /** BOOTP {@code file} holds 128 bytes including its terminating NUL. */
    public static final int MAX_BOOT_FILE_NAME = 127;
    /** Largest private option value accepted (RFC 3396 splits it into 255-byte pieces). */
    public static final int MAX_PRIVATE_OPTION_BYTES = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LeaseConfig.class);
    private static final int MAX_INTERFACE_NAME = 15;

    private final String interfaceName;
    private final Inet4Address serverAddress;
    private final byte[] clientMac;
    private final Inet4Address address;
    private final int prefixLength;
    private final Inet4Address gateway;
    private final List<StaticRoute> routes;
    private final List<Inet4Address> dnsServers;
    private final List<String> searchDomains;
    private final String domainName;
    private final int mtu;
    private final String hostname;
    private final long leaseSeconds;
    private final List<Inet4Address> ntpServers;
    private final String tftpServerName;
    private final String bootFileName;
    private final List<PrivateOption> privateOptions;
    private final boolean acceptRelayed;
    private final List<String> warnings;

    private LeaseConfig(Builder b) {
        this.interfaceName = b.interfaceName;
        this.serverAddress = b.serverAddress;
        this.clientMac = b.clientMac.clone();
        this.address = b.address;
        this.prefixLength = b.prefixLength;
        this.gateway = b.gateway;
        this.routes = List.copyOf(b.routes);
        this.dnsServers = List.copyOf(b.dnsServers);
        this.searchDomains = List.copyOf(b.searchDomains);
        this.domainName = b.domainName;
        this.mtu = b.mtu;
        this.hostname = b.hostname;
        this.leaseSeconds = b.leaseSeconds;
        this.ntpServers = List.copyOf(b.ntpServers);
        this.tftpServerName = b.tftpServerName;
        this.bootFileName = b.bootFileName;
        this.privateOptions = List.copyOf(b.privateOptions);
        this.acceptRelayed = b.acceptRelayed;
        this.warnings = List.copyOf(b.warnings);
    }

    /** A builder; required: interface, server address, client MAC and address. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses a lease file. Unknown and duplicate fields are errors that name them; warnings
     * (dropped search domains, a repaired host name) are logged and kept in {@link #warnings()}.
     *
     * @throws LeaseConfigException naming the field and value that is wrong
     */
    public static LeaseConfig parse(String json) {
        return LeaseConfigJson.parse(json, "lease");
    }

    /** Reads and parses a lease file; errors name the file, the field and the value. */
    public static LeaseConfig load(Path file) {
        return LeaseConfigJson.load(file);
    }

    /** This lease as a lease file (JSON), which {@link #parse(String)} reads back to an equal lease. */
    public String toJson() {
        return LeaseConfigJson.write(this);
    }

    /** The bridge the server binds to, e.g. {@code k6t-eth0}. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The server's own address on the bridge (option 54, and the on-link route of option 121). */
    public Inet4Address serverAddress() {
        return serverAddress;
    }

    /** The only client hardware address served, as 6 bytes (a copy). */
    public byte[] clientMac() {
        return clientMac.clone();
    }

    /** The client MAC as {@code 02:00:00:74:17:75}. */
    public String clientMacText() {
        return MacAddress.toString(clientMac);
    }

    /** True when {@code mac} (at least 6 bytes, as in chaddr) starts with the served MAC. */
    public boolean isClientMac(byte[] mac) {
        if (mac.length < clientMac.length) {
            return false;
        }
        for (int i = 0; i < clientMac.length; i++) {
            if (mac[i] != clientMac[i]) {
                return false;
            }
        }
        return true;
    }

    /** The guest's address (yiaddr). */
    public Inet4Address address() {
        return address;
    }

    /** The prefix length of {@link #address()}. */
    public int prefixLength() {
        return prefixLength;
    }

    /** The subnet mask (option 1). */
    public Inet4Address subnetMask() {
        return Ipv4.fromInt(Ipv4.mask(prefixLength));
    }

    /** The default gateway (option 3), if any. */
    public Optional<Inet4Address> gateway() {
        return Optional.ofNullable(gateway);
    }

    /** Routes as configured (option 121 adds the on-link server route and orders them). */
    public List<StaticRoute> routes() {
        return routes;
    }

    /** Option 6. */
    public List<Inet4Address> dnsServers() {
        return dnsServers;
    }

    /** Option 119: valid, lower-cased, without duplicates. */
    public List<String> searchDomains() {
        return searchDomains;
    }

    /** Option 15 when set explicitly; otherwise the server sends the first search domain. */
    public Optional<String> domainName() {
        return Optional.ofNullable(domainName);
    }

    /** Option 26, if set. */
    public OptionalInt mtu() {
        return mtu == 0 ? OptionalInt.empty() : OptionalInt.of(mtu);
    }

    /** Option 12: a valid label of at most 63 characters. */
    public Optional<String> hostname() {
        return Optional.ofNullable(hostname);
    }

    /** Option 51. */
    public long leaseSeconds() {
        return leaseSeconds;
    }

    /** Option 42. */
    public List<Inet4Address> ntpServers() {
        return ntpServers;
    }

    /** Option 66 and the BOOTP {@code sname} field. */
    public Optional<String> tftpServerName() {
        return Optional.ofNullable(tftpServerName);
    }

    /** Option 67 and the BOOTP {@code file} field. */
    public Optional<String> bootFileName() {
        return Optional.ofNullable(bootFileName);
    }

    /** Site-specific options 224-254, unique codes. */
    public List<PrivateOption> privateOptions() {
        return privateOptions;
    }

    /** Whether requests with giaddr set (from a relay) are answered. */
    public boolean acceptRelayed() {
        return acceptRelayed;
    }

    /** What was repaired or dropped when this lease was built (already logged at WARN). */
    public List<String> warnings() {
        return warnings;
    }

    /** A builder holding this lease's values, to derive a modified lease. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.interfaceName = interfaceName;
        b.serverAddress = serverAddress;
        b.clientMac = clientMac.clone();
        b.address = address;
        b.prefixLength = prefixLength;
        b.gateway = gateway;
        b.routes.addAll(routes);
        b.dnsServers.addAll(dnsServers);
        b.searchDomains.addAll(searchDomains);
        b.domainName = domainName;
        b.mtu = mtu;
        b.hostname = hostname;
        b.leaseSeconds = leaseSeconds;
        b.ntpServers.addAll(ntpServers);
        b.tftpServerName = tftpServerName;
        b.bootFileName = bootFileName;
        b.privateOptions.addAll(privateOptions);
        b.acceptRelayed = acceptRelayed;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeaseConfig other && other.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "LeaseConfig{" + interfaceName + ", " + clientMacText() + " -> " + address.getHostAddress() + "/"
                + prefixLength + "}";
    }

    /** Builds a {@link LeaseConfig}; every setter validates its value and names the field when it throws. */
    public static final class Builder {
        private String interfaceName;
        private Inet4Address serverAddress;
        private byte[] clientMac;
        private Inet4Address address;
        private int prefixLength;
        private Inet4Address gateway;
        private final List<StaticRoute> routes = new ArrayList<>();
        private final List<Inet4Address> dnsServers = new ArrayList<>();
        private final Set<String> searchDomains = new LinkedHashSet<>();
        private String domainName;
        private int mtu;
        private String hostname;
        private long leaseSeconds = DEFAULT_LEASE_SECONDS;
        private final List<Inet4Address> ntpServers = new ArrayList<>();
        private String tftpServerName;
        private String bootFileName;
        private final List<PrivateOption> privateOptions = new ArrayList<>();
        private boolean acceptRelayed;
        private final List<String> warnings = new ArrayList<>();

        private Builder() {
        }

        /** A Linux interface name: 1-15 bytes, no {@code /}, whitespace or {@code :}. */
        public Builder interfaceName(String name) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            boolean bad = bytes.length == 0 || bytes.length > MAX_INTERFACE_NAME || name.equals(".")
                    || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == ':' || c <= ' ' || c > '~');
            if (bad) {
                throw new LeaseConfigException("interface", name, "a Linux interface name of 1-15 characters");
            }
            this.interfaceName = name;
            return this;
        }

        public Builder serverAddress(Inet4Address serverAddress) {
            this.serverAddress = unicast("serverAddress", serverAddress);
            return this;
        }

        /** The client MAC as {@code aa:bb:cc:dd:ee:ff} (or with {@code -}), case-insensitive. */
        public Builder clientMac(String mac) {
            byte[] bytes = MacAddress.tryParse(mac).orElseThrow(
                    () -> new LeaseConfigException("clientMac", mac, "a MAC address like 02:00:00:74:17:75")).toBytes();
            if ((bytes[0] & 1) != 0) {
                throw new LeaseConfigException("clientMac", mac, "a unicast MAC (first octet even)");
            }
            this.clientMac = bytes;
            return this;
        }

        /** The guest address and prefix length, e.g. {@code 10.244.1.5} and {@code 24}. */
        public Builder address(Inet4Address address, int prefixLength) {
            String text = address.getHostAddress() + "/" + prefixLength;
            if (prefixLength < 1 || prefixLength > 32) {
                throw new LeaseConfigException("address", text, "a prefix length of 1..32");
            }
            unicast("address", address);
            if (prefixLength < 31) {
                int host = Ipv4.toInt(address) & ~Ipv4.mask(prefixLength);
                if (host == 0 || host == ~Ipv4.mask(prefixLength)) {
                    throw new LeaseConfigException("address", text, "a host address, not the network or broadcast");
                }
            }
            this.address = address;
            this.prefixLength = prefixLength;
            return this;
        }

        /** The default gateway, or {@code null} for none. */
        public Builder gateway(Inet4Address gateway) {
            this.gateway = gateway == null ? null : unicast("gateway", gateway);
            return this;
        }

        public Builder addRoute(StaticRoute route) {
            routes.add(route);
            return this;
        }

        public Builder addDnsServer(Inet4Address server) {
            dnsServers.add(unicast("dnsServers[" + dnsServers.size() + "]", server));
            return this;
        }

        /** Adds a search domain, lower-cased; an invalid or repeated one is dropped with a warning. */
        public Builder addSearchDomain(String domain) {
            Optional<String> valid = DomainNames.normalize(domain).filter(DhcpCodec::isValidDomainName);
            if (valid.isEmpty()) {
                warn("searchDomains: dropped \"" + domain + "\" (not a valid domain name)");
            } else if (!searchDomains.add(valid.get())) {
                warn("searchDomains: dropped repeated \"" + domain + "\"");
            }
            return this;
        }

        /** Option 15; an invalid name is dropped with a warning, {@code null} for none. */
        public Builder domainName(String name) {
            this.domainName = null;
            if (name != null) {
                Optional<String> valid = DomainNames.normalize(name).filter(DhcpCodec::isValidDomainName);
                if (valid.isEmpty()) {
                    warn("domainName: dropped \"" + name + "\" (not a valid domain name)");
                } else {
                    this.domainName = valid.get();
                }
            }
            return this;
        }

        /** Option 26, 68..65535; {@code null} for none. */
        public Builder mtu(Integer mtu) {
            if (mtu != null && (mtu < MIN_MTU || mtu > MAX_MTU)) {
                throw new LeaseConfigException("mtu", String.valueOf(mtu), MIN_MTU + ".." + MAX_MTU);
            }
            this.mtu = mtu == null ? 0 : mtu;
            return this;
        }

        /** Option 12, sanitized to a valid label (warning when changed); {@code null} for none. */
        public Builder hostname(String name) {
            this.hostname = null;
            if (name != null) {
                Optional<String> label = DomainNames.sanitizeHostname(name);
                if (label.isEmpty()) {
                    warn("hostname: dropped \"" + name + "\" (no valid host name characters)");
                } else {
                    if (!label.get().equals(name)) {
                        warn("hostname: \"" + name + "\" sent as \"" + label.get() + "\"");
                    }
                    this.hostname = label.get();
                }
            }
            return this;
        }

        /** Option 51: 1..4294967295 seconds (4294967295 is infinite). */
        public Builder leaseSeconds(long seconds) {
            if (seconds < 1 || seconds > MAX_LEASE_SECONDS) {
                throw new LeaseConfigException("leaseSeconds", String.valueOf(seconds), "1.." + MAX_LEASE_SECONDS);
            }
            this.leaseSeconds = seconds;
            return this;
        }

        public Builder addNtpServer(Inet4Address server) {
            ntpServers.add(unicast("ntpServers[" + ntpServers.size() + "]", server));
            return this;
        }

        /** Option 66 and BOOTP sname: printable ASCII, 1-63 characters; {@code null} for none. */
        public Builder tftpServerName(String name) {
            this.tftpServerName = bootpText("tftpServerName", name, MAX_TFTP_SERVER_NAME);
            return this;
        }

        /** Option 67 and BOOTP file: printable ASCII, 1-127 characters; {@code null} for none. */
        public Builder bootFileName(String name) {
            this.bootFileName = bootpText("bootFileName", name, MAX_BOOT_FILE_NAME);
            return this;
        }

        /** A site-specific option; codes must be unique, values 1-1024 bytes. */
        public Builder addPrivateOption(PrivateOption option) {
            String field = "privateOptions[" + privateOptions.size() + "]";
            for (PrivateOption existing : privateOptions) {
                if (existing.code() == option.code()) {
                    throw new LeaseConfigException(field + ".code", String.valueOf(option.code()),
                            "a code not used twice");
                }
            }
            int length = option.value().length;
            if (length == 0 || length > MAX_PRIVATE_OPTION_BYTES) {
                throw new LeaseConfigException(field + ".value", length + " bytes",
                        "1.." + MAX_PRIVATE_OPTION_BYTES + " bytes");
            }
            privateOptions.add(option);
            return this;
        }

        public Builder acceptRelayed(boolean accept) {
            this.acceptRelayed = accept;
            return this;
        }

        /**
         * Checks the required fields and the relations between fields, logs the warnings.
         *
         * @throws LeaseConfigException naming the field that is missing or inconsistent
         */
        public LeaseConfig build() {
            require("interface", interfaceName);
            require("serverAddress", serverAddress);
            require("clientMac", clientMac);
            require("address", address);
            if (serverAddress.equals(address)) {
                throw new LeaseConfigException("serverAddress", serverAddress.getHostAddress(),
                        "an address other than the guest's address");
            }
            Set<String> destinations = new HashSet<>();
            for (int i = 0; i < routes.size(); i++) {
                StaticRoute route = routes.get(i);
                if (!destinations.add(route.destination().getHostAddress() + "/" + route.prefixLength())) {
                    throw new LeaseConfigException("routes[" + i + "].destination",
                            route.destination().getHostAddress() + "/" + route.prefixLength(), "each destination once");
                }
            }
            LeaseConfig lease = new LeaseConfig(this);
            checkEncodable(lease);
            for (String warning : warnings) {
                LOG.warn("lease for {} on {}: {}", lease.clientMacText(), interfaceName, warning);
            }
            return lease;
        }

        /**
         * A reply carrying everything (option 249 too) must fit the 576 bytes every client accepts,
         * using overload: else some client would get no answer at all, so it is a config error now.
         */
        private void checkEncodable(LeaseConfig lease) {
            DhcpMessage discover = DhcpMessage.builder().clientMac(MacAddress.fromBytes(lease.clientMac))
                    .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.DISCOVER)
                    .option(DhcpOptionCodecs.PARAMETER_REQUEST_LIST, List.of(DhcpOptionCode.MS_CLASSLESS_STATIC_ROUTE))
                    .build();
            String problem;
            try {
                Decision decision = Responder.respond(discover, lease);
                if (!(decision instanceof Decision.Reply reply)) {
                    throw new IllegalStateException("a DISCOVER from the client got " + decision);
                }
                DhcpCodec.encode(reply.message(), EncodeOptions.DEFAULT);
                return;
            } catch (DhcpEncodeException e) {
                problem = "a reply of " + e.requiredSize() + " bytes; every client must get one within "
                        + e.maximumSize();
            } catch (IllegalArgumentException e) {
                problem = "a value the DHCP encoder rejects: " + e.getMessage();
            }
            Map<String, Integer> sizes = new LinkedHashMap<>();
            sizes.put("privateOptions", privateOptions.stream().mapToInt(o -> o.value().length + 2).sum());
            sizes.put("searchDomains", searchDomains.stream().mapToInt(d -> d.length() + 2).sum());
            sizes.put("routes", routes.size() * 9);
            sizes.put("dnsServers", dnsServers.size() * 4);
            sizes.put("ntpServers", ntpServers.size() * 4);
            String field = sizes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            throw new LeaseConfigException(field, sizes.get(field) + " bytes", "a lease whose replies can be encoded,"
                    + " but this lease makes " + problem);
        }

        private void warn(String warning) {
            warnings.add(warning);
        }

        private static void require(String field, Object value) {
            if (value == null) {
                throw new LeaseConfigException(field, null, "a value (required field)");
            }
        }

        private static Inet4Address unicast(String field, Inet4Address address) {
            int value = Ipv4.toInt(address);
            int first = value >>> 24;
            if (value == 0 || value == -1 || first >= 224 || first == 127) {
                throw new LeaseConfigException(field, address.getHostAddress(), "a unicast IPv4 address");
            }
            return address;
        }

        private static String bootpText(String field, String text, int max) {
            if (text == null) {
                return null;
            }
            boolean printable = text.chars().allMatch(c -> c >= ' ' && c <= '~');
            if (text.isEmpty() || text.length() > max || !printable) {
                throw new LeaseConfigException(field, text, "printable ASCII of 1-" + max + " characters");
            }
            return text;
        }
    }
}
