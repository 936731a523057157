package io.k6t.net.kubevirt.cni;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One attachment's binding state on the node: {@code <stateDir>/<network>/<containerId>-<ifname>/}
 * holds the binding's state and lease files, {@code <...>.lock} beside it serialises the commands on
 * the attachment (a second one while the first runs gets "try again later").
 */
final class Attachment {
    private final Path dir;
    private final String network;

    private Attachment(Path dir, String network) {
        this.dir = dir;
        this.network = network;
    }

    static Attachment of(NetworkConfig config, CniRequest request) {
        return new Attachment(config.stateDir().resolve(config.name())
                .resolve(dirName(request.containerId().get(), request.ifname().get())),
                config.logicNetworkName().orElse(config.name()));
    }

    /** Every attachment with state for the configuration's network (for GC). */
    static List<Attachment> all(NetworkConfig config) {
        Path networkDir = config.stateDir().resolve(config.name());
        List<Attachment> all = new ArrayList<>();
        if (!Files.isDirectory(networkDir)) {
            return all;
        }
        try (Stream<Path> entries = Files.list(networkDir)) {
            entries.filter(Files::isDirectory).sorted().forEach(d -> all.add(new Attachment(d, config.name())));
        } catch (IOException e) {
            throw new CniException(CniException.STATE, "cannot list the state directory", networkDir + ": " + e, e);
        }
        return all;
    }

    static String dirName(String containerId, String ifname) {
        return containerId + "-" + ifname;
    }

    Path dir() {
        return dir;
    }

    /** The VMI network name ({@code logicNetworkName}, else the CNI network's name). */
    String network() {
        return network;
    }

    /** The pod interface whose binding state is recorded here, if any. */
    Optional<String> boundInterface() {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("state-") && n.endsWith(".json"))
                    .map(n -> n.substring("state-".length(), n.length() - ".json".length()))
                    .sorted().findFirst();
        } catch (IOException e) {
            throw new CniException(CniException.STATE, "cannot read the binding state", dir + ": " + e, e);
        }
    }

    /** Takes the attachment's lock, or fails with {@link CniException#TRY_AGAIN_LATER}. */
    Lock lock() {
        Path file = dir.resolveSibling(dir.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(dir.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new CniException(CniException.TRY_AGAIN_LATER, "another command runs on this attachment",
                        file + " is locked");
            }
            return new Lock(channel);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel, e);
            throw new CniException(CniException.TRY_AGAIN_LATER, "another command runs on this attachment",
                    file + " is locked", e);
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new CniException(CniException.STATE, "cannot use the state directory", file + ": " + e, e);
        }
    }

    /** Deletes the attachment's state directory and lock file. */
    void remove() {
        try {
            if (Files.exists(dir)) {
                MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
            }
            Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".lock"));
        } catch (NoSuchFileException e) {
            // Removed concurrently (a GC): what was asked for is done.
        } catch (IOException e) {
            throw new CniException(CniException.STATE, "cannot remove the binding state", dir + ": " + e, e);
        }
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** A held attachment lock; closing releases it. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new CniException(CniException.STATE, "cannot release the attachment lock", e.toString(), e);
            }
        }
    }
}
