package io.k6t.net.dhcp.server;

import java.util.Optional;

/**
 * A lease file (or a {@link LeaseConfig.Builder} call) that is not valid. The message names the
 * field and the offending value, e.g. {@code routes[1].gateway: "10.0.0" (expected: an IPv4 address)}.
 */
public final class LeaseConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;

    /**
     * @param field the JSON path of the field ({@code "mtu"}, {@code "routes[0].destination"})
     * @param value the offending value as written (may be {@code null} for a missing field)
     * @param expected what a valid value looks like
     */
    public LeaseConfigException(String field, String value, String expected) {
        super(field + ": " + (value == null ? "missing" : quote(value)) + " (expected: " + expected + ")");
        this.field = field;
        this.value = value;
    }

    /** Wraps an error with the file or source it came from. */
    public LeaseConfigException(String source, LeaseConfigException cause) {
        super(source + ": " + cause.getMessage(), cause);
        this.field = cause.field;
        this.value = cause.value;
    }

    /** A lease source that cannot be read or is not JSON at all. */
    public LeaseConfigException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.field = "";
        this.value = null;
    }

    /** The JSON path of the invalid field; empty when the whole document is unreadable. */
    public String field() {
        return field;
    }

    /** The offending value as written; empty when the field was missing. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }
}
