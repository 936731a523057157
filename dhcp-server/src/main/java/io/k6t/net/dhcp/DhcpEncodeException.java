package io.k6t.net.dhcp;

/**
 * A {@link DhcpMessage} cannot be encoded within the {@link EncodeOptions} given: it needs more bytes
 * than the maximum message size allows, even with option overload when that is permitted.
 */
public final class DhcpEncodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int requiredSize;
    private final int maximumSize;

    /**
     * @param requiredSize the smallest IP datagram size (bytes) the message needs as encoded
     * @param maximumSize the limit it had to fit, as in option 57 (IP + UDP + DHCP)
     * @param detail what did not fit
     */
    public DhcpEncodeException(int requiredSize, int maximumSize, String detail) {
        super("DHCP message does not fit: " + detail + " (needs " + requiredSize + " bytes, maximum message size "
                + maximumSize + ")");
        this.requiredSize = requiredSize;
        this.maximumSize = maximumSize;
    }

    /** The size (IP + UDP + DHCP, option 57 semantics) the message would need. */
    public int requiredSize() {
        return requiredSize;
    }

    /** The maximum message size it had to fit. */
    public int maximumSize() {
        return maximumSize;
    }
}
