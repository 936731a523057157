package io.k6t.net.launcher.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.launcher.learn.AddressSource;
import io.k6t.net.launcher.learn.LearnedAddress;
import io.k6t.net.launcher.status.InterfaceStatus;
import io.k6t.net.launcher.status.LinkState;
import io.k6t.net.launcher.status.PodStatus;
import io.k6t.net.launcher.status.internal.StatusFile.Observed;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StatusAssemblyTest {
    private static final Instant NOW = Instant.parse("2026-12-05T11:00:00Z");

    @Test
    void observationsJoinTheBoundInterfacesWithTheGuestMacServedAndOnlyAddressesStillLeased() throws Exception {
        LearnedAddress current = new LearnedAddress(InetAddress.getByName("192.168.50.20"), AddressSource.DHCPV4,
                Optional.of(NOW.plusSeconds(1)), NOW.minusSeconds(10));
        LearnedAddress ended = new LearnedAddress(InetAddress.getByName("fd00:50::20"), AddressSource.DHCPV6,
                Optional.of(NOW), NOW.minusSeconds(3600));
        LinkState up = new LinkState("k6t-net1", true, true, Optional.empty());
        List<StatusAssembly.Bound> bound = List.of(
                new StatusAssembly.Bound("default", "eth0", "0a:58:0a:f4:01:05", "k6t-eth0", "tap0"),
                new StatusAssembly.Bound("l2", "net1", "02:00:00:00:00:01", "k6t-net1", "tapnet1"));

        PodStatus status = StatusAssembly.assemble(NOW, OptionalLong.of(42), bound, Map.of("net1",
                new Observed(Optional.of("02:00:00:74:17:76"), Optional.empty(), List.of(current, ended))),
                name -> name.equals("k6t-net1") ? up : LinkState.absent(name));

        assertThat(status.servingPid()).hasValue(42);
        InterfaceStatus eth0 = status.interfaces().get(0);
        assertThat(eth0.guestMac()).as("nothing observed: the plan's").isEqualTo("0a:58:0a:f4:01:05");
        assertThat(eth0.bridge()).isEqualTo(LinkState.absent("k6t-eth0"));
        assertThat(eth0.served()).isEmpty();
        InterfaceStatus net1 = status.interfaces().get(1);
        assertThat(net1.guestMac()).as("the MAC the serving process learns for").isEqualTo("02:00:00:74:17:76");
        assertThat(net1.bridge()).isEqualTo(up);
        assertThat(net1.learned()).containsExactly(current);
    }
}
