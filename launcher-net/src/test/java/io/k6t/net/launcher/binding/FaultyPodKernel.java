package io.k6t.net.launcher.binding;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link PodKernel} in front of another that fails the n-th call that changes something (reads
 * never fail), so a test can break a step between two of its kernel calls. Counting with no fault
 * ({@code failAt} 0) tells how many changing calls a run makes and which.
 */
public final class FaultyPodKernel {
    /** The calls that only read. */
    private static final Set<String> READS = Set.of("link", "discover", "addresses", "routes", "learning",
            "sysctl", "close", "toString", "hashCode", "equals");

    private final List<String> changes = new ArrayList<>();
    private final int failAt;
    private final PodKernel kernel;

    /** The fault a test injected. */
    public static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }

    private FaultyPodKernel(PodKernel delegate, int failAt) {
        this.failAt = failAt;
        this.kernel = (PodKernel) Proxy.newProxyInstance(PodKernel.class.getClassLoader(),
                new Class<?>[] {PodKernel.class}, (proxy, method, args) -> {
                    if (!READS.contains(method.getName())) {
                        changes.add(method.getName());
                        if (changes.size() == failAt) {
                            throw new InjectedFault("injected fault before change " + failAt + " ("
                                    + method.getName() + ")");
                        }
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Fails the {@code failAt}-th changing call through {@code delegate} (1-based; 0: none). */
    public static FaultyPodKernel failing(PodKernel delegate, int failAt) {
        return new FaultyPodKernel(delegate, failAt);
    }

    /** The kernel to hand to the binding. */
    public PodKernel kernel() {
        return kernel;
    }

    /** The changing calls made so far, by method name, the failed one included. */
    public List<String> changes() {
        return List.copyOf(changes);
    }

    /** The call this kernel fails, 0 for none. */
    public int failAt() {
        return failAt;
    }
}
