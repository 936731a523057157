package io.k6t.net.it.harden;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/** Counts the lines logged under {@code io.k6t} while attached (and keeps the first few to show). */
final class LogLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private static final int KEPT = 40;

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.k6t");
    private final AtomicLong count = new AtomicLong();
    private final List<String> first = new ArrayList<>();

    private LogLines() {
    }

    static LogLines attach() {
        LogLines lines = new LogLines();
        lines.setContext(lines.logger.getLoggerContext());
        lines.setName("k6t-it-log-lines");
        lines.start();
        lines.logger.addAppender(lines);
        return lines;
    }

    @Override
    protected void append(ILoggingEvent event) {
        count.incrementAndGet();
        synchronized (first) {
            if (first.size() < KEPT) {
                first.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage());
            }
        }
    }

    long count() {
        return count.get();
    }

    List<String> first() {
        synchronized (first) {
            return List.copyOf(first);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
