package io.k6t.net.dhcp.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.internal.Ipv4;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * A guest declined its address (DHCPDECLINE, RFC 2131 section 4.4.1): its ARP probe found another
 * machine answering for it on the link. One conflict is one address and one holder; more declines of
 * it only count.
 *
 * @param interfaceName the bridge served
 * @param address the address declined (option 50, else the lease's)
 * @param clientMac the guest that declined it
 * @param heldBy the MAC the pod's neighbour table holds for the address, when it knows one other than
 *     the guest's
 * @param firstDeclined the first decline of this conflict
 * @param lastDeclined the latest
 * @param declines how many declines so far, at least 1
 */
public record AddressConflict(String interfaceName, Inet4Address address, MacAddress clientMac,
        Optional<MacAddress> heldBy, Instant firstDeclined, Instant lastDeclined, long declines) {
    /** More declines of a known conflict are published again at most this often. */
    public static final Duration REPUBLISH_INTERVAL = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    public AddressConflict {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(clientMac, "clientMac");
        Objects.requireNonNull(heldBy, "heldBy");
        if (declines < 1 || lastDeclined.isBefore(firstDeclined)) {
            throw new IllegalArgumentException("declines " + declines + " from " + firstDeclined + " to "
                    + lastDeclined + " (expected: at least 1, last not before first)");
        }
    }

    /** A first decline. */
    public static AddressConflict first(String interfaceName, Inet4Address address, MacAddress clientMac,
            Instant at) {
        return new AddressConflict(interfaceName, address, clientMac, Optional.empty(), at, at, 1);
    }

    /** One more decline at {@code at}. */
    public AddressConflict declinedAgain(Instant at) {
        return new AddressConflict(interfaceName, address, clientMac, heldBy, firstDeclined,
                at.isBefore(lastDeclined) ? lastDeclined : at, declines + 1);
    }

    /** The same conflict with its holder known. */
    public AddressConflict heldBy(MacAddress holder) {
        return new AddressConflict(interfaceName, address, clientMac, Optional.of(holder), firstDeclined,
                lastDeclined, declines);
    }

    /** The file a conflict of {@code interfaceName} is published in, inside {@code directory}. */
    public static Path file(Path directory, String interfaceName) {
        return directory.resolve("conflict-" + interfaceName + ".json");
    }

    /** Writes this conflict to {@link #file} atomically (a temporary file, then a rename). */
    public void writeTo(Path directory) {
        Path target = file(directory, interfaceName);
        Path temporary = directory.resolve("." + target.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, toJson() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** The conflict published for {@code interfaceName} in {@code directory}, if any. */
    public static Optional<AddressConflict> readFrom(Path directory, String interfaceName) {
        Path file = file(directory, interfaceName);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the published conflict of {@code interfaceName}; true if there was one. */
    public static boolean remove(Path directory, String interfaceName) {
        try {
            return Files.deleteIfExists(file(directory, interfaceName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(directory, interfaceName), e);
        }
    }

    /** One JSON object: the fields above, addresses and MACs as text, times as ISO-8601 instants. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("interface", interfaceName);
        node.put("address", address.getHostAddress());
        node.put("clientMac", clientMac.toString());
        node.put("heldBy", heldBy.map(MacAddress::toString).orElse(null));
        node.put("firstDeclined", firstDeclined.toString());
        node.put("lastDeclined", lastDeclined.toString());
        node.put("declines", declines);
        return node.toString();
    }

    /**
     * Parses {@link #toJson}'s output.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static AddressConflict parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode heldBy = node.path("heldBy");
        return new AddressConflict(text(node, "interface"),
                Ipv4.tryParse(text(node, "address")).orElseThrow(() -> wrong(node, "address", "an IPv4 address")),
                mac(node, "clientMac"),
                heldBy.isNull() || heldBy.isMissingNode() ? Optional.empty() : Optional.of(mac(node, "heldBy")),
                instant(node, "firstDeclined"), instant(node, "lastDeclined"), positive(node, "declines"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw wrong(node, field, "text");
        }
        return value.asText();
    }

    private static MacAddress mac(JsonNode node, String field) {
        return MacAddress.tryParse(text(node, field)).orElseThrow(() -> wrong(node, field, "a MAC address"));
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw wrong(node, field, "an ISO-8601 instant");
        }
    }

    private static long positive(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.canConvertToLong() || value.asLong() < 1) {
            throw wrong(node, field, "a count of at least 1");
        }
        return value.asLong();
    }

    private static IllegalArgumentException wrong(JsonNode node, String field, String expected) {
        return new IllegalArgumentException(field + ": " + node.path(field) + " (expected: " + expected + ")");
    }
}
