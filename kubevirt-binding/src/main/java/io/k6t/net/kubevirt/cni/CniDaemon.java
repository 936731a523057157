package io.k6t.net.kubevirt.cni;

import com.google.common.util.concurrent.Striped;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node daemon the CNI plugin forwards to (Multus' "thick plugin" arrangement): a long-running JVM
 * that runs {@link CniPlugin} for every request that arrives on a Unix socket ({@link CniWire}), so a
 * pod start pays for a small client process instead of a JVM start.
 *
 * <p>Each request runs on a thread of its own with the request's {@code CNI_*} environment and
 * configuration, exactly as the plugin process would: {@link CniPlugin} enters {@code CNI_NETNS} on a
 * dedicated thread per request ({@code NetNamespace}), so requests for different pods run side by side
 * and no thread of the daemon ever changes namespace. Requests for the same container wait for each
 * other (a runtime never sends two at once, but a client killed by its runtime leaves its request
 * running here, and the runtime's next command, DEL, must come after it); the attachment's lock file
 * still guards against a plugin run in-process on the same node.
 *
 * <p>The socket is bound under a temporary name, made owner-only (mode 0600), and renamed into place,
 * so a client never finds a socket that does not answer yet; a stale socket of a daemon that died is
 * replaced, one that answers is an error. {@link #close} stops accepting, removes the socket (the
 * plugin then runs in-process) and lets the requests that run finish.
 */
public final class CniDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CniDaemon.class);
    /** How long a client may take to send its request once connected. */
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);
    /** Requests served at once; more get "try again later" (a node starts a few pods at a time). */
    static final int MAX_CONCURRENT = 64;
    /** How long {@link #close} waits for running requests (a binding takes well under a second). */
    static final Duration GRACE = Duration.ofSeconds(30);

    private final Path socket;
    private final CniPlugin plugin;
    private final Duration requestDeadline;
    private final ServerSocketChannel server;
    private final Object socketFile;
    private final ExecutorService workers;
    private final ScheduledExecutorService deadlines;
    // One lock per container ID's stripe: two containers whose IDs share one of the 4096 stripes wait
    // for each other too, which costs time and never correctness.
    private final Striped<Lock> containers = Striped.lazyWeakLock(4096);
    private final Thread acceptor;

    private CniDaemon(Path socket, CniPlugin plugin, Duration requestDeadline, ServerSocketChannel server,
            Object socketFile) {
        this.socket = socket;
        this.plugin = plugin;
        this.requestDeadline = requestDeadline;
        this.server = server;
        this.socketFile = socketFile;
        AtomicInteger counter = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, MAX_CONCURRENT, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> daemonThread(task, "k6t-cni-" + counter.incrementAndGet()));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(
                task -> daemonThread(task, "k6t-cni-deadlines"));
        this.acceptor = daemonThread(this::acceptLoop, "k6t-cni-accept");
    }

    /**
     * Binds {@code socket} (creating its directory) and serves it with {@code plugin} until
     * {@link #close}.
     *
     * @throws CniDaemonException another daemon answers on {@code socket}, or it cannot be bound
     */
    public static CniDaemon start(Path socket, CniPlugin plugin) {
        return start(socket, plugin, REQUEST_DEADLINE);
    }

    /** {@link #start(Path, CniPlugin)} giving a client {@code requestDeadline} to send its request. */
    static CniDaemon start(Path socket, CniPlugin plugin, Duration requestDeadline) {
        Objects.requireNonNull(plugin, "plugin");
        Path absolute = socket.toAbsolutePath();
        if (answers(absolute)) {
            throw new CniDaemonException("another daemon serves " + absolute, null);
        }
        Path partial = absolute.resolveSibling(absolute.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        ServerSocketChannel server = null;
        try {
            Files.createDirectories(absolute.getParent());
            Files.deleteIfExists(partial);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(partial), MAX_CONCURRENT);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Object key = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            CniDaemon daemon = new CniDaemon(absolute, plugin, requestDeadline, server, key);
            daemon.acceptor.start();
            LOG.info("serving CNI requests on {}", absolute);
            return daemon;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            try {
                Files.deleteIfExists(partial);
            } catch (IOException deleting) {
                e.addSuppressed(deleting);
            }
            throw new CniDaemonException("cannot serve " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** The socket served. */
    public Path socket() {
        return socket;
    }

    /** Whether something accepts connections on {@code socket}. */
    static boolean answers(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.error("accepting on {} failed; the daemon stops serving", socket, e);
                return;
            }
            try {
                workers.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                answer(client, plugin.failure(new CniException(CniException.TRY_AGAIN_LATER,
                        "the k6t-net daemon is busy", MAX_CONCURRENT + " requests run already"
                        + (workers.isShutdown() ? " (it is stopping)" : ""))));
                closeQuietly(client);
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            CniWire.Request request;
            ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(client),
                    requestDeadline.toMillis(), TimeUnit.MILLISECONDS);
            try {
                InputStream in = Channels.newInputStream(client);
                request = CniWire.readRequest(in);
            } catch (CniWireException e) {
                LOG.warn("a request on {} does not decode: {}", socket, e.getMessage());
                answer(client, plugin.failure(new CniException(CniException.DECODING_FAILED,
                        "the request to the k6t-net daemon does not decode", e.getMessage())));
                return;
            } catch (IOException e) {
                LOG.warn("a client of {} did not send its request within {} ms: {}", socket,
                        requestDeadline.toMillis(), e.toString());
                return;
            } finally {
                deadline.cancel(false);
            }
            answer(client, run(request));
        } catch (IOException e) {
            LOG.warn("closing a connection on {}: {}", socket, e.toString());
        } catch (RuntimeException | Error e) {
            LOG.error("serving a request on {} failed", socket, e);
            throw e;
        }
    }

    /** Runs one request, after any other request for the same container. */
    CniPlugin.Response run(CniWire.Request request) {
        String container = request.env().getOrDefault("CNI_CONTAINERID", "");
        long start = System.nanoTime();
        CniPlugin.Response response;
        if (container.isEmpty()) {
            response = plugin.run(request.env(), request.stdin());
        } else {
            Lock lock = containers.get(container);
            if (!lock.tryLock()) {
                LOG.info("{} {}: waiting for the request that runs for the same container",
                        request.env().getOrDefault("CNI_COMMAND", "-"), container);
                lock.lock();
            }
            try {
                response = plugin.run(request.env(), request.stdin());
            } finally {
                lock.unlock();
            }
        }
        LOG.info("{} {} {} {}: exit {} ({} ms)", request.env().getOrDefault("CNI_COMMAND", "-"),
                container.isEmpty() ? "-" : container, request.env().getOrDefault("CNI_IFNAME", "-"),
                request.env().getOrDefault("CNI_NETNS", "-"), response.exitCode(),
                (System.nanoTime() - start) / 1_000_000);
        return response;
    }

    private void answer(SocketChannel client, CniPlugin.Response response) {
        ByteBuffer bytes = ByteBuffer.wrap(CniWire.encode(response));
        try {
            while (bytes.hasRemaining()) {
                client.write(bytes);
            }
        } catch (IOException e) {
            // The runtime killed the client (its timeout) or it died: the work is done, the runtime
            // runs DEL or ADD again, which converge.
            LOG.warn("the client went before the answer (exit {}): {}", response.exitCode(), e.toString());
        }
    }

    /**
     * Stops accepting, removes the socket if it is still this daemon's, and waits up to
     * {@link #GRACE} for the requests that run.
     */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", socket, e.toString());
        }
        try {
            BasicFileAttributes now = Files.readAttributes(socket, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (Objects.equals(now.fileKey(), socketFile)) {
                Files.delete(socket);
            }
        } catch (NoSuchFileException e) {
            LOG.info("{} was removed already", socket);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", socket, e.toString());
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("requests still running after {} s; stopping without them", GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadlines.shutdownNow();
    }

    private static Thread daemonThread(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a client connection: {}", e.toString());
        }
    }
}
