package io.k6t.net.launcher.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.launcher.learn.AddressSource;
import io.k6t.net.launcher.learn.LearnedAddress;
import io.k6t.net.launcher.status.ServedLease;
import io.k6t.net.launcher.status.internal.StatusFile.Observed;
import io.k6t.net.launcher.status.internal.StatusFile.Snapshot;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {
    @TempDir
    Path dir;

    @Test
    void snapshotReadsBackAsWritten() throws Exception {
        Instant t = Instant.parse("2026-12-05T07:30:00.123456Z");
        ServedLease served = new ServedLease("10.244.1.5/24", 86_400, Optional.of(t.plusSeconds(86_400)),
                Optional.of(new ServedLease.Exchange(t, "REQUEST", "ACK")), new ServedLease.Counters(4, 1, 1, 0, 0, 2));
        Snapshot written = Snapshot.now(t, Map.of(
                "eth0", new Observed(Optional.of("52:54:00:12:34:56"), Optional.of(served), List.of()),
                "net1", new Observed(Optional.empty(), Optional.empty(), List.of(new LearnedAddress(
                        InetAddress.getByName("192.168.50.111"),
                        AddressSource.DHCPV4, Optional.of(t.plusSeconds(120)), t)))));
        StatusFile file = new StatusFile(dir);

        file.write(written);

        assertThat(file.read()).contains(written);
        assertThat(Files.readString(file.path())).contains("\"192.168.50.111\"", "\"2026-12-05T07:32:00.123456Z\"");
    }

    @Test
    void missingFileReadsAsNothingAndDeleteLeavesNoFile() {
        StatusFile file = new StatusFile(dir);
        assertThat(file.read()).isEmpty();

        file.write(Snapshot.now(Instant.EPOCH, Map.of()));
        file.delete();

        assertThat(file.read()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }
}
