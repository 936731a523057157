package io.k6t.net.libvirt;

/**
 * An {@link InterfaceSpec} field was given a value libvirt would reject or the bridge binding cannot
 * use. The message reads {@code "<field>: <value> (expected: <rule>)"}; {@link #field()} and
 * {@link #value()} carry the two parts for callers that report configuration errors themselves.
 */
public final class InvalidInterfaceSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;

    /**
     * Creates the exception.
     *
     * @param field the builder field, as named in {@link InterfaceSpec.Builder}
     * @param value the rejected input as given ({@code "absent"} when a required field was never set)
     * @param expected what would have been accepted
     */
    public InvalidInterfaceSpecException(String field, String value, String expected) {
        super(field + ": " + value + " (expected: " + expected + ")");
        this.field = field;
        this.value = value;
    }

    /** The field that was rejected, e.g. {@code "mac"}. */
    public String field() {
        return field;
    }

    /** The rejected value as given, or {@code "absent"}. */
    public String value() {
        return value;
    }
}
