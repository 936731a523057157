package io.k6t.net.it.guest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code K6T-<KIND> key=value ...} line of the guest console. Values hold no spaces; lists are
 * comma-separated; an absent value is empty ({@code router=}).
 */
record K6tLine(String kind, Map<String, String> fields) {
    private static final String PREFIX = "K6T-";

    K6tLine {
        fields = Map.copyOf(fields);
    }

    /** Parses the K6T record in {@code line}, which may carry console noise before it. */
    static Optional<K6tLine> parse(String line) {
        int start = line.indexOf(PREFIX);
        if (start < 0) {
            return Optional.empty();
        }
        String[] words = line.substring(start + PREFIX.length()).strip().split("\\s+");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String word : Arrays.asList(words).subList(1, words.length)) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed field '" + word + "' in guest line: " + line);
            }
            fields.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return Optional.of(new K6tLine(words[0], fields));
    }

    String text(String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("K6T-" + kind + " has no field '" + key + "': " + fields);
        }
        return value;
    }

    Optional<String> optional(String key) {
        return Optional.ofNullable(fields.get(key)).filter(v -> !v.isEmpty());
    }

    List<String> list(String key) {
        String value = text(key);
        return value.isEmpty() ? List.of() : List.of(value.split(","));
    }

    long number(String key) {
        String value = text(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("K6T-" + kind + " field '" + key + "' is not a number: " + value, e);
        }
    }
}
