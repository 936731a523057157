package io.k6t.net.cli.internal;

import io.k6t.net.dhcp.server.LeaseConfigException;
import io.k6t.net.launcher.config.PodConfigException;
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
        if (failure instanceof LeaseConfigException || failure instanceof PodConfigException) {
            return CliFailure.USAGE;
        }
        if (failure instanceof NoSuchFileException || failure instanceof AccessDeniedException) {
            return CliFailure.USAGE;
        }
        return CliFailure.FAILURE;
    }
}
