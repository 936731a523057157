package io.k6t.net.cli.internal;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a normal end of the serving commands: a handler counts a latch down, the
 * command closes what it opened on its own thread and returns 0, as the CLI contract says. A JVM
 * shutdown hook could do the cleaning too, but the process would then end with 128 + signal.
 * {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to handle a signal.
 */
final class Signals {
    private static final List<String> TERMINATING = List.of("TERM", "INT");

    private Signals() {
    }

    /**
     * Installs the handlers; the returned latch reaches zero on the first SIGTERM or SIGINT; then
     * {@code wakeUp} runs, for a command blocked elsewhere than on the latch.
     */
    static CountDownLatch termination(Runnable wakeUp) {
        CountDownLatch latch = new CountDownLatch(1);
        for (String name : TERMINATING) {
            Signal.handle(new Signal(name), signal -> {
                latch.countDown();
                wakeUp.run();
            });
        }
        return latch;
    }

    /** {@link #termination(Runnable)} for a command that waits on the latch itself. */
    static CountDownLatch termination() {
        return termination(() -> { });
    }
}
