package io.k6t.net.it.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.it.support.CapturedLog;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade end to end: setup, DHCP servers inside the pod, a guest that leases, pings and renews. */
class PodNetworkIT {
    private static final Duration LEASE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static boolean pings(PodFixture f, String address) {
        // busybox comes with udhcpc; iputils-ping is not installed here.
        Prerequisites.requireTool("busybox", "busybox");
        return f.net.execAllowingFailure("guest", "busybox", "ping", "-c", "1", "-W", "1", address).exitCode() == 0;
    }

    private static InterfaceStats stats(PodNetwork pod, String bridge) {
        return pod.dhcp().orElseThrow().stats(bridge).orElseThrow();
    }

    @Test
    void guestLeasesThePodAddressPingsTheGatewayAndRenewsByUnicastToTheServer() throws Exception {
        try (PodFixture f = PodFixture.create(dir, 1, false);
                PodNetwork pod = PodNetwork.open(f.config(), Optional.of(f.net.name("pod")));
                CapturedLog log = CapturedLog.of(CapturedLog.DHCP_TRANSACTIONS)) {
            pod.setup();
            pod.startDhcp();
            f.attachGuest(0, "k6t-eth0", PodFixture.podMac(0));
            Udhcpc client = Udhcpc.start(f.net, "guest", "g0", dir);
            String bound = client.await(0, LEASE, "bound");
            assertThat(bound).contains("ip=10.100.1.5", "mask=24", "router=10.100.1.1", "mtu=1450",
                    "hostname=vm1", "dns=10.96.0.10", "search=ns.svc.cluster.local svc.cluster.local")
                    // RFC 3442: the on-link route to the server first, then the pod's routes, default last.
                    .contains("staticroutes=169.254.75.10/32 0.0.0.0 10.96.0.0/12 10.100.1.1 0.0.0.0/0 10.100.1.1");
            try {
                Poll.untilTrue(LEASE, "guest pings the node gateway", () -> pings(f, PodFixture.gateway(0)));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nguest:\n" + f.net.exec("guest", "ip", "addr")
                        + f.net.exec("guest", "ip", "route") + f.net.exec("guest", "ip", "neigh") + "\npod:\n"
                        + f.net.exec("pod", "bridge", "fdb") + f.net.exec("pod", "ip", "route") + "\nnode:\n"
                        + f.net.exec("node", "ip", "neigh") + f.net.exec("node", "ip", "-s", "link") + "\nclient:\n"
                        + client.events(), e);
            }

            int seen = client.events().size();
            int mark = log.mark();
            client.renew();
            assertThat(client.await(seen, LEASE, "renew", "deconfig", "leasefail")).startsWith("renew ip=10.100.1.5");
            // The renewal reached this server by unicast to its address and was ACKed.
            log.assertRenewedByUnicast(mark, LEASE, PodFixture.podMac(0), PodFixture.SERVER, PodFixture.podIp(0));
            assertThat(pings(f, PodFixture.gateway(0))).isTrue();
            client.stop();
        }
    }

    @Test
    void withKeepPodAddressTheUnicastRenewalNeverReachesTheServer() throws Exception {
        try (PodFixture f = PodFixture.create(dir, 1, false);
                PodNetwork pod = PodNetwork.open(f.config(i -> i.withKeepPodAddress(true)),
                        Optional.of(f.net.name("pod")))) {
            assertThat(pod.plan().warnings()).anyMatch(w -> w.contains("unicast renewals"));
            pod.setup();
            pod.startDhcp();
            f.attachGuest(0, "k6t-eth0", PodFixture.podMac(0));
            Udhcpc client = Udhcpc.start(f.net, "guest", "g0", dir);
            assertThat(client.await(0, LEASE, "bound")).contains("ip=10.100.1.5");
            long received = stats(pod, "k6t-eth0").received();
            int seen = client.events().size();
            client.renew();
            // The pod holds the guest's address on the placeholder, so it drops the guest's unicast
            // REQUEST (and its rebinding broadcast): the client gets no ACK, loses its lease and
            // starts over with a DISCOVER from 0.0.0.0.
            String next = client.await(seen, Duration.ofSeconds(60), "renew", "deconfig");
            assertThat(next).startsWith("deconfig");
            assertThat(client.await(seen, LEASE, "bound")).contains("ip=10.100.1.5");
            InterfaceStats after = stats(pod, "k6t-eth0");
            assertThat(after.acked()).as("only the new DISCOVER/REQUEST exchange was answered").isGreaterThan(0);
            assertThat(after.received() - received).as("the server saw DISCOVER + REQUEST only, no renewal")
                    .isEqualTo(2);
            client.stop();
        }
    }

    @Test
    void dhcpFromTheNodeSideNeverReachesTheServer() throws Exception {
        try (PodFixture f = PodFixture.create(dir, 1, false);
                PodNetwork pod = PodNetwork.open(f.config(), Optional.of(f.net.name("pod")))) {
            pod.setup();
            pod.startDhcp();
            // A node-side client spoofing the guest's MAC: without the bridge-family rules on eth0-nic
            // its DISCOVER would reach the server (bound to k6t-eth0) and be offered the pod IP.
            f.net.exec("node", "ip", "link", "set", "n0", "address", PodFixture.podMac(0));
            long received = stats(pod, "k6t-eth0").received();
            int exit = f.net.execAllowingFailure("node", "udhcpc", "-i", "n0", "-n", "-q", "-t", "3", "-T", "1",
                    "-s", "/bin/true").exitCode();
            assertThat(exit).as("udhcpc on the node side gets no lease").isNotZero();
            assertThat(stats(pod, "k6t-eth0").received()).isEqualTo(received);
            // The guest side is served as before.
            f.attachGuest(0, "k6t-eth0", PodFixture.podMac(0));
            Udhcpc client = Udhcpc.start(f.net, "guest", "g0", dir);
            assertThat(client.await(0, LEASE, "bound")).contains("ip=10.100.1.5");
            client.stop();
        }
    }

    @Test
    void twoInterfacesShareOneEventLoopAndHotPlugAddsAndRemovesAThird() throws Exception {
        try (PodFixture f = PodFixture.create(dir, 3, false)) {
            PodConfig all = f.config();
            PodConfig two = new PodConfig(all.stateDir(), all.resolvConf(), all.hostname(), all.subdomain(),
                    all.interfaces().subList(0, 2));
            String original = f.snapshot();
            try (PodNetwork pod = PodNetwork.open(two, Optional.of(f.net.name("pod")))) {
                pod.setup();
                pod.startDhcp();
                assertThat(pod.dhcp().orElseThrow().interfaces()).containsExactly("k6t-eth0", "k6t-net1");
                f.attachGuest(0, "k6t-eth0", PodFixture.podMac(0));
                f.attachGuest(1, "k6t-net1", PodFixture.podMac(1));
                Udhcpc c0 = Udhcpc.start(f.net, "guest", "g0", dir);
                Udhcpc c1 = Udhcpc.start(f.net, "guest", "g1", dir);
                assertThat(c0.await(0, LEASE, "bound")).contains("ip=10.100.1.5");
                assertThat(c1.await(0, LEASE, "bound")).contains("ip=10.101.1.5", "mtu=1449");

                InterfaceConfig third = all.interfaces().get(2);
                pod.addInterface(third);
                assertThat(pod.dhcp().orElseThrow().interfaces()).contains("k6t-net2");
                f.attachGuest(2, "k6t-net2", PodFixture.podMac(2));
                Udhcpc c2 = Udhcpc.start(f.net, "guest", "g2", dir);
                assertThat(c2.await(0, LEASE, "bound")).contains("ip=10.102.1.5");
                c2.stop();
                f.net.exec("pod", "ip", "link", "del", "gp2");
                pod.removeInterface(third.name());
                assertThat(pod.dhcp().orElseThrow().interfaces()).containsExactly("k6t-eth0", "k6t-net1");
                assertThat(f.pod.link("k6t-net2")).isEmpty();
                assertThat(f.net.exec("pod", "ip", "-4", "addr", "show", "dev", "net2")).contains("10.102.1.5/24");
                c0.stop();
                c1.stop();
                for (int g = 0; g < 2; g++) {
                    f.net.exec("pod", "ip", "link", "del", "gp" + g);
                }
                pod.teardown();
            }
            BridgeBindingIT.assertRestored(f, original, "teardown after hot plug");
        }
    }
}
