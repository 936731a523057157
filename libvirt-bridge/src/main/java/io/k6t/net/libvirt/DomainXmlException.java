package io.k6t.net.libvirt;

import java.util.Optional;

/** A domain XML could not be read or edited as asked; {@link #reason()} says why. */
public final class DomainXmlException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Why the edit or read failed. */
    public enum Reason {
        /** Not well-formed XML, or the root element is not {@code <domain>}. */
        MALFORMED,
        /** The root {@code <domain>} has no {@code <devices>} child to hold interfaces. */
        MISSING_DEVICES,
        /** An interface with the alias exists already (insert), or more than one has it. */
        DUPLICATE_ALIAS,
        /** No interface has the alias (replace, remove, detach). */
        UNKNOWN_ALIAS
    }

    private final Reason reason;
    private final String alias;

    /**
     * Creates the exception.
     *
     * @param reason why
     * @param alias the alias concerned, or {@code null}
     * @param message what happened, for people
     * @param cause the parser's exception, or {@code null}
     */
    public DomainXmlException(Reason reason, String alias, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.alias = alias;
    }

    /** Why the edit or read failed. */
    public Reason reason() {
        return reason;
    }

    /** The alias concerned, for the alias reasons. */
    public Optional<String> alias() {
        return Optional.ofNullable(alias);
    }
}
