package io.k6t.net.it.guest;

import io.k6t.net.it.support.BuildScript;
import io.k6t.net.it.support.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The guest kernel and initramfs, built (or found in the cache) by {@code scripts/build-guest.sh}
 * once per JVM.
 *
 * @param directory          the cache directory holding the files and {@code manifest.txt}
 * @param kernel             Debian's {@code vmlinuz} as shipped (bzImage)
 * @param uncompressedKernel the same kernel uncompressed ({@code vmlinux}, ELF with a PVH entry):
 *                           QEMU boots it directly, seconds faster under TCG than the bzImage
 * @param initrd             the busybox initramfs ({@code initrd.cpio.gz})
 */
public record GuestImage(Path directory, Path kernel, Path uncompressedKernel, Path initrd) {
    private static final long BUILD_TIMEOUT_MINUTES = 10;
    private static GuestImage built;

    public GuestImage {
        for (Path file : List.of(kernel, uncompressedKernel, initrd)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("guest image file missing: " + file);
            }
        }
    }

    /** Opens an image directory made by the build script. */
    public static GuestImage in(Path directory) {
        return new GuestImage(directory, directory.resolve("vmlinuz"), directory.resolve("vmlinux"),
                directory.resolve("initrd.cpio.gz"));
    }

    /**
     * Runs {@code scripts/build-guest.sh} (a cache hit when nothing changed) the first time it is
     * called in this JVM and returns the image; later calls return the same image.
     */
    public static synchronized GuestImage build() {
        if (built == null) {
            built = in(runBuildScript(repositoryRoot().resolve("scripts/build-guest.sh")));
        }
        return built;
    }

    /**
     * The repository checkout: system property {@code k6t.repo} if set, else the nearest directory
     * upwards from the working directory that holds {@code scripts/build-guest.sh}.
     */
    public static Path repositoryRoot() {
        String configured = System.getProperty("k6t.repo");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/build-guest.sh"))) {
                return dir;
            }
        }
        throw new AssertionError("no scripts/build-guest.sh above " + start + " (set -Dk6t.repo=...)");
    }

    private static Path runBuildScript(Path script) {
        Prerequisites.requireRoot();
        for (String[] tool : new String[][] {{"apt-get", "apt"}, {"dpkg-deb", "dpkg"}, {"cpio", "cpio"},
                {"xz", "xz-utils"}, {"zstd", "zstd"}}) {
            Prerequisites.requireTool(tool[0], tool[1]);
        }
        return BuildScript.run(script, Duration.ofMinutes(BUILD_TIMEOUT_MINUTES));
    }
}
