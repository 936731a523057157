package io.k6t.net.cli.internal;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Maps a failure to the contract's exit code: 2 for usage or configuration errors, 1 otherwise. */
final class ExitCodes {
    private ExitCodes() {
    }

    static int of(Throwable failure) {
        if (failure instanceof CliFailure cli) {
            return cli.exitCode();
        }
        if (failure instanceof NoSuchFileException || failure instanceof AccessDeniedException) {
            return CliFailure.USAGE;
        }
        return CliFailure.FAILURE;
    }
}
