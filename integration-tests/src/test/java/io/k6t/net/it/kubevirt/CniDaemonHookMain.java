package io.k6t.net.it.kubevirt;

import io.k6t.net.it.support.Poll;
import io.k6t.net.kubevirt.cni.CniDaemon;
import io.k6t.net.kubevirt.cni.CniPlugin;
import io.k6t.net.launcher.binding.Step;
import io.k6t.net.launcher.binding.StepHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The node daemon with a hook after binding step {@code N} of every ADD, so a test can act at a known
 * point of a request the daemon runs. Arguments: {@code SOCKET MODE N}.
 * <ul>
 * <li>{@code hold}: print {@code DONE N}, then wait until the file {@code SOCKET.release} exists (the
 * test kills the daemon, or a client, meanwhile, or releases it);</li>
 * <li>{@code pair}: wait until a second ADD has reached step {@code N} too (at most 60 s, then fail the
 * ADD): two ADDs finish only if the daemon runs them side by side.</li>
 * </ul>
 * Prints {@code SERVING} once the socket answers.
 */
public final class CniDaemonHookMain {
    private CniDaemonHookMain() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        String mode = args[1];
        int at = Integer.parseInt(args[2]);
        Path release = Path.of(args[0] + ".release");
        CountDownLatch pair = new CountDownLatch(2);
        StepHook hook = new StepHook() {
            @Override
            public void after(Step step) {
                if (step.number() != at) {
                    return;
                }
                try {
                    if (mode.equals("hold")) {
                        System.out.println("DONE " + at);
                        System.out.flush();
                        Poll.untilTrue(Duration.ofMinutes(5), "the test to create " + release,
                                () -> Files.exists(release));
                    } else {
                        pair.countDown();
                        System.out.println("PAIRED " + at + " " + pair.getCount());
                        System.out.flush();
                        if (!pair.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("no second ADD reached step " + at + " within 60 s");
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        };
        try (CniDaemon daemon = CniDaemon.start(socket, new CniPlugin(hook))) {
            System.out.println("SERVING " + daemon.socket());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }
}
