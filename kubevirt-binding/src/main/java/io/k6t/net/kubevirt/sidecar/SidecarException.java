package io.k6t.net.kubevirt.sidecar;

/** The sidecar cannot start: no hand-off from the CNI plugin, or a socket it must serve is unavailable. */
public final class SidecarException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A start-up failure, with its cause (or null). */
    public SidecarException(String message, Throwable cause) {
        super(message, cause);
    }
}
