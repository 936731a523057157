package io.k6t.net.launcher.tap;

import io.k6t.net.os.Errno;
import java.io.IOException;

/** A tap could not be created: names the tap, the failing call and the errno. */
public final class TapException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Errno errno;
    private final String tap;

    public TapException(String tap, String call, Errno errno, String detail) {
        super("tap " + tap + ": " + call + " failed: " + errno + (detail == null ? "" : ": " + detail));
        this.tap = tap;
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }

    public String tap() {
        return tap;
    }
}
