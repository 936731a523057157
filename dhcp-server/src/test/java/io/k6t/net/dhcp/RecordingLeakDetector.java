package io.k6t.net.dhcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, recording every leak report (instead of logging it) so tests fail on
 * it with the access records in the failure message. Installed for the tests of this module by the
 * Surefire system property {@code io.netty.customResourceLeakDetector}.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " leaked:" + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " leaked (untraced)");
    }

    /**
     * Collects garbage and lets the detector look at what was collected, then returns (and forgets) the
     * leaks reported so far. A leak is only seen once its buffer is unreachable, collected and its
     * reference enqueued (asynchronously), so callers that expect one poll this with a deadline.
     */
    public static List<String> collectLeaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            // Leaks are reported when a later buffer is tracked.
            for (ByteBuf b : List.of(UnpooledByteBufAllocator.DEFAULT.directBuffer(1),
                    PooledByteBufAllocator.DEFAULT.directBuffer(1), UnpooledByteBufAllocator.DEFAULT.heapBuffer(1))) {
                b.release();
            }
        }
        List<String> out = new ArrayList<>(LEAKS);
        LEAKS.clear();
        return out;
    }
}
