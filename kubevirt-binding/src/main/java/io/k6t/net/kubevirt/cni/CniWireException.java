package io.k6t.net.kubevirt.cni;

import java.io.IOException;

/**
 * A message between the plugin's client and {@link CniDaemon} that does not follow {@link CniWire}: a
 * wrong magic number (another protocol or version), a length over its limit, a truncated message, a
 * malformed environment entry. The message says which and with what value.
 */
public final class CniWireException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A malformed message. */
    public CniWireException(String message) {
        super(message);
    }
}
