package io.k6t.net.it.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.k6t.net.it.netlink.Ip;
import io.k6t.net.it.netlink.PodFixture;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.os.Errno;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netlink.Tuntap;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.launcher.tap.TapConfig;
import io.k6t.net.launcher.tap.TapDevices;
import io.k6t.net.launcher.tap.TapException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taps made through {@code /dev/net/tun}, checked in sysfs, with {@code ip -j -d}, and by a QEMU that opens them. */
class TapDevicesIT {
    private static final int IFF_PERSIST = 0x0800;
    private static final int QEMU_UID = 4242;

    @TempDir
    Path tmp;

    private PodFixture fixture;
    private TestNetwork net;
    private NetNamespace pod;
    private NetlinkHandle netlink;

    @BeforeEach
    void setUp() throws Exception {
        fixture = PodFixture.create();
        net = fixture.net();
        pod = fixture.pod();
        netlink = fixture.netlink();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void singleQueueTapWithOwnerAndGroup() throws Exception {
        TapConfig config = TapConfig.builder("tap0").owner(107).group(108).build();

        create(config);

        assertThat(sysfs("tap0", "tun_flags")).isEqualTo(hex(0x1002 | IFF_PERSIST));
        assertThat(sysfs("tap0", "owner")).isEqualTo("107");
        assertThat(sysfs("tap0", "group")).isEqualTo("108");
        JsonNode info = new Ip(net, "pod").link("tap0").orElseThrow().get("linkinfo");
        assertThat(info.get("info_kind").asText()).isEqualTo("tun");
        assertThat(info.get("info_data").get("type").asText()).isEqualTo("tap");
        assertThat(info.get("info_data").get("pi").asBoolean()).isFalse();
        assertThat(info.get("info_data").get("persist").asBoolean()).isTrue();
        assertThat(netlink.link("tap0")).isInstanceOf(Tuntap.class);
    }

    @Test
    void multiQueueTapWithVnetHeader() throws Exception {
        TapConfig config = TapConfig.builder("tap1").queues(4).vnetHeader(true).owner(QEMU_UID).group(QEMU_UID)
                .build();

        create(config);

        assertThat(sysfs("tap1", "tun_flags")).isEqualTo(hex(TapDevices.flags(config) | IFF_PERSIST))
                .isEqualTo("0x5902");
        JsonNode data = new Ip(net, "pod").link("tap1").orElseThrow().get("linkinfo").get("info_data");
        assertThat(data.get("multi_queue").asBoolean()).isTrue();
        assertThat(data.get("vnet_hdr").asBoolean()).isTrue();
    }

    @Test
    void anExistingNameIsEbusyAndTheLinkStaysAsItWas() throws Exception {
        net.exec("pod", "ip", "link", "add", "tap0", "type", "bridge");

        assertThatThrownBy(() -> create(TapConfig.builder("tap0").build()))
                .isInstanceOfSatisfying(TapException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EBUSY);
                    assertThat(e.tap()).isEqualTo("tap0");
                });
        assertThat(new Ip(net, "pod").link("tap0").orElseThrow().get("linkinfo").get("info_kind").asText())
                .isEqualTo("bridge");
    }

    @Test
    void deletingATapThroughNetlinkRemovesIt() throws Exception {
        create(TapConfig.builder("tap0").build());

        netlink.deleteLink("tap0");

        assertThat(new Ip(net, "pod").link("tap0")).isEmpty();
    }

    @Test
    void qemuRunningAsTheOwnerOpensEveryQueueAndAnotherUidCannot() throws Exception {
        Prerequisites.requireTool("qemu-system-x86_64", "qemu-system-x86");
        Prerequisites.requireTool("setpriv", "util-linux");
        create(TapConfig.builder("tap0").queues(2).vnetHeader(true).owner(QEMU_UID).group(QEMU_UID).build());

        Path ownerLog = tmp.resolve("qemu-owner.log");
        Process owner = startQemu("tap0", 2, QEMU_UID, ownerLog);
        Poll.untilTrue(Duration.ofSeconds(30), "QEMU as uid " + QEMU_UID + " holding both queues of tap0 (log: "
                + ownerLog + ")", () -> {
                    assertThat(owner.isAlive()).as("QEMU exited early: %s", read(ownerLog)).isTrue();
                    return queuesHeldBy(owner, "tap0") == 2;
                });
        TestNetwork.stop(owner);

        Path strangerLog = tmp.resolve("qemu-stranger.log");
        Process stranger = startQemu("tap0", 2, QEMU_UID + 1, strangerLog);
        Poll.untilTrue(Duration.ofSeconds(30), "QEMU as another uid to give up", () -> !stranger.isAlive());
        assertThat(stranger.exitValue()).isNotZero();
        assertThat(read(strangerLog)).contains("tap0").contains("Operation not permitted");
    }

    /**
     * QEMU (no machine, no guest) that only opens {@code -netdev tap}. /dev/net/tun is mode 0600 on
     * this host, as in a pod without the device plugin: inside the private mount namespace that
     * {@code ip netns exec} makes, a 0666 node for the same device is bound over it, so the tap's
     * owner check is what decides.
     */
    private Process startQemu(String tap, int queues, int uid, Path log) {
        String node = tmp.resolve("tun-" + uid).toString();
        String qemu = "qemu-system-x86_64 -accel tcg -machine none -nodefaults -display none -monitor none"
                + " -serial none -netdev tap,id=n0,ifname=" + tap + ",script=no,downscript=no,vhost=off,queues="
                + queues;
        return net.start("pod", log, "sh", "-c", "mknod -m 0666 " + node + " c 10 200 && mount --bind " + node
                + " /dev/net/tun && exec setpriv --reuid=" + uid + " --regid=" + uid + " --clear-groups " + qemu);
    }

    /** How many descriptors of {@code process} are attached to {@code tap} ({@code iff:} in fdinfo). */
    private static long queuesHeldBy(Process process, String tap) {
        Path fdinfo = Path.of("/proc", Long.toString(process.pid()), "fdinfo");
        try (Stream<Path> fds = Files.list(fdinfo)) {
            return fds.map(TapDevicesIT::readQuietly).flatMap(Optional::stream)
                    .filter(text -> text.contains("iff:\t" + tap + "\n")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Optional<String> readQuietly(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void create(TapConfig config) throws Exception {
        pod.run(() -> {
            TapDevices.create(config);
            return null;
        });
    }

    private String sysfs(String link, String file) {
        return net.exec("pod", "cat", "/sys/class/net/" + link + "/" + file).strip();
    }

    private static String hex(int value) {
        return String.format("0x%x", value);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
