package io.k6t.net.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.v6.server.Responder6;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one MAC address type of the project: parsing, printing, the address bits. */
class MacAddressTest {

    @Test
    void macAddressRoundTripsAndComparesByValue() {
        MacAddress mac = MacAddress.parse("02:AA:bb:00:74:17");

        assertThat(mac).hasToString("02:aa:bb:00:74:17");
        assertThat(mac).isEqualTo(MacAddress.fromBytes(new byte[] {2, (byte) 0xaa, (byte) 0xbb, 0, 0x74, 0x17}));
        assertThat(mac.isLocalUnicast()).isTrue();
        assertThat(mac.isLocallyAdministered()).isTrue();
        assertThat(mac.isMulticast()).isFalse();
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isLocalUnicast()).isFalse();
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
        assertThat(MacAddress.parse("00:1b:21:12:34:56").isLocalUnicast()).isFalse();
    }

    @Test
    void eui64LinkLocalIsTheKernelsDefaultLinkLocalAddress() {
        // ip -6 addr on a link with this MAC (addr_gen_mode 0) shows fe80::ff:fe74:1775
        assertThat(MacAddress.parse("02:00:00:74:17:75").eui64LinkLocal())
                .isEqualTo(InetAddresses.forString("fe80::ff:fe74:1775"));
        // the universal/local bit flips both ways
        assertThat(MacAddress.parse("52:54:00:12:34:56").eui64LinkLocal())
                .isEqualTo(InetAddresses.forString("fe80::5054:ff:fe12:3456"));
        MacAddress mac = MacAddress.parse("de:ad:be:ef:00:01");
        assertThat(Responder6.eui64Mac(mac.eui64LinkLocal())).contains(mac);
    }

    @Test
    void dashSeparatedMacsParseToTheSameAddress() {
        assertThat(MacAddress.parse("02-00-00-74-17-75")).isEqualTo(MacAddress.parse("02:00:00:74:17:75"));
    }

    @Test
    void macAddressesRoundTripForRandomBytes() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[6];
            random.nextBytes(bytes);
            MacAddress mac = MacAddress.fromBytes(bytes);
            assertThat(MacAddress.parse(mac.toString())).as("seed %d", seed).isEqualTo(mac);
            assertThat(mac.toBytes()).as("seed %d", seed).isEqualTo(bytes);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02:00:00:00:00", "02:00:00:00:00:0g", "02:00-00:00:00:01", "02:00:00:00:00:01:",
            "0200:00:00:00:01", "02.00.00.00.00.01"})
    void malformedMacsAreRefusedNamingTheInput(String text) {
        assertThat(MacAddress.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void wrongLengthsAreRefusedWithTheLength() {
        assertThatThrownBy(() -> MacAddress.fromBytes(new byte[5])).hasMessageContaining("5 bytes");
    }

    @Test
    void hardwareAddressesOfAnyLengthPrintAsColonHex() {
        assertThat(MacAddress.toString(new byte[] {2, 0, (byte) 0xab})).isEqualTo("02:00:ab");
        assertThat(MacAddress.toString(new byte[0])).isEmpty();
    }
}
