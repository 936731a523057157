package io.k6t.net.launcher.netlink;

import io.k6t.net.os.Errno;

/** No link with the given name or index exists in the handle's namespace (errno {@code ENODEV}). */
public final class LinkNotFoundException extends NetlinkException {
    private static final long serialVersionUID = 1L;

    private final String link;

    /** @param link the name, or {@code #<index>} for a lookup by index */
    public LinkNotFoundException(String operation, String link, String extAck, Throwable cause) {
        super(operation + ": no link '" + link + "'", Errno.ENODEV, extAck, cause);
        this.link = link;
    }

    /** The missing link's name, or {@code #<index>}. */
    public String link() {
        return link;
    }
}
