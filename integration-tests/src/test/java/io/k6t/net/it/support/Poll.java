package io.k6t.net.it.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for state by polling with a deadline, never by sleeping a fixed time. */
public final class Poll {
    private static final long STEP_NANOS = Duration.ofMillis(20).toNanos();

    private Poll() {
    }

    /** Returns the first present value of {@code probe} within {@code timeout}, else fails with {@code what}. */
    public static <T> T until(Duration timeout, String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(STEP_NANOS);
        }
    }

    /** Waits until {@code condition} holds, else fails with {@code what}. */
    public static void untilTrue(Duration timeout, String what, Supplier<Boolean> condition) {
        until(timeout, what, () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }
}
