package io.k6t.net.it.netlink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * iproute2 as the independent reader: runs {@code ip -j ...} inside a test namespace and parses
 * its JSON, so assertions never rely on k6t-net's own decoder.
 */
public final class Ip {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestNetwork net;
    private final String role;

    public Ip(TestNetwork net, String role) {
        this.net = net;
        this.role = role;
    }

    /** {@code ip -j ARGS} parsed; an empty output is an empty array. */
    public JsonNode json(String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-j"));
        command.addAll(List.of(args));
        return parse(net.exec(role, command.toArray(String[]::new)));
    }

    /** Parses the output of an {@code ip -j} command; an empty output is an empty array. */
    public JsonNode parse(String output) {
        try {
            return JSON.readTree(output.isBlank() ? "[]" : output);
        } catch (IOException e) {
            throw new UncheckedIOException("ip -j printed no JSON: " + output, e);
        }
    }

    /** {@code ip -j -d link show dev NAME}, or empty if iproute2 does not find it. */
    public Optional<JsonNode> link(String name) {
        TestNetwork.Result result = net.execAllowingFailure(role, "ip", "-j", "-d", "link", "show", "dev", name);
        if (result.exitCode() != 0) {
            return Optional.empty();
        }
        try {
            JsonNode array = JSON.readTree(result.output());
            return array.isEmpty() ? Optional.empty() : Optional.of(array.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("ip -j link show dev " + name + ": " + result.output(), e);
        }
    }

    /** The names of every link, as iproute2 lists them. */
    public List<String> linkNames() {
        return StreamSupport.stream(json("link", "show").spliterator(), false)
                .map(l -> l.get("ifname").asText()).toList();
    }

    /** {@code ADDRESS/PREFIX} of every address on {@code name} of one family ({@code -4} or {@code -6}). */
    public List<String> addresses(String family, String name) {
        List<String> result = new ArrayList<>();
        for (JsonNode link : json(family, "addr", "show", "dev", name)) {
            for (JsonNode info : link.path("addr_info")) {
                result.add(info.get("local").asText() + "/" + info.get("prefixlen").asInt());
            }
        }
        return result;
    }

    /** The flags iproute2 prints for a link ({@code UP}, {@code LOWER_UP}, ...). */
    public List<String> flags(String name) {
        JsonNode link = link(name).orElseThrow(() -> new AssertionError("iproute2 finds no link " + name));
        return StreamSupport.stream(link.path("flags").spliterator(), false).map(JsonNode::asText).toList();
    }
}
