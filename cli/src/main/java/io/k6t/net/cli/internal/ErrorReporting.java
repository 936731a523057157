package io.k6t.net.cli.internal;

import com.google.common.base.Throwables;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and an exit code (1 failure, 2 usage or configuration).
 * Stack traces only with {@code --debug}: users read the line, developers the trace.
 */
public final class ErrorReporting implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final BooleanSupplier debug;

    /** Reports failures, with stack traces when {@code debug} says so. */
    public ErrorReporting(BooleanSupplier debug) {
        this.debug = debug;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        String name = commandLine.getCommandSpec().qualifiedName();
        PrintWriter err = commandLine.getErr();
        err.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
        if (debug.getAsBoolean()) {
            err.print(Throwables.getStackTraceAsString(ex));
        }
        err.flush();
        return CliFailure.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(ex));
        if (debug.getAsBoolean()) {
            err.print(Throwables.getStackTraceAsString(ex));
        }
        err.flush();
        return ExitCodes.of(ex);
    }

    /** The failure in one line: its message, else its type, followed by the causes that add information. */
    static String describe(Throwable failure) {
        StringBuilder line = new StringBuilder(messageOf(failure));
        Throwable cause = failure.getCause();
        while (cause != null && cause != failure) {
            String more = messageOf(cause);
            if (!line.toString().contains(more)) {
                line.append(": ").append(more);
            }
            failure = cause;
            cause = cause.getCause();
        }
        return oneLine(line.toString());
    }

    private static String messageOf(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        return message;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
