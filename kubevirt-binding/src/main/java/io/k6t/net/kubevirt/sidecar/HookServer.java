package io.k6t.net.kubevirt.sidecar;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.k6t.net.kubevirt.hooks.info.HookPoint;
import io.k6t.net.kubevirt.hooks.info.InfoGrpc;
import io.k6t.net.kubevirt.hooks.info.InfoParams;
import io.k6t.net.kubevirt.hooks.info.InfoResult;
import io.k6t.net.kubevirt.hooks.v1alpha2.CallbacksGrpc.CallbacksImplBase;
import io.k6t.net.kubevirt.hooks.v1alpha3.ShutdownParams;
import io.k6t.net.kubevirt.hooks.v1alpha3.ShutdownResult;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KubeVirt's hook services on a Unix socket: {@code kubevirt.hooks.info.Info/Info} and
 * {@code kubevirt.hooks.v1alpha2|v1alpha3.Callbacks}. gRPC runs on the project's own Netty (epoll,
 * one event-loop thread, calls answered on it: each is a short, non-blocking computation).
 *
 * <p>Info subscribes to {@code OnDefineDomain} and {@code Shutdown}: virt-launcher calls a hook
 * only at the points it subscribed to, and without {@code Shutdown} it would never tell the
 * sidecar that the VM stopped. {@code PreCloudInitIso} is served (its input returned unchanged)
 * for a caller that calls it anyway.
 *
 * <p>The socket is the sidecar's own: mode 0600, removed on {@link #close()}. A stale socket left
 * by a process that died is replaced; one that another process still serves is an error.
 */
public final class HookServer implements AutoCloseable {
    /** The Callbacks versions served, newest first (virt-launcher takes the newest it knows). */
    public static final List<String> VERSIONS = List.of("v1alpha3", "v1alpha2");
    /** The hook points subscribed to. */
    public static final List<String> HOOK_POINTS = List.of("OnDefineDomain", "Shutdown");
    private static final Logger LOG = LoggerFactory.getLogger(HookServer.class);
    private static final long CLOSE_SECONDS = 5;

    private final Path socket;
    private final Server server;
    private boolean closed;

    private HookServer(Path socket, Server server) {
        this.socket = socket;
        this.server = server;
    }

