package io.k6t.net.kubevirt.sidecar;

/**
 * What the sidecar does when virt-launcher calls it; the {@link HookServer} maps each gRPC method
 * of every served version onto these.
 */
public interface Hooks {
    /**
     * The domain to define instead of {@code domainXml}.
     *
     * @throws HookInputException for malformed input (answered with {@code INVALID_ARGUMENT})
     */
    byte[] onDefineDomain(byte[] domainXml, byte[] vmiJson);

    /** virt-launcher is stopping: end the sidecar once the answer is sent. */
    void shutdown();
}
