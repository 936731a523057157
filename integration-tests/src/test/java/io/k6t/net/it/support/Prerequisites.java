package io.k6t.net.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks for the tools an integration test needs. A missing tool fails the test with the Debian
 * package that provides it: integration tests never skip (scripts/install-deps.sh installs all).
 */
public final class Prerequisites {
    private static final List<String> PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
            "/sbin", "/bin", "/lib/systemd");

    private Prerequisites() {
    }

    /** Fails unless {@code tool} is an executable on the system path; returns its absolute path. */
    public static Path requireTool(String tool, String debianPackage) {
        for (String dir : PATH) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("integration test needs '" + tool + "' (Debian package " + debianPackage
                + "); run scripts/install-deps.sh as root");
    }

    /** Fails unless the test runs as root (namespaces, bridges and taps need CAP_NET_ADMIN). */
    public static void requireRoot() {
        String user = System.getProperty("user.name");
        if (!"root".equals(user)) {
            throw new AssertionError("integration tests need root (CAP_NET_ADMIN), running as " + user);
        }
    }
}
