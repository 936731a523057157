package io.k6t.net.it.harden;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails every test class of this module after which Netty's leak detector reported a leak.
 * Registered for all classes through {@code META-INF/services} and
 * {@code junit.jupiter.extensions.autodetection.enabled} in {@code junit-platform.properties}.
 *
 * <p>Netty reports a leak (an ERROR line starting {@code LEAK:} from {@link ResourceLeakDetector}) only
 * when a buffer that was never released has been garbage collected and the detector next tracks an
 * allocation; so after each class this collects garbage and allocates a few buffers until nothing more
 * is reported, then asserts that no report arrived since the class started. The reports (with their
 * access records, under paranoid detection) are in the failure message.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {
    private static final Reports REPORTS = Reports.install();
    private static final int FLUSH_ROUNDS = 5;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(ExtensionContext.Namespace.create(LeakCheckExtension.class))
                .put("mark", REPORTS.count());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        int mark = context.getStore(ExtensionContext.Namespace.create(LeakCheckExtension.class))
                .getOrDefault("mark", Integer.class, 0);
        flush();
        List<String> leaks = REPORTS.since(mark);
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported during "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Makes the detector report what the garbage collector found unreleased so far. */
    static void flush() {
        for (int i = 0; i < FLUSH_ROUNDS; i++) {
            System.gc();
            System.runFinalization();
            for (int j = 0; j < 64; j++) {
                release(PooledByteBufAllocator.DEFAULT.directBuffer(16));
                release(PooledByteBufAllocator.DEFAULT.heapBuffer(16));
                release(UnpooledByteBufAllocator.DEFAULT.directBuffer(16));
            }
        }
    }

    /** Leak reports so far (for the check's own test). */
    static int reported() {
        return REPORTS.count();
    }

    /** Forgets reports after {@code mark} (only for the test that leaks on purpose to prove the check). */
    static void forgive(int mark) {
        REPORTS.truncate(mark);
    }

    private static void release(ByteBuf buf) {
        buf.release();
    }

    /** A logback appender on the leak detector's logger. */
    private static final class Reports extends AppenderBase<ILoggingEvent> {
        private final List<String> lines = new ArrayList<>();

        static Reports install() {
            Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
            Reports reports = new Reports();
            reports.setContext(logger.getLoggerContext());
            reports.setName("k6t-leak-reports");
            reports.start();
            logger.addAppender(reports);
            if (logger.getEffectiveLevel().isGreaterOrEqual(Level.OFF)) {
                logger.setLevel(Level.ERROR);
            }
            return reports;
        }

        @Override
        protected synchronized void append(ILoggingEvent event) {
            String message = event.getFormattedMessage();
            if (message != null && message.startsWith("LEAK:")) {
                lines.add(message);
            }
        }

        synchronized int count() {
            return lines.size();
        }

        synchronized List<String> since(int mark) {
            return List.copyOf(lines.subList(Math.min(mark, lines.size()), lines.size()));
        }

        synchronized void truncate(int mark) {
            lines.subList(Math.min(mark, lines.size()), lines.size()).clear();
        }
    }
}