    /**
     * Serves {@code hooks} as {@code name} on {@code socket}, on {@code group} (an epoll group the
     * caller owns and shuts down); returns once the socket accepts calls.
     *
     * @throws HookServerException if the socket's directory is missing, another process serves the
     *     socket, or binding fails
     */
    public static HookServer start(String name, Path socket, Hooks hooks, EventLoopGroup group) {
        Path dir = socket.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new HookServerException(socket, "the hooks directory " + dir + " does not exist", null);
        }
        removeStale(socket);
        Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toFile()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .directExecutor()
                .addService(new InfoService(name))
                .addService(new V1alpha2(hooks))
                .addService(new V1alpha3(hooks))
                .build();
        try {
            server.start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.shutdownNow();
            deleteSocket(socket);
            throw new HookServerException(socket, "cannot serve the hook socket: " + e.getMessage(), e);
        }
        LOG.info("serving KubeVirt hooks as {} on {} (versions {})", name, socket, VERSIONS);
        return new HookServer(socket, server);
    }

    /** The socket served. */
    public Path socket() {
        return socket;
    }

    /** Stops accepting calls, lets running ones finish (up to 5 s), and removes the socket. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        try {
            if (!server.awaitTermination(CLOSE_SECONDS, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            deleteSocket(socket);
        }
    }

    private static void removeStale(Path socket) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return;
        }
        if (!attributes.isOther()) {
            throw new HookServerException(socket, "exists and is not a socket", null);
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            LOG.info("removing the stale socket {} ({})", socket, e.getMessage());
            deleteSocket(socket);
            return;
        }
        throw new HookServerException(socket, "another process serves this socket", null);
    }

    private static void deleteSocket(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot remove the hook socket {}: {}", socket, e.toString());
        }
    }

    /** Answers one unary call with {@code call(request)}, mapping failures to gRPC status codes. */
    static <Q, R> void answer(String method, Q request, StreamObserver<R> observer, Function<Q, R> call) {
        R result;
        try {
            result = call.apply(request);
        } catch (HookInputException e) {
            LOG.warn("{}: {}", method, e.getMessage());
            observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            LOG.error("{} failed", method, e);
            observer.onError(Status.INTERNAL.withDescription(method + ": " + e).withCause(e).asRuntimeException());
            return;
        }
        observer.onNext(result);
        observer.onCompleted();
    }

    private static final class InfoService extends InfoGrpc.InfoImplBase {
        private final InfoResult info;

        InfoService(String name) {
            InfoResult.Builder b = InfoResult.newBuilder().setName(name).addAllVersions(VERSIONS);
            for (String point : HOOK_POINTS) {
                b.addHookPoints(HookPoint.newBuilder().setName(point).setPriority(0));
            }
            this.info = b.build();
        }

        @Override
        public void info(InfoParams request, StreamObserver<InfoResult> observer) {
            answer("Info", request, observer, r -> info);
        }
    }

    private static final class V1alpha2 extends CallbacksImplBase {
        private final Hooks hooks;

        V1alpha2(Hooks hooks) {
            this.hooks = hooks;
        }

        @Override
        public void onDefineDomain(io.k6t.net.kubevirt.hooks.v1alpha2.OnDefineDomainParams request,
                StreamObserver<io.k6t.net.kubevirt.hooks.v1alpha2.OnDefineDomainResult> observer) {
            answer("v1alpha2 OnDefineDomain", request, observer, r ->
                    io.k6t.net.kubevirt.hooks.v1alpha2.OnDefineDomainResult.newBuilder().setDomainXML(
                            ByteString.copyFrom(hooks.onDefineDomain(r.getDomainXML().toByteArray(),
                                    r.getVmi().toByteArray()))).build());
        }

        @Override
        public void preCloudInitIso(io.k6t.net.kubevirt.hooks.v1alpha2.PreCloudInitIsoParams request,
                StreamObserver<io.k6t.net.kubevirt.hooks.v1alpha2.PreCloudInitIsoResult> observer) {
            answer("v1alpha2 PreCloudInitIso", request, observer, r ->
                    io.k6t.net.kubevirt.hooks.v1alpha2.PreCloudInitIsoResult.newBuilder()
                            .setCloudInitNoCloudSource(r.getCloudInitNoCloudSource())
                            .setCloudInitData(r.getCloudInitData()).build());
        }
    }

    private static final class V1alpha3 extends io.k6t.net.kubevirt.hooks.v1alpha3.CallbacksGrpc.CallbacksImplBase {
        private final Hooks hooks;

        V1alpha3(Hooks hooks) {
            this.hooks = hooks;
        }

        @Override
        public void onDefineDomain(io.k6t.net.kubevirt.hooks.v1alpha3.OnDefineDomainParams request,
                StreamObserver<io.k6t.net.kubevirt.hooks.v1alpha3.OnDefineDomainResult> observer) {
            answer("v1alpha3 OnDefineDomain", request, observer, r ->
                    io.k6t.net.kubevirt.hooks.v1alpha3.OnDefineDomainResult.newBuilder().setDomainXML(
                            ByteString.copyFrom(hooks.onDefineDomain(r.getDomainXML().toByteArray(),
                                    r.getVmi().toByteArray()))).build());
        }

        @Override
        public void preCloudInitIso(io.k6t.net.kubevirt.hooks.v1alpha3.PreCloudInitIsoParams request,
                StreamObserver<io.k6t.net.kubevirt.hooks.v1alpha3.PreCloudInitIsoResult> observer) {
            answer("v1alpha3 PreCloudInitIso", request, observer, r ->
                    io.k6t.net.kubevirt.hooks.v1alpha3.PreCloudInitIsoResult.newBuilder()
                            .setCloudInitNoCloudSource(r.getCloudInitNoCloudSource())
                            .setCloudInitData(r.getCloudInitData()).build());
        }

        @Override
        public void shutdown(ShutdownParams request, StreamObserver<ShutdownResult> observer) {
            answer("v1alpha3 Shutdown", request, observer, r -> ShutdownResult.getDefaultInstance());
            hooks.shutdown();
        }
    }
}
