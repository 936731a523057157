package io.k6t.net.dhcp.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final LogRateLimiter limiter = new LogRateLimiter(3, 2, now::get);

    @Test
    void allowsABurstThenSuppressesAndReportsTheCount() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("WRONG_CLIENT")).hasValue(0);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("WRONG_CLIENT")).isEmpty();
        }
        now.addAndGet(500_000_000L);

        assertThat(limiter.tryAcquire("WRONG_CLIENT")).hasValue(100);
        assertThat(limiter.tryAcquire("WRONG_CLIENT")).isEmpty();
    }

    @Test
    void keysHaveSeparateBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("RELAYED");
        }
        assertThat(limiter.tryAcquire("RELAYED")).isEmpty();
        assertThat(limiter.tryAcquire("MALFORMED")).hasValue(0);
    }

    @Test
    void aFloodLogsAtTheSustainedRate() {
        long allowed = 0;
        long suppressed = 0;
        for (int i = 0; i < 10_000; i++) {
            now.addAndGet(1_000_000L);
            OptionalLong line = limiter.tryAcquire("WRONG_CLIENT");
            if (line.isPresent()) {
                allowed++;
                suppressed += line.getAsLong();
            }
        }
        // 10 s of flood at 1000/s: the burst of 3 plus 2 per second.
        assertThat(allowed).isBetween(21L, 23L);
        long pending = limiter.drainSuppressed().getOrDefault("WRONG_CLIENT", 0L);
        assertThat(allowed + suppressed + pending).isEqualTo(10_000L);
        assertThat(limiter.drainSuppressed()).isEmpty();
    }
}
