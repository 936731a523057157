package io.k6t.net.launcher.netns;

import com.google.common.util.concurrent.Uninterruptibles;
import com.sun.jna.LastErrorException;
import io.k6t.net.launcher.internal.LibC;
import io.k6t.net.os.Errno;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network namespace, entered by one dedicated thread that never leaves it. Work runs on that
 * thread through {@link #run} or {@link #executor()}: every socket created there (a
 * {@code NetlinkHandle}, a {@code DatagramChannel}, a Netty channel) belongs to this namespace for
 * its whole life, whichever thread uses it later. No other thread ever changes namespace, so the
 * JVM's shared threads stay where they were.
 *
 * <pre>{@code
 * try (NetNamespace pod = NetNamespace.open("pod-1234");
 *      NetlinkHandle netlink = pod.run(NetlinkHandle::open)) {
 *     netlink.setUp("eth0");                       // runs here, acts in pod-1234
 *     Channel dhcp = pod.run(() -> bootstrap.bind(67).sync().channel());
 * }
 * }</pre>
 *
 * <p>Netty's {@code Bootstrap.bind()} creates its socket on the calling thread, so calling it inside
 * {@code run} is enough; the event loop that serves the channel may live anywhere.
 */
public final class NetNamespace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetNamespace.class);
    private static final Path RUN_NETNS = Path.of("/run/netns");

    private final Path path;
    private final ExecutorService thread;
    private final Thread namespaceThread;

    private NetNamespace(Path path, ExecutorService thread, Thread namespaceThread) {
        this.path = path;
        this.thread = thread;
        this.namespaceThread = namespaceThread;
    }

    /**
     * Opens a namespace by name ({@code ip netns} name, under {@code /run/netns}) or by path (anything
     * with a {@code /}, such as {@code /proc/1234/ns/net}), and starts its thread.
     */
    public static NetNamespace open(String nameOrPath) throws IOException {
        if (nameOrPath.isEmpty() || nameOrPath.equals(".") || nameOrPath.equals("..")) {
            throw new IllegalArgumentException("network namespace '" + nameOrPath
                    + "' (expected: an ip netns name or a path)");
        }
        return open(nameOrPath.indexOf('/') >= 0 ? Path.of(nameOrPath) : RUN_NETNS.resolve(nameOrPath));
    }

    /** Opens the namespace bound at {@code path} and starts its thread. */
    public static NetNamespace open(Path path) throws IOException {
        int fd;
        try {
            fd = LibC.open(path.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new NetNamespaceException(path, "open", Errno.valueOf(e.getErrorCode()));
        }
        AtomicReference<Thread> started = new AtomicReference<>();
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "k6t-netns-" + path.getFileName());
            t.setDaemon(true);
            started.set(t);
            return t;
        });
        try {
            Uninterruptibles.getUninterruptibly(executor.submit(() -> {
                LibC.setns(fd, LibC.CLONE_NEWNET);
                return null;
            }));
        } catch (ExecutionException e) {
            executor.shutdownNow();
            Throwable cause = e.getCause();
            if (cause instanceof LastErrorException lastError) {
                throw new NetNamespaceException(path, "setns(CLONE_NEWNET)", Errno.valueOf(lastError.getErrorCode()));
            }
            throw new IOException("network namespace " + path + ": setns failed", cause);
        } finally {
            LibC.closeQuietlyInto(fd, null);
        }
        return new NetNamespace(path, executor, started.get());
    }

    /** The namespace file this was opened from. */
    public Path path() {
        return path;
    }

    /**
     * Runs {@code task} on this namespace's thread and returns its result (or throws what it threw).
     * Blocks until the task ends. Called from the namespace's own thread, runs the task directly.
     */
    public <T, E extends Exception> T run(Task<T, E> task) throws E {
        if (Thread.currentThread() == namespaceThread) {
            return task.call();
        }
        Future<T> result;
        try {
            result = thread.submit(task::call);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("network namespace " + path + " is closed", e);
        }
        try {
            return Uninterruptibles.getUninterruptibly(result);
        } catch (ExecutionException e) {
            throw Task.<E>rethrow(e.getCause());
        }
    }

    /**
     * Runs tasks on this namespace's thread, in submission order, without waiting for them. A task
     * that throws is logged; the thread carries on (it is never replaced).
     */
    public Executor executor() {
        return command -> {
            try {
                thread.execute(() -> {
                    try {
                        command.run();
                    } catch (RuntimeException | Error e) {
                        LOG.error("task in network namespace {} failed", path, e);
                    }
                });
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("network namespace " + path + " is closed", e);
            }
        };
    }

    /** Stops the namespace thread once queued tasks have run; sockets created inside stay valid. */
    @Override
    public void close() {
        thread.shutdown();
    }

    @Override
    public String toString() {
        return "NetNamespace[" + path + "]";
    }

    /**
     * Work for the namespace thread: like {@link java.util.concurrent.Callable}, with the exception
     * type kept so that {@link #run} throws exactly what the task throws.
     */
    @FunctionalInterface
    public interface Task<T, E extends Exception> {
        T call() throws E;

        @SuppressWarnings("unchecked")
        private static <E extends Exception> E rethrow(Throwable cause) throws E {
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw (E) cause;
        }
    }
}
