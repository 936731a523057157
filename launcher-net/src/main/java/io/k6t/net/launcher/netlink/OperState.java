package io.k6t.net.launcher.netlink;

/** RFC 2863 operational state of a link ({@code IFLA_OPERSTATE}), as {@code ip link} shows it. */
public enum OperState {
    UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP;

    /** The state for the kernel's {@code IF_OPER_*} number; out-of-range numbers are UNKNOWN. */
    public static OperState fromKernel(int value) {
        OperState[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNKNOWN;
    }
}
