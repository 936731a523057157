package io.k6t.net.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A live tshark capture on one link of a test namespace, one line per frame (flushed as it comes),
 * holding the chosen fields, so a test counts what crossed that link. Only the first occurrence of
 * a field is kept (an ICMP error's inner header does not count).
 */
public final class Tshark implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final List<String> fields;

    private Tshark(Process process, Path log, List<String> fields) {
        this.process = process;
        this.log = log;
        this.fields = fields;
    }

    /** Starts capturing on {@code iface} in {@code role}'s namespace with a BPF {@code filter}; waits until it runs. */
    public static Tshark start(TestNetwork net, String role, String iface, String filter, Path dir, String... fields) {
        Prerequisites.requireTool("tshark", "tshark");
        Path log = dir.resolve("tshark-" + role + "-" + iface + ".log");
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-l", "-i", iface, "-f", filter, "-T",
                "fields", "-E", "separator=,", "-E", "occurrence=f"));
        for (String field : fields) {
            command.add("-e");
            command.add(field);
        }
        Tshark capture = new Tshark(net.start(role, log, command.toArray(String[]::new)), log, List.of(fields));
        Poll.untilTrue(Duration.ofSeconds(30), "tshark capturing on " + iface, () -> {
            if (!capture.process.isAlive()) {
                throw new AssertionError("tshark on " + iface + " exited: " + capture.text());
            }
            return capture.text().contains("Capturing on");
        });
        return capture;
    }

    /** The frames so far, each as field name to value ({@code ""} when the frame has no such field). */
    public List<Map<String, String>> frames() {
        List<Map<String, String>> frames = new ArrayList<>();
        for (String line : text().split("\n")) {
            String[] values = line.split(",", -1);
            if (values.length != fields.size() || line.contains(" ")) {
                continue; // tshark's own messages
            }
            Map<String, String> frame = new HashMap<>();
            for (int i = 0; i < values.length; i++) {
                frame.put(fields.get(i), values[i]);
            }
            frames.add(frame);
        }
        return frames;
    }

    /** How many frames so far match {@code filter}. */
    public long count(Predicate<Map<String, String>> filter) {
        return frames().stream().filter(filter).count();
    }

    /** The frames matching {@code filter}, as lines, for assertion messages. */
    public String show(Predicate<Map<String, String>> filter) {
        return String.join("\n", frames().stream().filter(filter)
                .map(f -> Arrays.toString(fields.stream().map(f::get).toArray())).toList());
    }

    private String text() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        TestNetwork.stop(process);
    }
}
