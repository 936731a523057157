package io.k6t.net.kubevirt.sidecar;

/**
 * A hook call's input that cannot be used: the VMI JSON or the domain XML is malformed, or a value
 * in it is out of range. The hook server answers it with gRPC {@code INVALID_ARGUMENT} and this
 * message, which names the input and the field.
 */
public final class HookInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * An input error.
     *
     * @param field where in the input, e.g. {@code vmi.spec.domain.devices.interfaces[1].macAddress}
     * @param message what is wrong with it
     * @param cause the parser's or validator's exception, or null
     */
    public HookInputException(String field, String message, Throwable cause) {
        super(field + ": " + message, cause);
        this.field = field;
    }

    /** Where in the input the problem is, e.g. {@code vmi.spec.networks} or {@code domainXML}. */
    public String field() {
        return field;
    }
}
