package io.k6t.net.cli.internal.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.cli.SharedCaptures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureWriterTest {
    @TempDir
    Path tmp;

    @Test
    void writtenDatagramsReadBackUnchangedWithFreshFrameNumbers() {
        List<UdpDatagram> original = CaptureFileTest.readAll(SharedCaptures.capture("android-9-ndpi.pcap"));
        Path out = tmp.resolve("copy.pcap");
        try (CaptureWriter writer = CaptureWriter.create(out)) {
            original.forEach(writer::write);
        }

        List<UdpDatagram> copy = CaptureFileTest.readAll(out);

        assertThat(copy).hasSameSizeAs(original);
        for (int i = 0; i < copy.size(); i++) {
            UdpDatagram a = original.get(i);
            UdpDatagram b = copy.get(i);
            assertThat(b.frame()).isEqualTo(i + 1);
            assertThat(b.payload()).isEqualTo(a.payload());
            assertThat(List.of(b.source(), b.sourcePort(), b.destination(), b.destinationPort(), b.sourceMac(),
                    b.destinationMac(), b.time())).isEqualTo(List.of(a.source(), a.sourcePort(), a.destination(),
                    a.destinationPort(), a.sourceMac(), a.destinationMac(), a.time()));
        }
    }
}
