package io.k6t.net.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The command's own logging, set up in code (found by Logback through {@code ServiceLoader}): warnings
 * and errors to stderr, one line each ({@link LineLayout}); {@code --debug} lowers the level. In code rather than in a
 * {@code logback.xml} so that a serving process does not load Logback's XML configurator and the JDK's
 * XML parser (about 300 classes, 2 MB of resident memory; docs/benchmarks.md "Footprint").
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    /** Used by {@code ServiceLoader}. */
    public LogConfigurator() {
        // nothing to set up before configure
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (hasXmlConfiguration()) {
            // An application or test that embeds the CLI's jar and ships its own Logback file keeps it.
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        // In a namespace with only lo, Netty warns that it found no hardware address for its channel ids.
        context.getLogger("io.netty.util.internal.MacAddressUtil").setLevel(Level.ERROR);
        // gRPC asks for TCP keep-alive on every accepted channel; the sidecar's hook socket is a Unix
        // socket, which has none, and Netty warns once per call.
        context.getLogger("io.netty.bootstrap.ServerBootstrap").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether Logback's own configuration file is given (system property) or on the class path. */
    static boolean hasXmlConfiguration() {
        if (System.getProperty("logback.configurationFile") != null) {
            return true;
        }
        ClassLoader loader = LogConfigurator.class.getClassLoader();
        return loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null;
    }
}
