package io.k6t.net.it.support;

/**
 * Which link drivers the running kernel has, asked through iproute2 (not the code under test): stock
 * Debian and Ubuntu kernels have dummy, vlan and bond; some container hosts' kernels do not. Tests
 * that depend on a driver assert the behaviour of the kernel they run on.
 */
public final class KernelLinkKinds {
    private KernelLinkKinds() {
    }

    /**
     * Whether {@code ip link add ... type KIND} works in {@code role}'s namespace of {@code net}
     * (the probe link is deleted again).
     *
     * @throws IllegalStateException when ip fails for another reason than a missing driver
     */
    public static boolean available(TestNetwork net, String role, String kind) {
        String probe = "k6tprobe0";
        TestNetwork.Result added = net.execAllowingFailure(role, "ip", "link", "add", probe, "type", kind);
        if (added.exitCode() == 0) {
            net.exec(role, "ip", "link", "del", probe);
            return true;
        }
        if (added.output().contains("Unknown device type") || added.output().contains("not supported")) {
            return false;
        }
        throw new IllegalStateException("ip link add " + probe + " type " + kind + " failed unexpectedly: "
                + added.output());
    }
}
