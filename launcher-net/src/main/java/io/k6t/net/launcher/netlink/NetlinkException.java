package io.k6t.net.launcher.netlink;

import io.k6t.net.os.Errno;
import java.io.IOException;
import java.util.Optional;

/**
 * The kernel refused a netlink request, or the exchange failed. Carries the errno and the kernel's
 * extended-ACK text (when it sent one), and says which operation failed in {@code ip} terms.
 */
public class NetlinkException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Errno errno;
    private final String operation;
    private final String extAck;

    /**
     * @param operation the operation in {@code ip} terms ({@code ip link add k6t-eth0 type bridge})
     * @param extAck the kernel's extended-ACK message, or null
     */
    public NetlinkException(String operation, Errno errno, String extAck) {
        this(operation, errno, extAck, null);
    }

    public NetlinkException(String operation, Errno errno, String extAck, Throwable cause) {
        this(operation + ": " + errno + (extAck == null || extAck.isEmpty() ? "" : ": " + extAck), operation, errno,
                extAck, cause);
    }

    /** For failures that are not the kernel's answer and say more than the errno: {@code message} in full. */
    protected NetlinkException(String message, String operation, Errno errno, String extAck, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.operation = operation;
        this.extAck = extAck == null || extAck.isEmpty() ? null : extAck;
    }

    /** The kernel's errno. */
    public Errno errno() {
        return errno;
    }

    /** The failed operation as the equivalent {@code ip} command. */
    public String operation() {
        return operation;
    }

    /** The kernel's extended-ACK message ({@code NLMSGERR_ATTR_MSG}), e.g. "Unknown device type". */
    public Optional<String> extAck() {
        return Optional.ofNullable(extAck);
    }
}
