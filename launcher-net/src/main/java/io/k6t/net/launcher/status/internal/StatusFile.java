package io.k6t.net.launcher.status.internal;

import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.learn.LearnedAddress;
import io.k6t.net.launcher.status.ServedLease;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code status.json} in the state directory: what the serving process observed (served leases,
 * learned addresses), replaced atomically (temporary file, then rename) on every change, so a reader
 * in another process ({@code k6t-net status}) sees a whole snapshot or the previous one, never half.
 */
public final class StatusFile {
    /** The file's name in the state directory. */
    public static final String NAME = "status.json";
    private static final int VERSION = 1;

    /**
     * The observations of one interface.
     *
     * @param guestMac the MAC the serving process serves or learns for (the sidecar's follows the domain,
     *                 which may give the guest another MAC than the binding planned); empty: the plan's
     * @param served   the served lease, for a served interface
     * @param learned  the learned addresses, for a pass-through interface
     */
    public record Observed(Optional<String> guestMac, Optional<ServedLease> served, List<LearnedAddress> learned) {
        public Observed {
            guestMac = guestMac == null ? Optional.empty() : guestMac;
            Objects.requireNonNull(served, "served");
            learned = List.copyOf(learned);
        }
    }

    /**
     * One snapshot.
     *
     * @param version    the format version
     * @param pid        the process that wrote it (and serves)
     * @param written    when
     * @param interfaces by pod interface name
     */
    public record Snapshot(int version, long pid, Instant written, Map<String, Observed> interfaces) {
        public Snapshot {
            Objects.requireNonNull(written, "written");
            interfaces = Map.copyOf(interfaces);
        }

        /** A snapshot by this process at {@code written}. */
        public static Snapshot now(Instant written, Map<String, Observed> interfaces) {
            return new Snapshot(VERSION, ProcessHandle.current().pid(), written, interfaces);
        }
    }

    private final Path file;

    public StatusFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** Replaces the file with {@code snapshot}, atomically. */
    public void write(Snapshot snapshot) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + NAME + "." + snapshot.pid() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(StandardCharsets.UTF_8.encode(StatusJson.MAPPER.writeValueAsString(snapshot)));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BindingException(BindingException.Reason.STATE, "cannot write " + file + ": " + e, null, e);
        }
    }

    /** The last snapshot written, if the file exists. */
    public Optional<Snapshot> read() {
        try {
            return Optional.of(StatusJson.MAPPER.readValue(Files.readString(file), Snapshot.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BindingException(BindingException.Reason.STATE, "cannot read " + file + ": " + e, null, e);
        }
    }

    /** Removes the file (the serving process stops); nothing when it is gone. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new BindingException(BindingException.Reason.STATE, "cannot delete " + file + ": " + e, null, e);
        }
    }
}
