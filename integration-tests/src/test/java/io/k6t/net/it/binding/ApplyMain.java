package io.k6t.net.it.binding;

import io.k6t.net.launcher.binding.BridgeBinding;
import io.k6t.net.launcher.binding.Step;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.StepHook;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.netns.NetNamespace;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A setup process to be killed: {@code ApplyMain NAMESPACE CONFIG STEP} applies the binding in
 * NAMESPACE and, right after step STEP, prints {@code DONE STEP} and waits forever for its SIGKILL.
 */
public final class ApplyMain {
    private ApplyMain() {
    }

    public static void main(String[] args) throws Exception {
        PodConfig config = PodConfig.read(Path.of(args[1]));
        int killAfter = Integer.parseInt(args[2]);
        StepHook stop = new StepHook() {
            @Override
            public void after(Step step) {
                if (step.number() == killAfter) {
                    System.out.println("DONE " + killAfter);
                    System.out.flush();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for SIGKILL", e);
                    }
                }
            }
        };
        try (NetNamespace ns = NetNamespace.open(args[0]); PodKernel kernel = PodKernel.in(ns)) {
            BridgeBinding.using(config, kernel, stop).apply();
        }
        System.out.println("FINISHED");
    }
}
