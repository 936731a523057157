package io.k6t.net.it.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuGuestBuilderTest {
    @TempDir
    Path dir;

    private GuestImage image;

    @BeforeEach
    void image() throws IOException {
        for (String name : new String[] {"vmlinuz", "vmlinux", "initrd.cpio.gz"}) {
            Files.writeString(dir.resolve(name), name);
        }
        image = GuestImage.in(dir);
    }

    @Test
    void kernelCommandLineCarriesEveryGuestSetting() {
        QemuGuest.Builder builder = QemuGuest.builder(image).nic("tap0", "02:00:00:74:17:75")
                .nic("tap1", "02:00:00:00:50:01").defaultInterface("eth0").ping("10.244.1.1")
                .dhcpTimeout(Duration.ofSeconds(7)).previousAddress("eth0", "10.244.1.77/24")
                .renewOnce().kernelArgument("k6t.hold=2");

        assertThat(builder.kernelCommandLine()).isEqualTo("console=ttyS0 quiet panic=-1 k6t.nics=eth0,eth1 "
                + "k6t.default_iface=eth0 k6t.ping=10.244.1.1 k6t.dhcp_timeout=7 k6t.prev_ip=eth0:10.244.1.77/24 "
                + "k6t.renew=1 k6t.hold=2");
    }

    @Test
    void ipv6SettingsBecomeTheDhcp4Dhcp6AndPing6Arguments() {
        QemuGuest.Builder builder = QemuGuest.builder(image).nic("tap0", "02:00:00:74:17:75").noPing().noDhcp4()
                .dhcp6("eth0").ping6("fd00:ff::1");

        assertThat(builder.kernelCommandLine()).isEqualTo("console=ttyS0 quiet panic=-1 k6t.nics=eth0 k6t.ping=none "
                + "k6t.dhcp4=none k6t.dhcp6=eth0 k6t.ping6=fd00:ff::1 k6t.dhcp_timeout=20");
        assertThat(QemuGuest.builder(image).nic("tap0", "02:00:00:74:17:75").kernelCommandLine())
                .as("an IPv4 guest's command line is as before").doesNotContain("dhcp4", "dhcp6", "ping6");
    }

    @Test
    void qemuBootsTheUncompressedKernelWithOneVirtioNicPerTap() {
        QemuGuest.Builder builder = QemuGuest.builder(image).nic("tap0", "02:00:00:74:17:75")
                .nic("tap1", "02:00:00:00:50:01", 2).noPing();

        assertThat(builder.qemuCommand()).containsSubsequence("qemu-system-x86_64", "-accel", "tcg", "-no-reboot",
                "-kernel", dir.resolve("vmlinux").toString(), "-initrd", dir.resolve("initrd.cpio.gz").toString(),
                "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=n0,mac=02:00:00:74:17:75,romfile=",
                "-netdev", "tap,id=n1,ifname=tap1,script=no,downscript=no,queues=2",
                "-device", "virtio-net-pci,netdev=n1,mac=02:00:00:00:50:01,romfile=,mq=on,vectors=6");
        assertThat(builder.kernelCommandLine()).contains("k6t.ping=none");
    }

    @Test
    void badSettingsFailAsTheyAreSetNamingFieldAndValue() {
        QemuGuest.Builder builder = QemuGuest.builder(image);

        assertThatThrownBy(() -> builder.nic("tap0", "02:00:00:74:17")).hasMessageStartingWith("mac: '02:00:00:74:17'");
        assertThatThrownBy(() -> builder.nic("tap0", "03:00:00:74:17:75"))
                .hasMessage("mac: 03:00:00:74:17:75 (expected: unicast)");
        assertThatThrownBy(() -> builder.nic("a-tap-name-too-long", "02:00:00:74:17:75"))
                .hasMessageStartingWith("tap: 'a-tap-name-too-long'");
        assertThatThrownBy(() -> builder.nic("tap0", "02:00:00:74:17:75", 0)).hasMessageStartingWith("queues: 0");
        assertThatThrownBy(() -> builder.previousAddress("eth0", "10.244.1.77"))
                .hasMessage("previousAddress: 10.244.1.77 (expected: a.b.c.d/len)");
        assertThatThrownBy(() -> builder.ping("gateway")).hasMessageStartingWith("ping: 'gateway'");
        assertThatThrownBy(() -> builder.ping6("10.100.1.1"))
                .hasMessage("ping6: '10.100.1.1' (expected: an IPv6 address)");
        assertThatThrownBy(() -> builder.dhcp6("eth 0")).hasMessageStartingWith("dhcp6: 'eth 0'");
        assertThatThrownBy(() -> builder.dhcpTimeout(Duration.ofMillis(500)))
                .hasMessageStartingWith("dhcpTimeout: PT0.5S");
        assertThatThrownBy(() -> builder.kernelArgument("a b")).hasMessageStartingWith("kernelArgument: 'a b'");
        assertThatThrownBy(builder::qemuCommand).hasMessageContaining("no NIC");
    }

    @Test
    void anImageDirectoryWithoutItsFilesIsRejected() throws IOException {
        Files.delete(dir.resolve("vmlinux"));

        assertThatThrownBy(() -> GuestImage.in(dir)).hasMessage("guest image file missing: " + dir.resolve("vmlinux"));
    }
}
