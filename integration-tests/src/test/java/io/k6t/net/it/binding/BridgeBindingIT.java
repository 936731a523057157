package io.k6t.net.it.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.k6t.net.it.support.KernelLinkKinds;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BindingException.Reason;
import io.k6t.net.launcher.binding.BridgeBinding;
import io.k6t.net.launcher.binding.FaultyPodKernel;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.binding.Step;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.StepHook;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.config.TapOwner;
import io.k6t.net.launcher.netns.NetNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bridge binding against the real kernel, asserted with iproute2, nft and sysctl. */
class BridgeBindingIT {
    private static final Duration SETTLE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private interface WithBinding<T> {
        T apply(Function<PodConfig, BridgeBinding> binding) throws IOException;
    }

    /** Runs {@code body} with bindings acting in the fixture's pod namespace through real netlink. */
    private static <T> T inPod(PodFixture f, StepHook hook, WithBinding<T> body) throws IOException {
        try (NetNamespace ns = NetNamespace.open(f.net.name("pod"));
                PodKernel kernel = PodKernel.in(ns)) {
            return body.apply(config -> BridgeBinding.using(config, kernel, hook));
        }
    }

    /** Runs {@code body} with the real kernel of the fixture's pod namespace, failing its change {@code failAt}. */
    private static FaultyPodKernel withFault(PodFixture f, int failAt, Consumer<PodKernel> body) throws IOException {
        try (NetNamespace ns = NetNamespace.open(f.net.name("pod")); PodKernel kernel = PodKernel.in(ns)) {
            FaultyPodKernel faulty = FaultyPodKernel.failing(kernel, failAt);
            body.accept(faulty.kernel());
            return faulty;
        }
    }

    /** Waits (link-local addresses come back asynchronously) for the pod to look as before, else shows the diff. */
    static void assertRestored(PodFixture f, String original, String what) {
        try {
            Poll.untilTrue(SETTLE, what, () -> f.snapshot().equals(original));
        } catch (AssertionError timedOut) {
            assertThat(f.snapshot()).as(what).isEqualTo(original);
        }
    }

    @Test
    void applyCreatesEveryObjectOfTheDesign() throws IOException {
        try (PodFixture f = PodFixture.create(dir, 1, true)) {
            PodConfig config = f.config(i -> new InterfaceConfig(i.name(), i.podInterface(), i.macAddress(),
                    i.mtu(), 4, Optional.of(new TapOwner(107, 108)), i.model(), i.bootOrder(), false, true, i.dhcp()));
            Plan plan = inPod(f, StepHook.NONE, b -> b.apply(config).apply());
            InterfacePlan eth0 = plan.interfaces().get(0);

            JsonNode bridge = f.pod.link("k6t-eth0").orElseThrow();
            assertThat(bridge.at("/linkinfo/info_kind").asText()).isEqualTo("bridge");
            assertThat(bridge.get("address").asText()).isEqualTo(eth0.bridgeMac().toString());
            assertThat(bridge.get("flags").toString()).contains("\"UP\"");
            assertThat(f.pod.json("-4", "addr", "show", "dev", "k6t-eth0").get(0).get("addr_info").get(0)
                    .get("local").asText()).isEqualTo("169.254.75.10");

            JsonNode nic = f.pod.link("eth0-nic").orElseThrow();
            assertThat(nic.get("ifindex").asInt()).isEqualTo(eth0.original().index());
            assertThat(nic.get("address").asText()).isEqualTo(eth0.bridgeMac().toString());
            assertThat(nic.get("master").asText()).isEqualTo("k6t-eth0");
            assertThat(nic.get("mtu").asInt()).isEqualTo(1450);
            assertThat(nic.at("/linkinfo/info_slave_data/learning").asBoolean(true)).isFalse();
            assertThat(f.net.exec("pod", "ip", "-4", "addr", "show", "dev", "eth0-nic")).doesNotContain("inet ");
            assertThat(f.pod.link("eth0")).as("no placeholder by default").isEmpty();

            JsonNode tap = f.pod.link("tap0").orElseThrow();
            assertThat(tap.at("/linkinfo/info_kind").asText()).isEqualTo("tun");
            JsonNode tun = tap.at("/linkinfo/info_data");
            assertThat(tun.get("type").asText()).isEqualTo("tap");
            assertThat(tun.get("pi").asBoolean()).isFalse();
            assertThat(tun.get("vnet_hdr").asBoolean()).isTrue();
            assertThat(tun.get("multi_queue").asBoolean()).isTrue();
            assertThat(tun.get("persist").asBoolean()).isTrue();
            assertThat(tun.get("user").asText()).isIn("107", "#107");
            assertThat(tun.get("group").asText()).isIn("108", "#108");
            assertThat(tap.get("mtu").asInt()).isEqualTo(1450);
            assertThat(tap.get("master").asText()).isEqualTo("k6t-eth0");

            assertThat(f.net.exec("pod", "ip", "route", "show", "10.100.1.5/32")).contains("dev k6t-eth0")
                    .contains("scope link");
            String nft = f.net.exec("pod", "nft", "list", "table", "bridge", "k6t");
            assertThat(nft).contains("iifname \"eth0-nic\" udp dport 67 drop",
                    "oifname \"eth0-nic\" udp sport 67 drop", "hook input", "hook forward", "hook output");
            assertThat(f.net.exec("pod", "sysctl", "-n", "net.ipv4.conf.all.arp_ignore").strip()).isEqualTo("0");
            // IPv6: the address left the pod with the guest; the pod routes it over the bridge.
            assertThat(f.net.exec("pod", "ip", "-6", "addr", "show", "scope", "global")).doesNotContain("fd00:100::5");
            assertThat(f.net.exec("pod", "ip", "-6", "route", "show", "fd00:100::5/128")).contains("dev k6t-eth0",
                    "proto static");
            assertThat(f.net.exec("pod", "ip", "-6", "route", "show", "default")).contains("via fd00:100::1",
                    "dev k6t-eth0", "onlink");
            assertThat(f.net.exec("pod", "ip", "-6", "route", "show", "table", "200")).contains(
                    "fd01::/64 via fd00:100::1 dev k6t-eth0");
            assertThat(f.net.exec("pod", "sysctl", "-n", "net.ipv6.conf.all.forwarding").strip()).isEqualTo("1");
            assertThat(nft).contains("icmpv6 type nd-router-advert drop", "udp dport 547 drop");
            assertThat(Files.readString(config.stateDir().resolve("lease-eth0.json")))
                    .contains("\"address\" : \"10.100.1.5/24\"", "\"serverAddress\" : \"169.254.75.10\"");
            assertThat(TestNetwork.run(List.of("nft", "list", "tables"))).as("host ruleset untouched")
                    .doesNotContain("bridge k6t");
        }
    }

