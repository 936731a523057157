package io.k6t.net.launcher.binding.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Phase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The state directory: {@code state-<podInterface>.json} (phase + the interface plan, written
 * before any change) and {@code lease-<podInterface>.json} (the DHCP server's configuration) per
 * interface. Files are replaced atomically (write, fsync, rename) so a crash leaves the old or the
 * new content, never a torn file.
 */
public final class StateStore {
    private final Path dir;

    /**
     * The state file format: 2 records the pod link's addresses and routes with every attribute, as
     * the netlink value types write them; 3 adds resolv.conf's IPv6 name servers and the IPv6 forwarding
     * setting before setup. A file of another version is refused (with what to do).
     */
    public static final int VERSION = 3;

    /** A persisted interface state. */
    public record StateFile(int version, Phase phase, InterfacePlan plan) {
    }

    public StateStore(Path dir) {
        this.dir = dir;
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The state file of {@code podInterface}. */
    public Path stateFile(String podInterface) {
        return dir.resolve("state-" + podInterface + ".json");
    }

    /** The lease file of {@code podInterface}. */
    public Path leaseFile(String podInterface) {
        return dir.resolve("lease-" + podInterface + ".json");
    }

    /** The recorded state of {@code podInterface}, if any. */
    public Optional<StateFile> read(String podInterface) {
        Path file = stateFile(podInterface);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(file.toFile());
            int version = tree.path("version").asInt(0);
            if (version != VERSION) {
                throw new BindingException(BindingException.Reason.STATE, "state file " + file + " has version "
                        + version + " (expected: " + VERSION + "); it was written by another k6t-net release:"
                        + " tear the pod down with that release, or delete the file and restore the pod link by hand");
            }
            return Optional.of(Json.MAPPER.treeToValue(tree, StateFile.class));
        } catch (IOException e) {
            throw new BindingException(BindingException.Reason.STATE, "cannot read state file " + file + ": " + e,
                    null, e);
        }
    }

    /** Records {@code plan} with {@code phase}. */
    public void write(Phase phase, InterfacePlan plan) {
        try {
            writeAtomically(stateFile(plan.podInterface()),
                    Json.MAPPER.writeValueAsString(new StateFile(VERSION, phase, plan)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("interface plan is not serializable", e);
        }
    }

    /** Writes the lease file of {@code plan}. */
    public void writeLease(InterfacePlan plan) {
        writeAtomically(leaseFile(plan.podInterface()), LeaseFiles.json(plan));
    }

    /** Every recorded interface state in the directory (none when it does not exist). */
    public List<StateFile> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StateFile> states = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith("state-") && name.endsWith(".json")) {
                    read(name.substring("state-".length(), name.length() - ".json".length())).ifPresent(states::add);
                }
            }
        } catch (IOException e) {
            throw new BindingException(BindingException.Reason.STATE, "cannot list " + dir + ": " + e, null, e);
        }
        return states;
    }

    /** Removes both files of {@code podInterface}; nothing when they are gone. */
    public void delete(String podInterface) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.deleteIfExists(leaseFile(podInterface));
            Files.deleteIfExists(stateFile(podInterface));
        } catch (IOException e) {
            throw new BindingException(BindingException.Reason.STATE, "cannot delete state of " + podInterface
                    + " in " + dir + ": " + e, null, e);
        }
    }

    private void writeAtomically(Path target, String content) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(StandardCharsets.UTF_8.encode(content));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BindingException(BindingException.Reason.STATE, "cannot write " + target + ": " + e, null, e);
        }
    }
}
