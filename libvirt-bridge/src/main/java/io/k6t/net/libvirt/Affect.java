package io.k6t.net.libvirt;

/** Which definition of a domain a device change applies to (libvirt's {@code VIR_DOMAIN_AFFECT_*}). */
public enum Affect {
    /** The running domain if it runs, else the persistent definition. */
    CURRENT,
    /** Only the running domain: gone after the next restart. */
    LIVE,
    /** Only the persistent definition: takes effect at the next start. */
    CONFIG,
    /** Both the running domain and the persistent definition. */
    LIVE_AND_CONFIG
}
