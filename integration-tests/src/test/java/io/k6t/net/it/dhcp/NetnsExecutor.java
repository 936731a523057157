package io.k6t.net.it.dhcp;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A single thread that has entered another network namespace ({@code setns(fd, CLONE_NEWNET)}), so
 * that sockets created by the tasks it runs live in that namespace while the rest of the test JVM
 * stays in the host namespace. Test-scope stand-in for launcher-net's {@code NetNamespace}: the
 * DHCP server only needs an {@link Executor} to construct its channels in.
 */
final class NetnsExecutor implements Executor, AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    private final ExecutorService thread;

    private NetnsExecutor(ExecutorService thread) {
        this.thread = thread;
    }

    /** Starts the thread and enters {@code namespaceFile} (e.g. {@code /run/netns/NAME}) on it. */
    static NetnsExecutor enter(Path namespaceFile) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + namespaceFile.getFileName());
            t.setDaemon(true);
            return t;
        });
        NetnsExecutor executor = new NetnsExecutor(thread);
        try {
            CompletableFuture.runAsync(() -> setns(namespaceFile), thread).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            executor.close();
            throw new AssertionError("cannot enter " + namespaceFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.close();
            throw new AssertionError("interrupted entering " + namespaceFile, e);
        }
        return executor;
    }

    private static void setns(Path file) {
        int fd = LibC.INSTANCE.open(file.toString(), O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("open " + file + ": errno " + Native.getLastError());
        }
        try {
            if (LibC.INSTANCE.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns " + file + ": errno " + Native.getLastError());
            }
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    @Override
    public void execute(Runnable task) {
        thread.execute(task);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** The three libc calls needed. */
    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }
}