    /**
     * The placeholder is a dummy where the kernel has the driver (stock Debian and Ubuntu kernels),
     * else one end of a veth pair kept down with its peer (this project's test kernel). iproute2 says
     * which kernel this is; each branch asserts its own shape.
     */
    @Test
    void keepPodAddressPutsThePodAddressesOnADownDummyOrVethPlaceholderAsTheKernelAllows() throws IOException {
        try (PodFixture f = PodFixture.create(dir, 1, true)) {
            boolean kernelHasDummy = KernelLinkKinds.available(f.net, "pod", "dummy");
            PodConfig config = f.config(i -> i.withKeepPodAddress(true));
            Plan plan = inPod(f, StepHook.NONE, b -> b.apply(config).apply());
            assertThat(plan.warnings()).anyMatch(w -> w.contains("renewals"));
            JsonNode placeholder = f.pod.link("eth0").orElseThrow();
            assertThat(placeholder.get("flags").toString()).doesNotContain("\"UP\"");
            if (kernelHasDummy) {
                assertThat(placeholder.at("/linkinfo/info_kind").asText()).isEqualTo("dummy");
                assertThat(f.pod.link("eth0-ph")).as("no veth peer beside a dummy").isEmpty();
            } else {
                assertThat(placeholder.at("/linkinfo/info_kind").asText()).isEqualTo("veth");
                assertThat(f.pod.link("eth0-ph").orElseThrow().get("flags").toString()).doesNotContain("\"UP\"");
            }
            assertThat(f.net.exec("pod", "ip", "-4", "addr", "show", "dev", "eth0")).contains("10.100.1.5/24");
            assertThat(f.net.exec("pod", "ip", "-6", "addr", "show", "dev", "eth0")).contains("fd00:100::5/64");
            assertThat(f.net.exec("pod", "sysctl", "-n", "net.ipv4.conf.all.arp_ignore").strip()).isEqualTo("1");
        }
    }

