package io.k6t.net.launcher.config;

/**
 * The pod configuration is invalid: names the field (a JSON path such as
 * {@code interfaces[1].dhcp.leaseSeconds}) and the offending value.
 */
public final class PodConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;

    /** {@code value} is the offending value as written in the input ({@code "null"} when absent). */
    public PodConfigException(String field, String value, String expected) {
        super(field + ": " + value + " (" + expected + ")");
        this.field = field;
        this.value = value;
    }

    /** A whole-document problem (not JSON, not readable). */
    public PodConfigException(String field, String value, String expected, Throwable cause) {
        super(field + ": " + value + " (" + expected + ")", cause);
        this.field = field;
        this.value = value;
    }

    /** The JSON path of the field, e.g. {@code interfaces[0].mtu}; {@code $} for the whole document. */
    public String field() {
        return field;
    }

    /** The offending value as written. */
    public String value() {
        return value;
    }
}
