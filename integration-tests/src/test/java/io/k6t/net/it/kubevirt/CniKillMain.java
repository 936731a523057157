package io.k6t.net.it.kubevirt;

import io.k6t.net.kubevirt.cni.CniPlugin;
import io.k6t.net.launcher.binding.Step;
import io.k6t.net.launcher.binding.StepHook;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A CNI ADD that stops after binding step {@code N} (argument) and prints {@code DONE N}, so the test
 * can SIGKILL it at a known point: the process-level effect of a runtime killing the plugin mid-ADD.
 * Environment and stdin as for the plugin.
 */
public final class CniKillMain {
    private CniKillMain() {
    }

    public static void main(String[] args) throws Exception {
        int killAt = Integer.parseInt(args[0]);
        String stdin = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        StepHook hook = new StepHook() {
            @Override
            public void after(Step step) {
                if (step.number() == killAt) {
                    System.out.println("DONE " + killAt);
                    System.out.flush();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        CniPlugin.Response response = new CniPlugin(hook).run(System.getenv(), stdin);
        System.out.println("ENDED " + response.exitCode() + " " + response.stdout());
    }
}
