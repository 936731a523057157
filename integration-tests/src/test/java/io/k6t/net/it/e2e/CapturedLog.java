package io.k6t.net.it.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.LoggerFactory;

/** The lines one logger (and its children) writes while open, captured by a test appender. */
final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        appender.setName("k6t-e2e-capture");
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts capturing what {@code loggerName} logs. */
    static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    /** The formatted messages so far, prefixed with their level ({@code INFO k6t-eth0 xid=...}). */
    List<String> lines() {
        return events().stream().map(Line::text).toList();
    }

    /** The messages so far with the time each was logged. */
    List<Line> events() {
        // AppenderBase.doAppend holds the appender's lock while it adds to the list.
        synchronized (appender) {
            return appender.list.stream()
                    .map(e -> new Line(e.getTimeStamp(), e.getLevel() + " " + e.getFormattedMessage())).toList();
        }
    }

    /**
     * Milliseconds from the first line containing {@code first} to the last containing {@code last};
     * empty when either is missing.
     */
    OptionalLong span(String first, String last) {
        List<Line> events = events();
        OptionalLong from = events.stream().filter(l -> l.text().contains(first)).mapToLong(Line::epochMillis)
                .findFirst();
        OptionalLong to = events.stream().filter(l -> l.text().contains(last)).mapToLong(Line::epochMillis)
                .reduce((a, b) -> b);
        return from.isPresent() && to.isPresent() ? OptionalLong.of(to.getAsLong() - from.getAsLong())
                : OptionalLong.empty();
    }

    /** One captured message: when it was logged, its level and text. */
    record Line(long epochMillis, String text) {
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
