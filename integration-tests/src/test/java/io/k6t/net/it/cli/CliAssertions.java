package io.k6t.net.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

/** What every failing k6t-net run must look like: the exit code, one line on stderr, no stack trace. */
final class CliAssertions {
    private CliAssertions() {
    }

    /** Asserts exit {@code code} with exactly one stderr line, naming the command, that contains {@code text}. */
    static void assertFailsWithOneLine(K6tNetCli.Run run, int code, String text) {
        assertThat(run.exitCode()).as("exit code of %s", run).isEqualTo(code);
        assertThat(run.stderrLines()).as("stderr of %s", run).hasSize(1);
        assertThat(run.stderrLines().get(0)).as("stderr of %s", run).startsWith("k6t-net").contains(text);
        assertThat(run.stderr()).as("no stack trace without --debug: %s", run).doesNotContain("\tat ");
    }
}
