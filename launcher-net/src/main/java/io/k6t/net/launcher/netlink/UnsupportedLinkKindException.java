package io.k6t.net.launcher.netlink;

import io.k6t.net.os.Errno;

/**
 * The kernel has no driver for a link kind ({@code EOPNOTSUPP}, "Unknown device type"): for example
 * {@code dummy} on kernels built without it. Callers that only need a placeholder fall back to
 * another kind (see docs/netlink.md, "The dummy-driver fallback").
 */
public final class UnsupportedLinkKindException extends NetlinkException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    public UnsupportedLinkKindException(String operation, String kind, String extAck) {
        super(operation + ": the kernel has no '" + kind + "' link driver", Errno.EOPNOTSUPP, extAck);
        this.kind = kind;
    }

    /** The unsupported kind, as in {@code ip link add ... type KIND}. */
    public String kind() {
        return kind;
    }
}
