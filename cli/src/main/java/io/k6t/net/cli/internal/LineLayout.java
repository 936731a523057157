package io.k6t.net.cli.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * The command's log line, {@code k6t-net: LEVEL Logger: message}, with the logger's simple name and
 * the stack trace of an attached exception below it. Written out rather than as a Logback pattern
 * ({@code k6t-net: %level %logger{0}: %msg%n}): a pattern layout loads every converter Logback knows
 * (about 150 classes with their lambdas), which a serving process would keep for its whole life.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
        String logger = event.getLoggerName();
        StringBuilder line = new StringBuilder(128).append("k6t-net: ").append(event.getLevel()).append(' ')
                .append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(": ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown));
        }
        return line.toString();
    }
}
