package io.k6t.net.launcher.netlink.internal;

/** A netlink message or attribute whose lengths do not add up; names the byte offset. */
public final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public MalformedMessageException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    /** Offset in the buffer being decoded where the problem was found. */
    public int offset() {
        return offset;
    }
}
