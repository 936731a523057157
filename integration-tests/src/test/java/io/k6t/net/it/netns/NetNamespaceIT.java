package io.k6t.net.it.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.os.Errno;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.launcher.netns.NetNamespaceException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sockets made inside {@link NetNamespace#run} live in the namespace; the calling thread never
 * leaves the host namespace. The namespace has 10.99.0.1 on a veth, which the host does not have.
 */
class NetNamespaceIT {
    private static final String ONLY_IN_POD = "10.99.0.1";

    private TestNetwork net;
    private NetNamespace pod;

    @BeforeEach
    void setUp() throws Exception {
        net = TestNetwork.create("pod");
        net.exec("pod", "ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1");
        net.exec("pod", "ip", "addr", "add", ONLY_IN_POD + "/24", "dev", "v0");
        net.exec("pod", "ip", "link", "set", "v0", "up");
        net.exec("pod", "ip", "link", "set", "v1", "up");
        pod = NetNamespace.open(net.name("pod"));
    }

    @AfterEach
    void tearDown() {
        try {
            pod.close();
        } finally {
            net.close();
        }
    }

    @Test
    void datagramChannelMadeInsideServesTheNamespaceFromAnyThread() throws Exception {
        String hostBefore = namespaceOfThisThread();
        try (DatagramChannel server = pod.run(() -> DatagramChannel.open().bind(new InetSocketAddress(ONLY_IN_POD, 0)));
                DatagramChannel client = pod.run(DatagramChannel::open)) {
            client.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), server.getLocalAddress());

            ByteBuffer received = ByteBuffer.allocate(16);
            server.receive(received);
            assertThat(new String(received.array(), 0, received.position(), StandardCharsets.US_ASCII))
                    .isEqualTo("hello");
        }
        assertThatThrownBy(() -> DatagramChannel.open().bind(new InetSocketAddress(ONLY_IN_POD, 0)))
                .isInstanceOf(BindException.class);
        assertThat(namespaceOfThisThread()).isEqualTo(hostBefore);
    }

    @Test
    void theNamespaceThreadIsInTheNamespaceAndOnlyIt() throws Exception {
        String host = namespaceOfThisThread();
        long podInode = (Long) Files.getAttribute(net.path("pod"), "unix:ino");

        String inside = pod.run(NetNamespaceIT::namespaceOfThisThread);
        CompletableFuture<String> viaExecutor = CompletableFuture.supplyAsync(NetNamespaceIT::namespaceOfThisThread,
                pod.executor());

        assertThat(inside).isEqualTo("net:[" + podInode + "]");
        assertThat(viaExecutor.get(10, TimeUnit.SECONDS)).isEqualTo(inside);
        assertThat(host).isNotEqualTo(inside);
        assertThat(namespaceOfThisThread()).isEqualTo(host);
        assertThat(pod.run(() -> pod.run(NetNamespaceIT::namespaceOfThisThread))).isEqualTo(inside);
    }

    @Test
    void nettyChannelBoundInsideReceivesTheNamespacesTraffic() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<String> received = new CompletableFuture<>();
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                            received.complete(packet.content().toString(StandardCharsets.US_ASCII));
                        }
                    });
            Channel channel = pod.run(() -> bootstrap.bind(ONLY_IN_POD, 0).sync().channel());
            try (DatagramChannel client = pod.run(DatagramChannel::open)) {
                client.send(ByteBuffer.wrap("discover".getBytes(StandardCharsets.US_ASCII)), channel.localAddress());
            }
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("discover");
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void netlinkHandleOpenedInsideSeesTheNamespaceLinks() throws Exception {
        try (NetlinkHandle netlink = pod.run(NetlinkHandle::open)) {
            assertThat(netlink.links()).extracting(Link::name).containsExactlyInAnyOrder("lo", "v0", "v1");
            assertThat(netlink.addresses("v0", io.k6t.net.launcher.netlink.AddressFamily.INET))
                    .extracting(a -> a.prefix()).containsExactly(IpPrefix.parse(ONLY_IN_POD + "/24"));
        }
    }

    @Test
    void taskExceptionsKeepTheirType() {
        assertThatThrownBy(() -> pod.run(() -> {
            throw new IOException("from inside");
        })).isInstanceOf(IOException.class).hasMessage("from inside");
        assertThatThrownBy(() -> pod.run(() -> {
            throw new IllegalStateException("unchecked");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingOrWrongNamespacesAreTypedErrors() {
        assertThatThrownBy(() -> NetNamespace.open("k6tit-no-such-namespace"))
                .isInstanceOfSatisfying(NetNamespaceException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.path()).isEqualTo(Path.of("/run/netns/k6tit-no-such-namespace"));
                });
        assertThatThrownBy(() -> NetNamespace.open("/proc/self/ns/uts"))
                .isInstanceOfSatisfying(NetNamespaceException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThatThrownBy(() -> NetNamespace.open("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedNamespaceRefusesWork() throws Exception {
        NetNamespace other = NetNamespace.open(net.path("pod").toString());
        other.close();

        assertThatThrownBy(() -> other.run(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private static String namespaceOfThisThread() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
