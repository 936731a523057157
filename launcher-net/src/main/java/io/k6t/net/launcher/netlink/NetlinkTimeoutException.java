package io.k6t.net.launcher.netlink;

import io.k6t.net.os.Errno;
import java.time.Duration;

/**
 * The kernel did not answer a request in time: the socket's receive timeout passed without a
 * datagram. Its errno is {@code ETIMEDOUT}; the message names the request and the timeout.
 */
public final class NetlinkTimeoutException extends NetlinkException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public NetlinkTimeoutException(String operation, Duration timeout, Throwable cause) {
        super(operation + ": no reply from the kernel within " + timeout.toMillis() + " ms (" + Errno.ETIMEDOUT + ")",
                operation, Errno.ETIMEDOUT, null, cause);
        this.timeout = timeout;
    }

    /** How long the request waited. */
    public Duration timeout() {
        return timeout;
    }
}
