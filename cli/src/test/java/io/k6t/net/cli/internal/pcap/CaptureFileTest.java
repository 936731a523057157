package io.k6t.net.cli.internal.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.cli.SharedCaptures;
import io.k6t.net.cli.internal.CliFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileTest {
    @TempDir
    Path tmp;

    @Test
    void findsEveryDhcpDatagramOfADoraCaptureWithWiresharkFrameNumbers() {
        List<UdpDatagram> all = readAll(SharedCaptures.capture("ios-iphone-ndpi.pcap"));

        assertThat(all).extracting(UdpDatagram::frame).containsExactly(1L, 2L, 3L, 4L);
        assertThat(all.get(0).sourcePort()).isEqualTo(68);
        assertThat(all.get(0).destinationPort()).isEqualTo(67);
        assertThat(all.get(0).destination().getHostAddress()).isEqualTo("255.255.255.255");
        assertThat(all.get(0).sourceMac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        // The BOOTP magic cookie sits at offset 236 of every DHCP payload.
        assertThat(Arrays.copyOfRange(all.get(0).payload(), 236, 240)).containsExactly(99, 130, 83, 99);
    }

    @Test
    void missingFileIsAUsageErrorNamingIt() {
        Path missing = tmp.resolve("nope.pcap");
        assertThatThrownBy(() -> CaptureFile.open(missing))
                .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(CliFailure.USAGE))
                .hasMessageContaining(missing.toString()).hasMessageContaining("no such file");
    }

    @Test
    void textFileIsNotACapture() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.pcap"), "this is not a capture\n".repeat(10));
        assertThatThrownBy(() -> CaptureFile.open(text))
                .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(CliFailure.USAGE))
                .hasMessageContaining("not a pcap or pcapng capture");
    }

    @Test
    void truncatedCaptureFailsAfterTheLastCompleteFrame() throws Exception {
        byte[] whole = Files.readAllBytes(SharedCaptures.capture("ios-iphone-ndpi.pcap"));
        Path cut = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 100));
        List<UdpDatagram> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (CaptureFile capture = CaptureFile.open(cut)) {
                for (Optional<UdpDatagram> d = capture.next(); d.isPresent(); d = capture.next()) {
                    seen.add(d.get());
                }
            }
        }).isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(CliFailure.USAGE))
                .hasMessageContaining("unreadable after frame 3").hasMessageContaining("truncated");
        assertThat(seen).hasSize(3);
    }

    static List<UdpDatagram> readAll(Path file) {
        List<UdpDatagram> all = new ArrayList<>();
        try (CaptureFile capture = CaptureFile.open(file)) {
            for (Optional<UdpDatagram> d = capture.next(); d.isPresent(); d = capture.next()) {
                all.add(d.get());
            }
        }
        return all;
    }
}
