package io.k6t.net.kubevirt.cni;

import java.util.List;

/** The CNI specification versions the plugin speaks, and their order. */
public final class CniVersion {
    /** Every version the plugin accepts in {@code cniVersion}, oldest first. */
    public static final List<String> SUPPORTED = List.of("0.4.0", "1.0.0", "1.1.0");
    /** The newest version, used when a request names none (VERSION without input). */
    public static final String LATEST = "1.1.0";

    private CniVersion() {
    }

    /** Whether {@code version} is at least {@code minimum} (both {@code MAJOR.MINOR.PATCH}). */
    public static boolean atLeast(String version, String minimum) {
        int[] a = parse(version);
        int[] b = parse(minimum);
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return a[i] > b[i];
            }
        }
        return true;
    }

    /** Throws {@link CniException#INCOMPATIBLE_VERSION} unless the plugin speaks {@code version}. */
    public static void require(String version) {
        if (!SUPPORTED.contains(version)) {
            throw new CniException(CniException.INCOMPATIBLE_VERSION, "incompatible CNI version",
                    "cniVersion \"" + version + "\" (k6t-net supports " + SUPPORTED + ")");
        }
    }

    private static int[] parse(String version) {
        String[] parts = version.split("\\.", -1);
        if (parts.length != 3) {
            throw new CniException(CniException.DECODING_FAILED, "malformed CNI version",
                    "\"" + version + "\" (expected: MAJOR.MINOR.PATCH)");
        }
        int[] numbers = new int[3];
        try {
            for (int i = 0; i < 3; i++) {
                numbers[i] = Integer.parseInt(parts[i]);
            }
        } catch (NumberFormatException e) {
            throw new CniException(CniException.DECODING_FAILED, "malformed CNI version",
                    "\"" + version + "\" (expected: MAJOR.MINOR.PATCH)", e);
        }
        return numbers;
    }
}
