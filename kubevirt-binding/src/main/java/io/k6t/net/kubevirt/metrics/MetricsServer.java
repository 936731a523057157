package io.k6t.net.kubevirt.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a registry's Prometheus text exposition ({@code GET /metrics}, format 0.0.4) over HTTP/1.1
 * on Netty, on a TCP address and/or a Unix socket, with the caller's event loop. The text is written by
 * the client library's {@link PrometheusTextFormatWriter}; this class only carries it.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final int MAX_REQUEST_BYTES = 8192;

    private final List<Channel> channels;
    private final Path unixSocket;

    private MetricsServer(List<Channel> channels, Path unixSocket) {
        this.channels = channels;
        this.unixSocket = unixSocket;
    }

    /**
     * Binds the exposition of {@code registry} to {@code tcp} (may be null) and to the Unix socket
     * {@code unixSocket} (may be null; its directory is created with mode 0700 and the socket made 0660).
     *
     * @throws IOException if a bind fails (the address is taken, the directory cannot be made)
     */
    public static MetricsServer start(PrometheusRegistry registry, EventLoopGroup group, InetSocketAddress tcp,
            Path unixSocket) throws IOException {
        List<Channel> channels = new ArrayList<>();
        Handler handler = new Handler(registry);
        try {
            if (tcp != null) {
                channels.add(bootstrap(group, handler).channel(EpollServerSocketChannel.class)
                        .bind(tcp).syncUninterruptibly().channel());
            }
            if (unixSocket != null) {
                Path dir = unixSocket.toAbsolutePath().getParent();
                if (!Files.isDirectory(dir)) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                }
                Files.deleteIfExists(unixSocket);
                channels.add(bootstrap(group, handler).channel(EpollServerDomainSocketChannel.class)
                        .bind(new DomainSocketAddress(unixSocket.toFile())).syncUninterruptibly().channel());
                Files.setPosixFilePermissions(unixSocket, PosixFilePermissions.fromString("rw-rw----"));
            }
        } catch (IOException | RuntimeException e) {
            channels.forEach(c -> c.close().syncUninterruptibly());
            throw e instanceof IOException io ? io : new IOException("cannot serve metrics on "
                    + (tcp != null ? tcp + " " : "") + (unixSocket != null ? unixSocket : "") + ": " + e, e);
        }
        LOG.info("serving metrics on {}", channels.stream().map(Channel::localAddress).toList());
        return new MetricsServer(channels, unixSocket);
    }

    /** The TCP address bound (its port when 0 was asked), if any. */
    public java.util.Optional<InetSocketAddress> tcpAddress() {
        return channels.stream().map(Channel::localAddress).filter(InetSocketAddress.class::isInstance)
                .map(InetSocketAddress.class::cast).findFirst();
    }

    /** Closes the listening sockets and removes the Unix socket (and its directory, once empty). */
    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (unixSocket != null) {
            try {
                Files.deleteIfExists(unixSocket);
                try (var left = Files.list(unixSocket.toAbsolutePath().getParent())) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(unixSocket.toAbsolutePath().getParent());
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot remove the metrics socket {}: {}", unixSocket, e.toString());
            }
        }
    }

    private static ServerBootstrap bootstrap(EventLoopGroup group, Handler handler) {
        return new ServerBootstrap().group(group).childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES), handler);
            }
        });
    }

    @ChannelHandler.Sharable
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final PrometheusRegistry registry;
        private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

        Handler(PrometheusRegistry registry) {
            this.registry = registry;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
            String path = new QueryStringDecoder(request.uri()).path();
            FullHttpResponse response;
            if (!path.equals("/metrics")) {
                response = text(ctx, HttpResponseStatus.NOT_FOUND, "not found: only /metrics is served\n");
            } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                response = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "GET /metrics\n");
            } else {
                ByteBuf body = ctx.alloc().buffer();
                boolean written = false;
                try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
                    writer.write(out, registry.scrape());
                    written = true;
                } finally {
                    if (!written) {
                        body.release();
                    }
                }
                response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, body);
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType());
            }
            HttpUtil.setContentLength(response, response.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (request.method().equals(HttpMethod.HEAD)) {
                response.content().clear();
            }
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("metrics connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
            FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    status, ctx.alloc().buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8)));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            return response;
        }
    }
}
