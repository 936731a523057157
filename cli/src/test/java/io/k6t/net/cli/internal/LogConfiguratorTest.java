package io.k6t.net.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogConfiguratorTest {

    @Test
    void logbackFindsTheConfiguratorAndNoXmlConfiguration() {
        // The logger factory of this JVM was configured by Logback's own lookup, as in the shipped jar.
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);

        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
        assertThat(LogConfiguratorTest.class.getClassLoader().getResource("logback.xml")).isNull();
    }

    @Test
    void warningsGoToStderrAsOneLineNamingLevelAndLoggerWithTheTraceBelow() {
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(stderr.isStarted()).isTrue();
        Encoder<ILoggingEvent> encoder = stderr.getEncoder();
        ch.qos.logback.classic.Logger logger = context.getLogger("io.k6t.net.cli.Example");
        byte[] line = encoder.encode(new ch.qos.logback.classic.spi.LoggingEvent(
                getClass().getName(), logger, Level.WARN, "lease expires", null, null));
        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("k6t-net: WARN Example: lease expires"
                + System.lineSeparator());
        byte[] withTrace = encoder.encode(new ch.qos.logback.classic.spi.LoggingEvent(
                getClass().getName(), logger, Level.ERROR, "bind failed", new IllegalStateException("port 67"), null));
        assertThat(new String(withTrace, StandardCharsets.UTF_8))
                .startsWith("k6t-net: ERROR Example: bind failed" + System.lineSeparator()
                        + "java.lang.IllegalStateException: port 67" + System.lineSeparator() + "\tat ");
        assertThat(logger.isInfoEnabled()).isFalse();
        assertThat(context.getLogger("io.netty.util.internal.MacAddressUtil").isWarnEnabled()).isFalse();
        context.stop();
    }
}
