package io.k6t.net.dhcp;

/**
 * How {@link DhcpCodec#encode} lays a message out: the largest datagram the receiver accepts (option 57
 * semantics: IP header + UDP header + DHCP message), whether option overload (52) may be used to fit,
 * and the minimum BOOTP message length to pad to. Immutable.
 */
public final class EncodeOptions {
    /** The size every DHCP client must accept (RFC 2131 section 2), and the smallest legal option 57. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 576;
    /** Bytes of IPv4 (without options) and UDP headers that option 57 counts in. */
    public static final int IP_UDP_HEADER_SIZE = 28;
    /** The minimum BOOTP message length relays expect (RFC 1542 section 2.1); shorter messages are padded. */
    public static final int BOOTP_MINIMUM_SIZE = 300;

    /** 576 bytes, overload allowed, padded to 300. */
    public static final EncodeOptions DEFAULT = new EncodeOptions(DEFAULT_MAX_MESSAGE_SIZE, true, BOOTP_MINIMUM_SIZE);

    private final int maxMessageSize;
    private final boolean overloadAllowed;
    private final int minimumSize;

    private EncodeOptions(int maxMessageSize, boolean overloadAllowed, int minimumSize) {
        this.maxMessageSize = maxMessageSize;
        this.overloadAllowed = overloadAllowed;
        this.minimumSize = minimumSize;
    }

    /** Defaults with the given maximum message size (a client's option 57). */
    public static EncodeOptions forMaxMessageSize(int maxMessageSize) {
        return builder().maxMessageSize(maxMessageSize).build();
    }

    /**
     * Defaults with the maximum message size {@code request} announced in option 57, brought into
     * 576..65535 (a client announcing less than the RFC 2132 minimum still gets 576, which every client
     * must accept); 576 when it announced none.
     */
    public static EncodeOptions forClient(DhcpMessage request) {
        int announced = request.options().maxMessageSize().orElse(DEFAULT_MAX_MESSAGE_SIZE);
        return forMaxMessageSize(Math.max(DEFAULT_MAX_MESSAGE_SIZE, announced));
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The largest IP datagram (IP + UDP + DHCP) the encoded message may make. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** The largest DHCP message (UDP payload): {@code maxMessageSize - 28}. */
    public int maxPayloadSize() {
        return maxMessageSize - IP_UDP_HEADER_SIZE;
    }

    /** Whether the encoder may move options into {@code file} then {@code sname} (option 52) to fit. */
    public boolean overloadAllowed() {
        return overloadAllowed;
    }

    /** The minimum BOOTP message length; shorter messages are zero-padded after END. */
    public int minimumSize() {
        return minimumSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodeOptions && ((EncodeOptions) o).maxMessageSize == maxMessageSize
                && ((EncodeOptions) o).overloadAllowed == overloadAllowed
                && ((EncodeOptions) o).minimumSize == minimumSize;
    }

    @Override
    public int hashCode() {
        return (maxMessageSize * 31 + minimumSize) * 2 + (overloadAllowed ? 1 : 0);
    }

    @Override
    public String toString() {
        return "EncodeOptions{maxMessageSize=" + maxMessageSize + ", overloadAllowed=" + overloadAllowed
                + ", minimumSize=" + minimumSize + "}";
    }

    /** Builds {@link EncodeOptions}; each setter validates its argument. */
    public static final class Builder {
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private boolean overloadAllowed = true;
        private int minimumSize = BOOTP_MINIMUM_SIZE;

        private Builder() {
        }

        /**
         * @throws IllegalArgumentException if outside 576..65535 (RFC 2132 9.10)
         */
        public Builder maxMessageSize(int maxMessageSize) {
            if (maxMessageSize < DEFAULT_MAX_MESSAGE_SIZE || maxMessageSize > 65_535) {
                throw new IllegalArgumentException("maxMessageSize: " + maxMessageSize + " (expected: 576..65535)");
            }
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        /** Whether option overload (52) may be used to fit; default true. */
        public Builder overloadAllowed(boolean overloadAllowed) {
            this.overloadAllowed = overloadAllowed;
            return this;
        }

        /**
         * @throws IllegalArgumentException if outside 0..548 (the padding must fit the smallest limit)
         */
        public Builder minimumSize(int minimumSize) {
            if (minimumSize < 0 || minimumSize > DEFAULT_MAX_MESSAGE_SIZE - IP_UDP_HEADER_SIZE) {
                throw new IllegalArgumentException("minimumSize: " + minimumSize + " (expected: 0..548)");
            }
            this.minimumSize = minimumSize;
            return this;
        }

        /** The options. */
        public EncodeOptions build() {
            return new EncodeOptions(maxMessageSize, overloadAllowed, minimumSize);
        }
    }
}
