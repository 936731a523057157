package io.k6t.net.launcher.status;

import java.util.Objects;
import java.util.Optional;

/**
 * A link of the binding as the kernel has it now.
 *
 * @param name    the link's name
 * @param present whether it exists
 * @param up      whether it is administratively up
 * @param master  the bridge it is a port of, if any
 */
public record LinkState(String name, boolean present, boolean up, Optional<String> master) {
    public LinkState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(master, "master");
    }

    /** A link that does not exist. */
    public static LinkState absent(String name) {
        return new LinkState(name, false, false, Optional.empty());
    }
}
