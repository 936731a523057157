package io.k6t.net.launcher.binding.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.net.InetAddresses;
import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BridgeBinding;
import io.k6t.net.launcher.binding.FaultyPodKernel;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.Step;
import io.k6t.net.launcher.binding.StepHook;
import io.k6t.net.launcher.binding.StepKind;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.AddressFlags;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.NextHop;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.RouteProtocol;
import io.k6t.net.launcher.netlink.RouteScope;
import io.k6t.net.libvirt.InterfaceXml;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BridgeBindingTest {
    /** Discovery, setup and teardown all happen at this instant unless a test moves the clock on. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    /**
     * eth0 as a CNI leaves it with everything a restore must put back: a broadcast, a labelled
     * secondary address with lifetimes, IPv6 (nodad), a default route with a metric and a preferred
     * source, a static route, a multipath route in another table, IPv6 routes in main and another table.
     */
    static FakePodKernel pod(boolean dummyDriver) {
        FakePodKernel k = new FakePodKernel(dummyDriver, CLOCK);
        k.addPodLink("eth0", "0a:58:0a:f4:01:05", 1450, List.of(
                new Address(IpPrefix.parse("10.244.1.5/24"), Optional.empty(), Optional.of(ip("10.244.1.255")),
                        Optional.empty(), RouteScope.UNIVERSE, AddressFlags.NONE, Address.FOREVER, Address.FOREVER,
                        OptionalInt.empty(), 0),
                new Address(IpPrefix.parse("10.244.1.6/24"), Optional.empty(), Optional.empty(),
                        Optional.of("eth0:vip"), RouteScope.UNIVERSE, AddressFlags.NONE, 3600, 1800,
                        OptionalInt.empty(), 0),
                new Address(IpPrefix.parse("fd00::5/64"), Optional.empty(), Optional.empty(), Optional.empty(),
                        RouteScope.UNIVERSE, new AddressFlags(AddressFlags.NODAD), Address.FOREVER, Address.FOREVER,
                        OptionalInt.empty(), 0)),
                eth0 -> List.of(
                        Route.via(IpPrefix.parse("0.0.0.0/0"), ip("10.244.1.1"), eth0).withPriority(OptionalInt.of(100))
                                .withPreferredSource(Optional.of(ip("10.244.1.5"))),
                        Route.via(IpPrefix.parse("10.96.0.0/12"), ip("10.244.1.1"), eth0)
                                .withProtocol(RouteProtocol.STATIC).withPriority(OptionalInt.of(100)),
                        new Route(IpPrefix.parse("10.9.0.0/16"), Optional.empty(), 1, 100, RouteScope.UNIVERSE,
                                RouteProtocol.BOOT).withNextHops(List.of(
                                        new NextHop(Optional.of(ip("10.244.1.2")), eth0, 2, 0),
                                        new NextHop(Optional.of(ip("10.244.1.3")), eth0, 1, 0))),
                        Route.via(IpPrefix.parse("::/0"), ip("fd00::1"), eth0).withPriority(OptionalInt.of(1024)),
                        Route.via(IpPrefix.parse("fd01::/64"), ip("fd00::1"), eth0).withTable(200)));
        k.addPodLink("net1", "0a:58:0a:f5:00:07", 1500, List.of(Address.parse("10.245.0.7/16")), i -> List.of());
        k.addPodLink("net2", "0a:58:00:00:00:09", 9000, List.of(), i -> List.of());
        return k;
    }

    static InetAddress ip(String literal) {
        return InetAddresses.forString(literal);
    }

    private static BridgeBinding binding(PodConfig config, PodKernel k, StepHook hook) {
        return BridgeBinding.using(config, k, hook, CLOCK);
    }

    private PodConfig config(boolean keep) throws IOException {
        Path resolv = tmp.resolve("resolv.conf");
        Files.writeString(resolv, "search ns.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\n");
        return new PodConfig(tmp.resolve("state"), resolv, Optional.of("vm1"), Optional.empty(), List.of(
                InterfaceConfig.of("default", "eth0").withKeepPodAddress(keep), InterfaceConfig.of("blue", "net1"),
                InterfaceConfig.of("raw", "net2")));
    }

    @Test
    void planChangesNothingAndListsTheDesignSteps() throws IOException {
        FakePodKernel k = pod(false);
        String before = k.snapshot();
        Plan plan = binding(config(false), k, StepHook.NONE).plan();
        assertThat(k.snapshot()).isEqualTo(before);
        assertThat(Files.exists(tmp.resolve("state"))).isFalse();
        assertThat(plan.steps().stream().filter(s -> s.podInterface().equals("eth0")).map(Step::kind)).containsExactly(
                StepKind.PERSIST_STARTED, StepKind.BRIDGE, StepKind.POD_LINK, StepKind.TAP, StepKind.GUEST_ROUTE,
                StepKind.IPV6_ROUTING, StepKind.DHCP_ISOLATION, StepKind.PERSIST_FINISHED);
        // No IPv4: bridge and tap only.
        assertThat(plan.steps().stream().filter(s -> s.podInterface().equals("net2")).map(Step::kind)).containsExactly(
                StepKind.PERSIST_STARTED, StepKind.BRIDGE, StepKind.POD_LINK, StepKind.TAP, StepKind.PERSIST_FINISHED);
        assertThat(plan.steps()).extracting(Step::number).containsExactlyElementsOf(
                Stream.iterate(1, n -> n + 1).limit(plan.steps().size()).toList());
        assertThat(plan.interfaces().get(0).serverAddress()).contains((Inet4Address) ip("169.254.75.10"));
        assertThat(plan.interfaces().get(1).serverAddress()).contains((Inet4Address) ip("169.254.75.11"));
        assertThat(plan.interfaces().get(2).serverAddress()).isEmpty();
        assertThat(plan.toText()).contains("ip link set eth0 name eth0-nic",
                "ip addr add 169.254.75.10/32 dev k6t-eth0",
                "ip route add 10.244.1.5/32 dev k6t-eth0 scope link", "ip tuntap add dev tap2 mode tap vnet_hdr",
                "sysctl -w net.ipv6.conf.all.forwarding=1", "ip -6 route add fd00::5/128 dev k6t-eth0 proto static",
                "ip -6 route add ::/0 via fd00::1 dev k6t-eth0 table 254 proto boot scope global metric 1024 onlink",
                "guest: 0a:58:0a:f4:01:05 10.244.1.5/24 gateway 10.244.1.1, MTU 1450, DHCP from 169.254.75.10; IPv6"
                        + " fd00::5/64, router k6t-eth0, DHCPv6 and router advertisements")
                .doesNotContain("IPv4-only");
        assertThat(plan.warnings()).anyMatch(w -> w.startsWith("net2: no IPv4"));
        assertThat(plan.warnings()).noneMatch(w -> w.contains("keepPodAddress"));
        assertThat(plan.toDot()).contains("DHCPv6 server :547", "\\nfd00::5/64\", shape=ellipse");
        assertThat(plan.toDot()).startsWith("digraph k6t {").contains("k6t-eth0 (bridge)\\n169.254.75.10/32",
                "eth0-nic", "tap0", "i0_tap -> i0_guest").doesNotContain("placeholder");
    }

    @Test
    void planJsonCarriesStepsPhasesAndWarnings() throws IOException {
        Plan plan = binding(config(true), pod(true), StepHook.NONE).plan();
        JsonNode json = Json.MAPPER.readTree(plan.toJson());
        assertThat(json.get("steps")).hasSize(plan.steps().size());
        assertThat(json.get("steps").get(1).get("kind").asText()).isEqualTo("BRIDGE");
        assertThat(json.get("phases").get("eth0").asText()).isEqualTo("new");
        assertThat(json.get("interfaces").get(0).get("names").get("nic").asText()).isEqualTo("eth0-nic");
        assertThat(json.get("warnings").toString()).contains("unicast renewals");
        assertThat(plan.toDot()).contains("eth0 (placeholder, down)");
    }

    @ParameterizedTest(name = "keepPodAddress={0}")
    @ValueSource(booleans = {false, true})
    void applyBuildsTheTopologyAndRerunChangesNothing(boolean keep) throws IOException {
        FakePodKernel k = pod(false);
        PodConfig config = config(keep);
        binding(config, k, StepHook.NONE).apply();
        String applied = k.snapshot();
        assertThat(applied).contains("k6t-eth0 bridge", "eth0-nic veth", "master k6t-eth0 learning false",
                "tap0 tun", "mtu 1450 up master k6t-eth0", "169.254.75.10/32",
                "10.244.1.5/32 dev k6t-eth0 table 254 proto static scope link", "k6t-net2 bridge", "tap2 tun");
        assertThat(applied).contains("k6t-eth0-in:iifname \"eth0-nic\" udp dport 67 drop",
                "k6t-eth0-out:oifname \"eth0-nic\" udp sport 67 drop").doesNotContain("k6t-net2-in");
        if (keep) {
            assertThat(applied).contains("eth0 veth", "eth0-ph veth").contains("arp_ignore=1")
                    .contains("[10.244.1.5/24 brd 10.244.1.255 scope global label eth0 permanent, "
                            + "10.244.1.6/24 scope global label eth0:vip secondary valid_lft 3600sec"
                            + " preferred_lft 1800sec, fd00::5/64 scope global nodad permanent]");
        } else {
            assertThat(applied).doesNotContain("eth0 veth", "eth0-ph", "10.244.1.5/24").contains("arp_ignore=0");
        }
        Plan rerun = binding(config, k, StepHook.NONE).apply();
        assertThat(k.snapshot()).isEqualTo(applied);
        assertThat(rerun.phases().values()).containsOnly(Phase.FINISHED);
    }

    @Test
    void applyMovesTheGlobalIpv6AddressToTheGuestAndMakesThePodItsRouter() throws IOException {
        FakePodKernel k = pod(false);
        PodConfig config = config(false);
        binding(config, k, StepHook.NONE).apply();
        String applied = k.snapshot();
        assertThat(applied).contains("net.ipv6.conf.all.forwarding=1",
                "route fd00::5/128 dev k6t-eth0 table 254 proto static scope global metric 1024",
                "route ::/0 via fd00::1 dev k6t-eth0 table 254 proto boot scope global metric 1024 onlink",
                "route fd01::/64 via fd00::1 dev k6t-eth0 table 200 proto boot scope global onlink",
                "k6t-eth0-fwd:iifname \"eth0-nic\" icmpv6 type nd-router-advert drop");
        // The renamed pod link keeps only the link-local address the kernel makes.
        assertThat(k.addresses(k.link("eth0-nic").orElseThrow().index())).allMatch(Address::isIpv6LinkLocal);
        assertThat(applied).doesNotContain("fd00::5/64");
    }

    /** A pod with IPv6 only, as Calico gives it: a /128 and the default route via a link-local router. */
    static FakePodKernel ipv6OnlyPod() {
        FakePodKernel k = new FakePodKernel(false, CLOCK);
        k.addPodLink("eth0", "0a:58:0a:f4:01:05", 1450, List.of(new Address(IpPrefix.parse("fd00:10:244::5/128"),
                Optional.empty(), Optional.empty(), Optional.empty(), RouteScope.UNIVERSE,
                new AddressFlags(AddressFlags.NODAD), Address.FOREVER, Address.FOREVER, OptionalInt.empty(), 0)),
                eth0 -> List.of(Route.via(IpPrefix.parse("::/0"), ip("fe80::ecee:eeff:feee:eeee"), eth0)
                        .withPriority(OptionalInt.of(1024))));
        return k;
    }

    private PodConfig ipv6OnlyConfig() throws IOException {
        Path resolv = tmp.resolve("resolv.conf");
        Files.writeString(resolv, "search ns.svc.cluster.local\nnameserver fd00:10:96::a\nnameserver 10.96.0.10\n");
        return new PodConfig(tmp.resolve("state"), resolv, Optional.of("vm1"), Optional.empty(), List.of(
                InterfaceConfig.of("default", "eth0")));
    }

    @Test
    void ipv6OnlyPodIsServedByDhcpv6AndRoutedWithoutADhcpv4Server() throws IOException {
        FakePodKernel k = ipv6OnlyPod();
        String before = k.snapshot();
        PodConfig config = ipv6OnlyConfig();
        Plan plan = binding(config, k, StepHook.NONE).plan();
        assertThat(plan.steps()).extracting(Step::kind).containsExactly(StepKind.PERSIST_STARTED, StepKind.BRIDGE,
                StepKind.POD_LINK, StepKind.TAP, StepKind.IPV6_ROUTING, StepKind.DHCP_ISOLATION,
                StepKind.PERSIST_FINISHED);
        var iface = plan.interfaces().get(0);
        assertThat(iface.served()).isFalse();
        assertThat(iface.served6()).isTrue();
        assertThat(iface.serverAddress()).isEmpty();
        assertThat(plan.warnings()).isEmpty();
        assertThat(plan.toText()).contains("(no IPv4)", "IPv6 fd00:10:244::5/128, router k6t-eth0",
                "ip -6 route add ::/0 via fe80::ecee:eeff:feee:eeee dev k6t-eth0 table 254 proto boot scope global"
                        + " metric 1024\n");

        binding(config, k, StepHook.NONE).apply();
        assertThat(k.snapshot()).contains("route fd00:10:244::5/128 dev k6t-eth0",
                "route ::/0 via fe80::ecee:eeff:feee:eeee dev k6t-eth0 table 254 proto boot scope global metric 1024\n",
                "net.ipv6.conf.all.forwarding=1", "k6t-eth0-in:iifname \"eth0-nic\" udp dport 547 drop")
                .doesNotContain("fd00:10:244::5/128 scope global");
        assertThat(Files.exists(config.stateDir().resolve("lease-eth0.json"))).isFalse();

        var lease = LeaseFiles.lease6(iface);
        assertThat(lease.interfaceName()).isEqualTo("k6t-eth0");
        assertThat(lease.clientMac()).isEqualTo(iface.guestMac());
        assertThat(lease.serverMac()).isEqualTo(iface.bridgeMac());
        assertThat(InetAddresses.toAddrString(lease.address())).isEqualTo("fd00:10:244::5");
        assertThat(lease.prefixLength()).isEqualTo(128);
        assertThat(lease.dnsServers()).extracting(InetAddresses::toAddrString).containsExactly("fd00:10:96::a");
        assertThat(lease.searchDomains()).containsExactly("ns.svc.cluster.local");
        var ra = LeaseFiles.advertisement(iface);
        assertThat(ra.managed()).isTrue();
        assertThat(ra.other()).isTrue();
        assertThat(ra.routerLifetime()).isEqualTo(1800);
        assertThat(ra.mtu()).contains(1450);
        assertThat(ra.prefixLength()).isEqualTo(128);
        assertThat(ra.dnsServers()).isEqualTo(lease.dnsServers());

        binding(config, k, StepHook.NONE).teardown();
        assertThat(k.snapshot()).isEqualTo(before);
    }

    @Test
    void ipv6OnlyPodRollsBackExactlyFromAFaultBeforeEveryKernelChange() throws IOException {
        PodConfig config = ipv6OnlyConfig();
        FakePodKernel clean = ipv6OnlyPod();
        String original = clean.snapshot();
        FaultyPodKernel counting = FaultyPodKernel.failing(clean, 0);
        binding(config, counting.kernel(), StepHook.NONE).apply();
        String applied = clean.snapshot();
        int changes = counting.changes().size();
        assertThat(counting.changes()).contains("setSysctl", "replaceRoute");
        binding(config, clean, StepHook.NONE).teardown();
        for (int failAt = 1; failAt <= changes; failAt++) {
            FakePodKernel k = ipv6OnlyPod();
            FaultyPodKernel faulty = FaultyPodKernel.failing(k, failAt);
            String at = "fault before kernel change " + failAt + " " + faulty.changes();
            assertThatThrownBy(() -> binding(config, faulty.kernel(), StepHook.NONE).apply()).as(at)
                    .isInstanceOf(BindingException.class);
            assertThat(k.snapshot()).as(at).isEqualTo(original);
            binding(config, k, StepHook.NONE).apply();
            assertThat(k.snapshot()).as(at + ", rerun").isEqualTo(applied);
            binding(config, k, StepHook.NONE).teardown();
            assertThat(k.snapshot()).as(at + ", teardown").isEqualTo(original);
        }
    }

    @Test
    void onlyPermanentGlobalIpv6AddressesGoToTheGuestNotOnesTheKernelMadeFromAnAdvertisement() {
        Address cni = new Address(IpPrefix.parse("fd00:50::5/64"), Optional.empty(), Optional.empty(),
                Optional.empty(), RouteScope.UNIVERSE, new AddressFlags(AddressFlags.PERMANENT), Address.FOREVER,
                Address.FOREVER, OptionalInt.empty(), 0);
        Address slaac = new Address(IpPrefix.parse("fd00:50::858:aff:fef4:105/64"), Optional.empty(),
                Optional.empty(), Optional.empty(), RouteScope.UNIVERSE, new AddressFlags(AddressFlags.MANAGETEMPADDR),
                86400, 14400, OptionalInt.empty(), Address.PROTO_KERNEL_RA);
        Address slaacOnAnOlderKernel = new Address(slaac.prefix(), Optional.empty(), Optional.empty(),
                Optional.empty(), RouteScope.UNIVERSE, new AddressFlags(AddressFlags.MANAGETEMPADDR), 86400, 14400,
                OptionalInt.empty(), 0);
        assertThat(io.k6t.net.launcher.binding.InterfacePlan.isPodIpv6(cni)).isTrue();
        assertThat(io.k6t.net.launcher.binding.InterfacePlan.isPodIpv6(slaac)).isFalse();
        assertThat(io.k6t.net.launcher.binding.InterfacePlan.isPodIpv6(slaacOnAnOlderKernel)).isFalse();
    }

    @Test
    void libvirtInterfaceUsesTheTapAndTheGuestMac() throws IOException {
        Plan plan = binding(config(false), pod(false), StepHook.NONE).plan();
        String xml = InterfaceXml.toXml(plan.interfaces().get(0).libvirtInterface());
        assertThat(xml).contains("type=\"ethernet\"", "<target dev=\"tap0\" managed=\"no\"/>",
                "<mac address=\"0a:58:0a:f4:01:05\"/>", "<mtu size=\"1450\"/>", "<alias name=\"ua-default\"/>");
        assertThat(InterfaceXml.toXml(plan.interfaces().get(2).libvirtInterface())).contains("tap2",
                "<mtu size=\"9000\"/>");
    }

    @Test
    void leaseFileFollowsTheDesign() throws IOException {
        FakePodKernel k = pod(false);
        PodConfig config = config(false);
        binding(config, k, StepHook.NONE).apply();
        JsonNode lease = Json.MAPPER.readTree(config.stateDir().resolve("lease-eth0.json").toFile());
        assertThat(lease.get("interface").asText()).isEqualTo("k6t-eth0");
        assertThat(lease.get("serverAddress").asText()).isEqualTo("169.254.75.10");
        assertThat(lease.get("clientMac").asText()).isEqualTo("0a:58:0a:f4:01:05");
        assertThat(lease.get("address").asText()).isEqualTo("10.244.1.5/24");
        assertThat(lease.get("gateway").asText()).isEqualTo("10.244.1.1");
        assertThat(lease.get("routes").toString()).isEqualTo(
                "[{\"destination\":\"10.96.0.0/12\",\"gateway\":\"10.244.1.1\"},"
                        + "{\"destination\":\"0.0.0.0/0\",\"gateway\":\"10.244.1.1\"}]");
        assertThat(lease.get("dnsServers").toString()).isEqualTo("[\"10.96.0.10\"]");
        assertThat(lease.get("searchDomains").toString()).isEqualTo("[\"ns.svc.cluster.local\",\"svc.cluster.local\"]");
        assertThat(lease.get("mtu").asInt()).isEqualTo(1450);
        assertThat(lease.get("hostname").asText()).isEqualTo("vm1");
        assertThat(lease.get("leaseSeconds").asLong()).isEqualTo(86_313_600L);
        assertThat(Files.exists(config.stateDir().resolve("lease-net2.json"))).isFalse();
        assertThat(Files.exists(config.stateDir().resolve("state-net2.json"))).isTrue();
    }

    @ParameterizedTest(name = "keepPodAddress={0}, dummy driver={0}")
    @ValueSource(booleans = {false, true})
    void failureAtEveryStepRestoresThePodExactly(boolean keep) throws IOException {
        PodConfig config = config(keep);
        int steps = binding(config, pod(keep), StepHook.NONE).plan().steps().size();
        for (int failAt = 1; failAt <= steps; failAt++) {
            for (boolean after : new boolean[] {false, true}) {
                FakePodKernel k = pod(keep);
                String before = k.snapshot();
                int target = failAt;
                StepHook fault = new StepHook() {
                    @Override
                    public void before(Step step) {
                        if (!after && step.number() == target) {
                            throw new IllegalStateException("injected before step " + target);
                        }
                    }

                    @Override
                    public void after(Step step) {
                        if (after && step.number() == target) {
                            throw new IllegalStateException("injected after step " + target);
                        }
                    }
                };
                BridgeBinding binding = binding(config, k, fault);
                String at = "fail " + (after ? "after" : "before") + " step " + failAt;
                assertThatThrownBy(binding::apply).as(at).isInstanceOfSatisfying(BindingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BindingException.Reason.STEP_FAILED);
                    assertThat(e.getSuppressed()).isEmpty();
                });
                assertThat(k.snapshot()).as(at).isEqualTo(before);
                assertThat(stateFiles(config)).as(at).isEmpty();
            }
        }
    }

    /** Stands for SIGKILL: an Error is not rolled back by the executor, like a killed process. */
    private static final class Killed extends Error {
        private static final long serialVersionUID = 1L;
    }

    @ParameterizedTest(name = "keepPodAddress={0}")
    @ValueSource(booleans = {false, true})
    void crashAfterEveryStepResumesToTheSameResultAndTearsDownExactly(boolean keep) throws IOException {
        PodConfig config = config(keep);
        FakePodKernel clean = pod(false);
        String original = clean.snapshot();
        binding(config, clean, StepHook.NONE).apply();
        String applied = clean.snapshot();
        binding(config, clean, StepHook.NONE).teardown();
        assertThat(clean.snapshot()).isEqualTo(original);
        int steps = binding(config, pod(false), StepHook.NONE).plan().steps().size();
        for (int killAt = 1; killAt <= steps; killAt++) {
            FakePodKernel k = pod(false);
            int target = killAt;
            StepHook kill = new StepHook() {
                @Override
                public void after(Step step) {
                    if (step.number() == target) {
                        throw new Killed();
                    }
                }
            };
            assertThatThrownBy(() -> binding(config, k, kill).apply()).isInstanceOf(Killed.class);
            binding(config, k, StepHook.NONE).apply();
            assertThat(k.snapshot()).as("killed after step %d, rerun", killAt).isEqualTo(applied);
            binding(config, k, StepHook.NONE).teardown();
            assertThat(k.snapshot()).as("killed after step %d, teardown", killAt).isEqualTo(original);
            assertThat(stateFiles(config)).isEmpty();
        }
    }

    @ParameterizedTest(name = "keepPodAddress={0}, dummy driver={0}")
    @ValueSource(booleans = {false, true})
    void faultBeforeEveryKernelChangeRollsBackExactlyAndARerunFinishes(boolean keep) throws IOException {
        PodConfig config = config(keep);
        FakePodKernel clean = pod(keep);
        String original = clean.snapshot();
        FaultyPodKernel counting = FaultyPodKernel.failing(clean, 0);
        binding(config, counting.kernel(), StepHook.NONE).apply();
        String applied = clean.snapshot();
        int changes = counting.changes().size();
        assertThat(changes).as("kernel changes of a setup").isGreaterThan(30);
        binding(config, clean, StepHook.NONE).teardown();
        assertThat(stateFiles(config)).as("state after the counting run's teardown").isEmpty();
        for (int failAt = 1; failAt <= changes; failAt++) {
            FakePodKernel k = pod(keep);
            FaultyPodKernel faulty = FaultyPodKernel.failing(k, failAt);
            String at = "fault before kernel change " + failAt + " " + faulty.changes();
            assertThatThrownBy(() -> binding(config, faulty.kernel(), StepHook.NONE).apply()).as(at)
                    .isInstanceOfSatisfying(BindingException.class, e -> {
                        assertThat(e.reason()).isEqualTo(BindingException.Reason.STEP_FAILED);
                        assertThat(e.getCause()).isInstanceOf(FaultyPodKernel.InjectedFault.class);
                        assertThat(e.getSuppressed()).isEmpty();
                    });
            assertThat(k.snapshot()).as(at).isEqualTo(original);
            assertThat(stateFiles(config)).as(at).isEmpty();
            binding(config, k, StepHook.NONE).apply();
            assertThat(k.snapshot()).as(at + ", rerun").isEqualTo(applied);
            binding(config, k, StepHook.NONE).teardown();
            assertThat(k.snapshot()).as(at + ", teardown").isEqualTo(original);
        }
    }

    @ParameterizedTest(name = "keepPodAddress={0}, dummy driver={0}")
    @ValueSource(booleans = {false, true})
    void faultBeforeEveryKernelChangeOfATeardownKeepsTheStateAndARerunRestoresExactly(boolean keep)
            throws IOException {
        PodConfig config = config(keep);
        FakePodKernel clean = pod(keep);
        String original = clean.snapshot();
        binding(config, clean, StepHook.NONE).apply();
        FaultyPodKernel counting = FaultyPodKernel.failing(clean, 0);
        binding(config, counting.kernel(), StepHook.NONE).teardown();
        int changes = counting.changes().size();
        assertThat(clean.snapshot()).isEqualTo(original);
        for (int failAt = 1; failAt <= changes; failAt++) {
            FakePodKernel k = pod(keep);
            binding(config, k, StepHook.NONE).apply();
            FaultyPodKernel faulty = FaultyPodKernel.failing(k, failAt);
            String at = "teardown fault before kernel change " + failAt + " " + faulty.changes();
            assertThatThrownBy(() -> binding(config, faulty.kernel(), StepHook.NONE).teardown()).as(at)
                    .isInstanceOfSatisfying(BindingException.class, e -> assertThat(e.getSuppressed())
                            .singleElement().isInstanceOf(FaultyPodKernel.InjectedFault.class));
            assertThat(stateFiles(config)).as(at).isNotEmpty();
            binding(config, k, StepHook.NONE).teardown();
            assertThat(k.snapshot()).as(at + ", rerun").isEqualTo(original);
            assertThat(stateFiles(config)).as(at).isEmpty();
        }
    }

    @Test
    void foreignLinkHoldingTheBridgeNameStopsBeforeAnyChange() throws IOException {
        FakePodKernel k = pod(false);
        k.addLink("k6t-net1", "bridge");
        String before = k.snapshot();
        PodConfig config = config(false);
        assertThatThrownBy(() -> binding(config, k, StepHook.NONE).apply())
                .isInstanceOfSatisfying(BindingException.class,
                        e -> assertThat(e.reason()).isEqualTo(BindingException.Reason.NAME_TAKEN))
                .hasMessageContaining("k6t-net1");
        assertThat(k.snapshot()).isEqualTo(before);
        assertThat(stateFiles(config)).isEmpty();
    }

    @Test
    void missingPodInterfaceStopsBeforeAnyChange() throws IOException {
        FakePodKernel k = pod(false);
        String before = k.snapshot();
        PodConfig config = config(false).plus(InterfaceConfig.of("green", "net7"));
        assertThatThrownBy(() -> binding(config, k, StepHook.NONE).apply())
                .isInstanceOfSatisfying(BindingException.class,
                        e -> assertThat(e.reason()).isEqualTo(BindingException.Reason.POD_INTERFACE_MISSING))
                .hasMessageContaining("interfaces[3].podInterface: pod link net7 does not exist");
        assertThat(k.snapshot()).isEqualTo(before);
    }

    @Test
    void unwritableStateDirStopsBeforeAnyChange() throws IOException {
        FakePodKernel k = pod(false);
        String before = k.snapshot();
        PodConfig good = config(false);
        Files.writeString(tmp.resolve("a-file"), "");
        PodConfig config = new PodConfig(tmp.resolve("a-file"), good.resolvConf(), good.hostname(), good.subdomain(),
                good.interfaces());
        assertThatThrownBy(() -> binding(config, k, StepHook.NONE).apply())
                .isInstanceOfSatisfying(BindingException.class,
                        e -> assertThat(e.getCause()).isInstanceOfSatisfying(BindingException.class,
                                c -> assertThat(c.reason()).isEqualTo(BindingException.Reason.STATE)))
                .hasMessageContaining("a-file");
        assertThat(k.snapshot()).isEqualTo(before);
    }

    @Test
    void hotPlugAddsAndRemovesOneInterfaceLeavingTheOthers() throws IOException {
        FakePodKernel k = pod(false);
        PodConfig all = config(false);
        PodConfig first = new PodConfig(all.stateDir(), all.resolvConf(), all.hostname(), all.subdomain(),
                all.interfaces().subList(0, 1));
        binding(first, k, StepHook.NONE).apply();
        String one = k.snapshot();
        binding(all, k, StepHook.NONE).apply(List.of("blue"));
        assertThat(k.snapshot()).contains("k6t-net1 bridge", "k6t-net1-in:", "k6t-eth0-in:");
        binding(all, k, StepHook.NONE).teardown(List.of("blue"));
        assertThat(k.snapshot()).isEqualTo(one);
    }

    private static List<Path> stateFiles(PodConfig config) throws IOException {
        if (!Files.exists(config.stateDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(config.stateDir())) {
            return new ArrayList<>(files.toList());
        }
    }
}
