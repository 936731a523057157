package io.k6t.net.it.cli;

import static io.k6t.net.it.cli.CliAssertions.assertFailsWithOneLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself, run as a process: help, version, usage errors and their exit codes. */
class CliBasicsIT {
    private static final List<String> COMMANDS = List.of("plan", "setup", "teardown", "serve", "run", "libvirt-xml",
            "explain", "dhcp", "dhcp serve", "dhcp decode", "dhcp replay", "dhcp trace");

    @Test
    void everyContractCommandHasHelpThatExitsZero() {
        for (String command : COMMANDS) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            K6tNetCli.Run run = K6tNetCli.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as("%s", run).isZero();
            assertThat(run.stdout()).as("%s", run).startsWith("Usage: k6t-net " + command + " ");
            assertThat(run.stderr()).as("%s", run).isEmpty();
        }
    }

    @Test
    void topLevelHelpListsTheCommandsAndTheExitCodes() {
        K6tNetCli.Run run = K6tNetCli.run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("plan", "libvirt-xml", "explain", "dhcp", "Exit codes:",
                "2   usage or configuration error");
    }

    @Test
    void versionNamesTheProjectVersion() {
        K6tNetCli.Run run = K6tNetCli.run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).matches("(?s)k6t-net \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan", "setup", "teardown", "serve", "run", "libvirt-xml", "explain"})
    void missingConfigIsAUsageError(String command) {
        assertFailsWithOneLine(K6tNetCli.run(command), 2, "Missing required option: '--config=FILE'");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertFailsWithOneLine(K6tNetCli.run("bogus"), 2, "Unmatched argument at index 0: 'bogus'");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "decode", "--colour", "x.pcap"), 2, "Unknown option: '--colour'");
    }

    @Test
    void dhcpWithoutSubcommandIsAUsageError() {
        assertFailsWithOneLine(K6tNetCli.run("dhcp"), 2, "Missing required subcommand");
    }

    @Test
    void badFormatValueNamesTheValidOnes() {
        assertFailsWithOneLine(K6tNetCli.run("plan", "--config", "x.json", "--format", "svg"), 2,
                "expected one of [text, json, dot]");
    }

    @Test
    void debugAddsTheStackTraceToAUsageError() {
        K6tNetCli.Run run = K6tNetCli.run("--debug", "dhcp", "decode", "--colour", "x.pcap");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.stderrLines().get(0)).contains("Unknown option: '--colour'");
        assertThat(run.stderr()).contains("\tat picocli.CommandLine");
    }
}
