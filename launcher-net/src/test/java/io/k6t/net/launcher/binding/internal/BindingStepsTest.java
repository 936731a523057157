package io.k6t.net.launcher.binding.internal;

import static io.k6t.net.launcher.binding.internal.BridgeBindingTest.CLOCK;
import static io.k6t.net.launcher.binding.internal.BridgeBindingTest.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BridgeBinding;
import io.k6t.net.launcher.binding.FaultyPodKernel;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.StepHook;
import io.k6t.net.launcher.binding.StepKind;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.netlink.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each step type alone against the in-memory kernel: forward converges, undo brings back what was. */
class BindingStepsTest {
    @TempDir
    Path tmp;

    private PodConfig config(boolean keep) throws IOException {
        Path resolv = tmp.resolve("resolv.conf");
        Files.writeString(resolv, "nameserver 10.96.0.10\n");
        return new PodConfig(tmp.resolve("state"), resolv, Optional.empty(), Optional.empty(),
                List.of(InterfaceConfig.of("default", "eth0").withKeepPodAddress(keep)));
    }

    private InterfacePlan plan(FakePodKernel k, boolean keep) throws IOException {
        return BridgeBinding.using(config(keep), k, StepHook.NONE, CLOCK).plan().interfaces().get(0);
    }

    private StepContext context(FakePodKernel k, Clock clock) throws IOException {
        return new StepContext(k, new StateStore(config(false).stateDir()), clock);
    }

    private static BindingStep step(StepKind kind) {
        return BindingExecutor.step(kind);
    }

    @Test
    void everyKindHasItsOwnStep() {
        for (StepKind kind : StepKind.values()) {
            assertThat(step(kind).kind()).isEqualTo(kind);
        }
    }

    @Test
    void bridgeForwardConvergesAndUndoLeavesAForeignBridgeAlone() throws IOException {
        FakePodKernel k = pod(false);
        InterfacePlan p = plan(k, false);
        StepContext c = context(k, CLOCK);
        String before = k.snapshot();
        step(StepKind.BRIDGE).forward(c, p);
        String once = k.snapshot();
        assertThat(once).contains("k6t-eth0 bridge " + p.bridgeMac(), "169.254.75.10/32");
        step(StepKind.BRIDGE).forward(c, p);
        assertThat(k.snapshot()).isEqualTo(once);
        step(StepKind.BRIDGE).undo(c, p);
        step(StepKind.BRIDGE).undo(c, p);
        assertThat(k.snapshot()).isEqualTo(before);

        k.addLink("k6t-eth0", "bridge");
        String foreign = k.snapshot();
        assertThatThrownBy(() -> step(StepKind.BRIDGE).forward(c, p)).isInstanceOfSatisfying(
                BindingException.class, e -> assertThat(e.reason()).isEqualTo(BindingException.Reason.NAME_TAKEN));
        step(StepKind.BRIDGE).undo(c, p);
        assertThat(k.snapshot()).isEqualTo(foreign);
    }

    @Test
    void podLinkUndoRestoresEveryAttributeAfterAFaultBeforeAnyOfItsKernelCalls() throws IOException {
        FakePodKernel counting = pod(false);
        InterfacePlan p = plan(counting, false);
        step(StepKind.BRIDGE).forward(context(counting, CLOCK), p);
        FaultyPodKernel count = FaultyPodKernel.failing(counting, 0);
        step(StepKind.POD_LINK).forward(new StepContext(count.kernel(), new StateStore(tmp), CLOCK), p);
        int calls = count.changes().size();
        assertThat(count.changes()).startsWith("setUp", "rename", "setMac", "setMaster").contains("deleteAddress");

        for (int failAt = 1; failAt <= calls; failAt++) {
            FakePodKernel k = pod(false);
            StepContext c = context(k, CLOCK);
            step(StepKind.BRIDGE).forward(c, p);
            String before = k.snapshot();
            FaultyPodKernel faulty = FaultyPodKernel.failing(k, failAt);
            StepContext broken = new StepContext(faulty.kernel(), new StateStore(tmp), CLOCK);
            assertThatThrownBy(() -> step(StepKind.POD_LINK).forward(broken, p))
                    .isInstanceOf(FaultyPodKernel.InjectedFault.class);
            step(StepKind.POD_LINK).undo(c, p);
            assertThat(k.snapshot()).as("fault before change %d of %d (%s)", failAt, calls, faulty.changes())
                    .isEqualTo(before);
        }
    }

    @Test
    void podLinkUndoAgesFiniteLifetimesAndDropsExpiredAddresses() throws IOException {
        FakePodKernel k = pod(false);
        InterfacePlan p = plan(k, false);
        step(StepKind.BRIDGE).forward(context(k, CLOCK), p);
        step(StepKind.POD_LINK).forward(context(k, CLOCK), p);

        step(StepKind.POD_LINK).undo(context(k, Clock.offset(CLOCK, Duration.ofSeconds(100))), p);
        Address vip = k.addresses(p.original().index()).stream().filter(a -> a.label().equals(Optional.of("eth0:vip")))
                .findFirst().orElseThrow();
        assertThat(vip.validLifetime()).isEqualTo(3500);
        assertThat(vip.preferredLifetime()).isEqualTo(1700);

        step(StepKind.POD_LINK).forward(context(k, CLOCK), p);
        step(StepKind.POD_LINK).undo(context(k, Clock.offset(CLOCK, Duration.ofSeconds(3600))), p);
        assertThat(k.addresses(p.original().index())).extracting(a -> a.prefix().toString())
                .containsExactly("10.244.1.5/24", "fd00::5/64", "fe80::858:aff:fef4:105/64");
    }

