package io.k6t.net.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Renders the CLI reference (docs/cli.md) from the picocli model, so the document says exactly what
 * {@code --help} says. A test compares the file with this output, so the two cannot drift.
 */
public final class ReferenceDoc {
    /** Columns of the usage text in the document. */
    private static final int WIDTH = 100;

    private ReferenceDoc() {
    }

    /** The Markdown reference for {@code root} and every subcommand below it, depth first. */
    public static String render(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        StringBuilder md = new StringBuilder();
        md.append("# `k6t-net` command reference\n\n")
                .append("<!-- Generated from the picocli model by io.k6t.net.cli.internal.ReferenceDoc. Do not edit:\n")
                .append("     CliReferenceTest fails when this file differs from the model. Regenerate with\n")
                .append("     mvn -pl cli test -Dtest=CliReferenceTest -Dk6t.regenerateDocs=true -->\n\n")
                .append("Every command prints its help with `--help`; `--debug` adds stack traces to failures. ")
                .append("Exit codes: `0` success, `1` failure, `2` usage or configuration error. ")
                .append("Errors are one line on stderr.\n\n");
        for (CommandLine command : all) {
            String name = command.getCommandSpec().qualifiedName();
            String indent = "  ".repeat(name.split(" ").length - 1);
            md.append(indent).append("- [`").append(name).append("`](#").append(anchor(name)).append(")\n");
        }
        for (CommandLine command : all) {
            String name = command.getCommandSpec().qualifiedName();
            md.append("\n## `").append(name).append("`\n\n```text\n");
            command.setUsageHelpWidth(WIDTH);
            md.append(command.getUsageMessage(Ansi.OFF).stripTrailing().replaceAll("[ \\t]+\\n", "\n"));
            md.append("\n```\n");
        }
        return md.toString();
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden() && !into.contains(sub)) {
                collect(sub, into);
            }
        }
    }

    private static String anchor(String name) {
        return name.toLowerCase(Locale.ROOT).replace(' ', '-');
    }
}