    @ParameterizedTest(name = "keepPodAddress={0}")
    @ValueSource(booleans = {false, true})
    void rerunChangesNothingAndTeardownRestoresExactly(boolean keep) throws IOException {
        try (PodFixture f = PodFixture.create(dir, 2, true)) {
            String original = f.snapshot();
            PodConfig config = f.config(i -> i.withKeepPodAddress(keep));
            inPod(f, StepHook.NONE, b -> b.apply(config).apply());
            String applied = f.snapshot();
            assertThat(applied).isNotEqualTo(original);
            inPod(f, StepHook.NONE, b -> b.apply(config).apply());
            assertThat(f.snapshot()).isEqualTo(applied);
            inPod(f, StepHook.NONE, b -> {
                b.apply(config).teardown();
                return null;
            });
            assertRestored(f, original, "pod restored by teardown");
            assertThat(Files.list(config.stateDir())).isEmpty();
        }
    }

    @ParameterizedTest(name = "keepPodAddress={0}")
    @ValueSource(booleans = {false, true})
    void failureAtEveryStepRestoresThePodExactly(boolean keep) throws IOException {
        try (PodFixture f = PodFixture.create(dir, 2, true)) {
            String original = f.snapshot();
            PodConfig config = f.config(i -> i.withKeepPodAddress(keep));
            int steps = inPod(f, StepHook.NONE, b -> b.apply(config).plan().steps().size());
            for (int failAt = 1; failAt <= steps; failAt++) {
                int target = failAt;
                StepHook fault = new StepHook() {
                    @Override
                    public void after(Step step) {
                        if (step.number() == target) {
                            throw new IllegalStateException("injected fault after step " + target);
                        }
                    }
                };
                assertThatThrownBy(() -> inPod(f, fault, b -> b.apply(config).apply()))
                        .as("fault after step %d", failAt).isInstanceOfSatisfying(BindingException.class, e -> {
                            assertThat(e.reason()).isEqualTo(Reason.STEP_FAILED);
                            assertThat(e.step().orElseThrow().number()).isEqualTo(target);
                            assertThat(e.getSuppressed()).isEmpty();
                        });
                assertRestored(f, original, "pod restored after a fault after step " + failAt);
                assertThat(Files.list(config.stateDir())).as("fault after step %d", failAt).isEmpty();
            }
        }
    }

    /**
     * A fault before each kernel change of a setup in turn (so also between two calls of one step):
     * the rollback restores everything {@code ip -d} shows, and a rerun then finishes as an
     * uninterrupted setup does. With keepPodAddress, whose setup makes every kind of change.
     */
    @Test
    void faultBeforeEveryKernelChangeRollsBackExactlyAndARerunFinishes() throws IOException {
        try (PodFixture f = PodFixture.create(dir, 1, true)) {
            String original = f.snapshot();
            PodConfig config = f.config(i -> i.withKeepPodAddress(true));
            List<String> changes = withFault(f, 0, k -> BridgeBinding.using(config, k, StepHook.NONE).apply())
                    .changes();
            String applied = f.snapshot();
            assertThat(changes).as("kernel changes of a setup").hasSizeGreaterThan(15);
            withFault(f, 0, k -> BridgeBinding.using(config, k, StepHook.NONE).teardown());
            assertRestored(f, original, "clean teardown");
            for (int failAt = 1; failAt <= changes.size(); failAt++) {
                String at = "fault before kernel change " + failAt + " (" + changes.get(failAt - 1) + ")";
                int target = failAt;
                assertThatThrownBy(() -> withFault(f, target, k -> BridgeBinding.using(config, k, StepHook.NONE)
                        .apply())).as(at).isInstanceOfSatisfying(BindingException.class, e -> {
                            assertThat(e.reason()).isEqualTo(Reason.STEP_FAILED);
                            assertThat(e.getCause()).isInstanceOf(FaultyPodKernel.InjectedFault.class);
                            assertThat(e.getSuppressed()).isEmpty();
                        });
                assertRestored(f, original, at + ": rolled back");
                assertThat(Files.list(config.stateDir())).as(at).isEmpty();
                withFault(f, 0, k -> BridgeBinding.using(config, k, StepHook.NONE).apply());
                assertRestored(f, applied, at + ": rerun");
                withFault(f, 0, k -> BridgeBinding.using(config, k, StepHook.NONE).teardown());
                assertRestored(f, original, at + ": teardown after the rerun");
            }
        }
    }

