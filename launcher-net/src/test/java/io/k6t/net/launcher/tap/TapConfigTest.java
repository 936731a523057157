package io.k6t.net.launcher.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TapConfigTest {

    @Test
    void flagsFollowTheConfig() {
        TapConfig single = TapConfig.builder("tap0").build();
        TapConfig multi = TapConfig.builder("tap1").queues(4).vnetHeader(true).owner(107).group(108).build();

        assertThat(TapDevices.flags(single)).isEqualTo(0x1002);
        assertThat(TapDevices.flags(multi)).isEqualTo(0x5102);
        assertThat(multi).hasToString("ip tuntap add dev tap1 mode tap multi_queue vnet_hdr user 107 group 108");
    }

    @Test
    void ifreqHoldsTheNameThenTheFlags() {
        byte[] ifreq = TapDevices.ifreq("tap0", 0x5102);

        assertThat(ifreq).hasSize(40);
        assertThat(new String(ifreq, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("tap0");
        assertThat(ifreq[4]).isZero();
        assertThat(ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder()).getShort(16)).isEqualTo((short) 0x5102);
    }

    @Test
    void badValuesAreRefusedNamingTheTap() {
        assertThatThrownBy(() -> TapConfig.builder("tap0").queues(0)).hasMessageContaining("tap0")
                .hasMessageContaining("queues 0");
        assertThatThrownBy(() -> TapConfig.builder("tap0").queues(257)).hasMessageContaining("1..256");
        assertThatThrownBy(() -> TapConfig.builder("tap0").owner(-1)).hasMessageContaining("uid -1");
        assertThatThrownBy(() -> TapConfig.builder("tap-name-too-long")).hasMessageContaining("17 bytes");
    }
}