    @Test
    void tapForwardConvergesAndUndoDeletesIt() throws IOException {
        FakePodKernel k = pod(false);
        InterfacePlan p = plan(k, false);
        StepContext c = context(k, CLOCK);
        step(StepKind.BRIDGE).forward(c, p);
        String before = k.snapshot();
        step(StepKind.TAP).forward(c, p);
        String once = k.snapshot();
        assertThat(once).contains("tap0 tun", "mtu 1450 up master k6t-eth0");
        step(StepKind.TAP).forward(c, p);
        assertThat(k.snapshot()).isEqualTo(once);
        step(StepKind.TAP).undo(c, p);
        assertThat(k.snapshot()).isEqualTo(before);
    }

    @Test
    void placeholderHoldsThePodAddressesWithTheirAttributesAndUndoPutsArpIgnoreBack() throws IOException {
        FakePodKernel k = pod(false);
        InterfacePlan p = plan(k, true);
        StepContext c = context(k, CLOCK);
        step(StepKind.BRIDGE).forward(c, p);
        step(StepKind.POD_LINK).forward(c, p);
        String before = k.snapshot();
        step(StepKind.PLACEHOLDER).forward(c, p);
        String once = k.snapshot();
        assertThat(once).contains("eth0 veth", "eth0-ph veth", "arp_ignore=1",
                "10.244.1.5/24 brd 10.244.1.255 scope global label eth0 permanent",
                "10.244.1.6/24 scope global label eth0:vip secondary valid_lft 3600sec preferred_lft 1800sec",
                "fd00::5/64 scope global nodad permanent");
        step(StepKind.PLACEHOLDER).forward(c, p);
        assertThat(k.snapshot()).isEqualTo(once);
        step(StepKind.PLACEHOLDER).undo(c, p);
        assertThat(k.snapshot()).isEqualTo(before);
    }

    @Test
    void guestRouteForwardConvergesAndUndoDeletesIt() throws IOException {
        FakePodKernel k = pod(false);
        InterfacePlan p = plan(k, false);
        StepContext c = context(k, CLOCK);
        step(StepKind.BRIDGE).forward(c, p);
        String before = k.snapshot();
        step(StepKind.GUEST_ROUTE).forward(c, p);
        step(StepKind.GUEST_ROUTE).forward(c, p);
        assertThat(k.snapshot()).contains("route 10.244.1.5/32 dev k6t-eth0 table 254 proto static scope link");
        step(StepKind.GUEST_ROUTE).undo(c, p);
        assertThat(k.snapshot()).isEqualTo(before);
    }

    @Test
    void ipv6RoutingForwardConvergesAndUndoPutsForwardingBack() throws IOException {
        FakePodKernel k = pod(false);
        InterfacePlan p = plan(k, false);
        StepContext c = context(k, CLOCK);
        step(StepKind.BRIDGE).forward(c, p);
        step(StepKind.POD_LINK).forward(c, p);
        String before = k.snapshot();
        step(StepKind.IPV6_ROUTING).forward(c, p);
        String once = k.snapshot();
        assertThat(once).contains("net.ipv6.conf.all.forwarding=1",
                "route fd00::5/128 dev k6t-eth0 table 254 proto static scope global metric 1024",
                "route ::/0 via fd00::1 dev k6t-eth0 table 254 proto boot scope global metric 1024 onlink");
        step(StepKind.IPV6_ROUTING).forward(c, p);
        assertThat(k.snapshot()).isEqualTo(once);
        step(StepKind.IPV6_ROUTING).undo(c, p);
        step(StepKind.IPV6_ROUTING).undo(c, p);
        assertThat(k.snapshot()).isEqualTo(before);
    }

    @Test
    void dhcpIsolationUndoOfTheLastServedInterfaceDeletesTheTable() throws IOException {
        FakePodKernel k = pod(false);
        InterfacePlan p = plan(k, false);
        StepContext c = context(k, CLOCK);
        String before = k.snapshot();
        step(StepKind.DHCP_ISOLATION).forward(c, p);
        assertThat(k.snapshot()).contains("nft true", "k6t-eth0-in:iifname \"eth0-nic\" udp dport 67 drop");
        step(StepKind.DHCP_ISOLATION).undo(c, p);
        assertThat(k.snapshot()).isEqualTo(before);
    }

    @Test
    void persistStepsWriteThePhasesAndUndoRemovesTheFiles() throws IOException {
        FakePodKernel k = pod(false);
        InterfacePlan p = plan(k, false);
        StepContext c = context(k, CLOCK);
        step(StepKind.PERSIST_STARTED).forward(c, p);
        assertThat(c.store().read("eth0").orElseThrow().phase()).isEqualTo(Phase.STARTED);
        assertThat(c.store().read("eth0").orElseThrow().plan()).isEqualTo(p);
        step(StepKind.PERSIST_FINISHED).forward(c, p);
        assertThat(c.store().read("eth0").orElseThrow().phase()).isEqualTo(Phase.FINISHED);
        assertThat(Files.exists(c.store().leaseFile("eth0"))).isTrue();
        step(StepKind.PERSIST_FINISHED).undo(c, p);
        assertThat(c.store().read("eth0").orElseThrow().phase()).isEqualTo(Phase.STARTED);
        step(StepKind.PERSIST_STARTED).undo(c, p);
        assertThat(c.store().read("eth0")).isEmpty();
        assertThat(Files.exists(c.store().leaseFile("eth0"))).isFalse();
    }
}
