package io.k6t.net.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.k6t.net.cli.internal.CniDaemonCommand;
import io.k6t.net.cli.internal.DhcpCommand;
import io.k6t.net.cli.internal.ErrorReporting;
import io.k6t.net.cli.internal.ExplainCommand;
import io.k6t.net.cli.internal.LibvirtXmlCommand;
import io.k6t.net.cli.internal.PlanCommand;
import io.k6t.net.cli.internal.RunCommand;
import io.k6t.net.cli.internal.ServeCommand;
import io.k6t.net.cli.internal.SidecarCommand;
import io.k6t.net.cli.internal.SetupCommand;
import io.k6t.net.cli.internal.StatusCommand;
import io.k6t.net.cli.internal.TeardownCommand;
import io.k6t.net.cli.internal.VersionProvider;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code k6t-net} command: wires a VM into its pod network and debugs DHCP. Exit codes: 0 ok,
 * 1 failure, 2 usage or configuration error.
 */
@Command(name = "k6t-net",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = false,
        description = "Wires a virtual machine into its pod's network (bridge binding, tap, DHCPv4 and DHCPv6 "
                + "servers, router advertisements) "
                + "and shows why a guest got no network.",
        subcommands = {
            PlanCommand.class,
            SetupCommand.class,
            TeardownCommand.class,
            ServeCommand.class,
            RunCommand.class,
            StatusCommand.class,
            LibvirtXmlCommand.class,
            ExplainCommand.class,
            DhcpCommand.class,
            SidecarCommand.class,
            CniDaemonCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failure (the operation could not be done; one line on stderr says why)",
            "2:usage or configuration error (bad option, unreadable or invalid file)",
        })
public final class K6tNet {
    private boolean debug;

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(String[] args) {
        int exitCode = execute(args);
        System.exit(exitCode);
    }

    /** Runs the command with the process's stdout and stderr and returns its exit code. */
    public static int execute(String... args) {
        CommandLine commandLine = commandLine();
        return commandLine.execute(args);
    }

    /** Runs the command writing to the given streams and returns its exit code (for tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured picocli model (also used to generate the CLI reference and shell completion). */
    public static CommandLine commandLine() {
        K6tNet app = new K6tNet();
        CommandLine commandLine = new CommandLine(app);
        ErrorReporting reporting = new ErrorReporting(() -> app.debug);
        commandLine.setExecutionExceptionHandler(reporting);
        commandLine.setParameterExceptionHandler(reporting);
        return commandLine;
    }

    /** Whether {@code --debug} was given. */
    boolean debug() {
        return debug;
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces of failures and log at debug level.")
    void setDebug(boolean debug) {
        this.debug = debug;
        if (debug && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.DEBUG);
        }
    }
}