    /** A fault before each kernel change of a teardown in turn: the state stays, and a rerun restores exactly. */
    @Test
    void faultBeforeEveryKernelChangeOfATeardownKeepsTheStateAndARerunRestoresExactly() throws IOException {
        try (PodFixture f = PodFixture.create(dir, 1, true)) {
            String original = f.snapshot();
            PodConfig config = f.config();
            withFault(f, 0, k -> BridgeBinding.using(config, k, StepHook.NONE).apply());
            List<String> changes = withFault(f, 0, k -> BridgeBinding.using(config, k, StepHook.NONE).teardown())
                    .changes();
            assertRestored(f, original, "clean teardown");
            for (int failAt = 1; failAt <= changes.size(); failAt++) {
                String at = "teardown fault before kernel change " + failAt + " (" + changes.get(failAt - 1) + ")";
                int target = failAt;
                withFault(f, 0, k -> BridgeBinding.using(config, k, StepHook.NONE).apply());
                assertThatThrownBy(() -> withFault(f, target, k -> BridgeBinding.using(config, k, StepHook.NONE)
                        .teardown())).as(at).isInstanceOfSatisfying(BindingException.class, e -> assertThat(
                                e.getSuppressed()).singleElement().isInstanceOf(FaultyPodKernel.InjectedFault.class));
                assertThat(Files.exists(config.stateDir().resolve("state-eth0.json"))).as(at).isTrue();
                withFault(f, 0, k -> BridgeBinding.using(config, k, StepHook.NONE).teardown());
                assertRestored(f, original, at + ": rerun");
                assertThat(Files.list(config.stateDir())).as(at).isEmpty();
            }
        }
    }

    @Test
    void twoAndEightInterfacesWithOneWithoutIpv4() throws IOException {
        for (int count : new int[] {2, 8}) {
            try (PodFixture f = PodFixture.create(Files.createDirectories(dir.resolve("n" + count)), count, false, 1)) {
                String original = f.snapshot();
                PodConfig config = f.config();
                Plan plan = inPod(f, StepHook.NONE, b -> b.apply(config).apply());
                for (int i = 0; i < count; i++) {
                    String bridge = plan.interfaces().get(i).names().bridge();
                    assertThat(f.pod.link(bridge)).as(bridge).isPresent();
                    assertThat(f.pod.link("tap" + i)).isPresent();
                    String addresses = f.net.exec("pod", "ip", "-4", "addr", "show", "dev", bridge);
                    String nft = f.net.exec("pod", "nft", "list", "ruleset");
                    if (i == 1) {
                        // No IPv4: bridge and tap only; the guest's own DHCP passes through untouched.
                        assertThat(addresses).doesNotContain("inet ");
                        assertThat(nft).doesNotContain("net1-nic");
                        assertThat(Files.exists(config.stateDir().resolve("lease-net1.json"))).isFalse();
                    } else {
                        assertThat(addresses).contains("169.254.75.1" + i + "/32");
                        assertThat(nft).contains("iifname \"" + PodFixture.podInterface(i) + "-nic\"");
                        assertThat(Files.exists(config.stateDir().resolve("lease-" + PodFixture.podInterface(i)
                                + ".json"))).isTrue();
                    }
                }
                inPod(f, StepHook.NONE, b -> {
                    b.apply(config).teardown();
                    return null;
                });
                assertRestored(f, original, count + " interfaces restored");
            }
        }
    }

    @Test
    void badInputIsAClearErrorAndChangesNothing() throws IOException {
        try (PodFixture f = PodFixture.create(dir, 1, false)) {
            String original = f.snapshot();
            PodConfig good = f.config();

            PodConfig missing = good.plus(InterfaceConfig.of("blue", "net9"));
            assertThatThrownBy(() -> inPod(f, StepHook.NONE, b -> b.apply(missing).apply()))
                    .isInstanceOfSatisfying(BindingException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.POD_INTERFACE_MISSING))
                    .hasMessageContaining("net9");
            assertThat(f.snapshot()).isEqualTo(original);

            Files.writeString(dir.resolve("not-a-dir"), "");
            PodConfig unwritable = new PodConfig(dir.resolve("not-a-dir"), good.resolvConf(), good.hostname(),
                    good.subdomain(), good.interfaces());
            assertThatThrownBy(() -> inPod(f, StepHook.NONE, b -> b.apply(unwritable).apply()))
                    .isInstanceOf(BindingException.class).hasMessageContaining("not-a-dir");
            assertThat(f.snapshot()).isEqualTo(original);

            f.net.exec("pod", "ip", "link", "add", "k6t-eth0", "type", "bridge");
            String withForeign = f.snapshot();
            assertThatThrownBy(() -> inPod(f, StepHook.NONE, b -> b.apply(good).apply()))
                    .isInstanceOfSatisfying(BindingException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NAME_TAKEN))
                    .hasMessageContaining("k6t-eth0");
            assertThat(f.snapshot()).isEqualTo(withForeign);
            assertThat(Files.exists(good.stateDir().resolve("state-eth0.json"))).isFalse();
        }
    }
}
