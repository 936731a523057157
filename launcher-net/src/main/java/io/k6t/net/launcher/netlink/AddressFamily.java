package io.k6t.net.launcher.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;

/** IPv4 or IPv6, as {@code ip -4} / {@code ip -6} select. */
public enum AddressFamily {
    INET(2), INET6(10);

    private final int kernelValue;

    AddressFamily(int kernelValue) {
        this.kernelValue = kernelValue;
    }

    /** {@code AF_INET} or {@code AF_INET6}. */
    public int kernelValue() {
        return kernelValue;
    }

    /** The family of {@code address}. */
    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet4Address ? INET : INET6;
    }
}
