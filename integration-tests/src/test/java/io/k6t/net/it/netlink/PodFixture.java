package io.k6t.net.it.netlink;

import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netns.NetNamespace;

/**
 * Throw-away namespaces with a {@link NetNamespace} and a {@link NetlinkHandle} open in the "pod"
 * one, and iproute2 there as the independent reader. Closing it closes the handle and the namespace
 * thread, then deletes the namespaces (also when one of the first two fails).
 */
public final class PodFixture implements AutoCloseable {
    private final TestNetwork net;
    private final NetNamespace pod;
    private final NetlinkHandle netlink;

    private PodFixture(TestNetwork net, NetNamespace pod, NetlinkHandle netlink) {
        this.net = net;
        this.pod = pod;
        this.netlink = netlink;
    }

    /** Namespaces for "pod" and {@code otherRoles}; {@code setup} commands run in "pod" before the handle opens. */
    public static PodFixture create(String... otherRoles) throws Exception {
        String[] roles = new String[otherRoles.length + 1];
        roles[0] = "pod";
        System.arraycopy(otherRoles, 0, roles, 1, otherRoles.length);
        TestNetwork net = TestNetwork.create(roles);
        NetNamespace pod = null;
        try {
            pod = NetNamespace.open(net.name("pod"));
            return new PodFixture(net, pod, pod.run(NetlinkHandle::open));
        } catch (Exception | Error e) {
            if (pod != null) {
                pod.close();
            }
            net.close();
            throw e;
        }
    }

    public TestNetwork net() {
        return net;
    }

    /** The pod namespace's thread. */
    public NetNamespace pod() {
        return pod;
    }

    /** A handle opened in the pod namespace. */
    public NetlinkHandle netlink() {
        return netlink;
    }

    /** iproute2 in the pod namespace. */
    public Ip ip() {
        return new Ip(net, "pod");
    }

    @Override
    public void close() throws NetlinkException {
        try {
            netlink.close();
        } finally {
            try {
                pod.close();
            } finally {
                net.close();
            }
        }
    }
}
