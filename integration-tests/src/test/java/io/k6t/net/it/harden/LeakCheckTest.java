package io.k6t.net.it.harden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/** The leak check can fail: a buffer dropped unreleased is reported (and then forgiven, for this class only). */
class LeakCheckTest {

    @Test
    void anUnreleasedBufferIsReported() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        int mark = LeakCheckExtension.reported();
        leak();
        LeakCheckExtension.flush();
        try {
            assertThat(LeakCheckExtension.reported()).isGreaterThan(mark);
        } finally {
            LeakCheckExtension.forgive(mark);
        }
    }

    private static void leak() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeInt(42);
    }
}
