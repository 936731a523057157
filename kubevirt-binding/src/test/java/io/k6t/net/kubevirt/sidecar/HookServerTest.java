package io.k6t.net.kubevirt.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.k6t.net.kubevirt.hooks.info.HookPoint;
import io.k6t.net.kubevirt.hooks.info.InfoGrpc;
import io.k6t.net.kubevirt.hooks.info.InfoParams;
import io.k6t.net.kubevirt.hooks.info.InfoResult;
import io.k6t.net.kubevirt.hooks.v1alpha3.CallbacksGrpc;
import io.k6t.net.kubevirt.hooks.v1alpha3.OnDefineDomainParams;
import io.k6t.net.kubevirt.hooks.v1alpha3.PreCloudInitIsoParams;
import io.k6t.net.kubevirt.hooks.v1alpha3.PreCloudInitIsoResult;
import io.k6t.net.kubevirt.hooks.v1alpha3.ShutdownParams;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookServerTest {
    @TempDir
    Path dir;

    private final AtomicInteger shutdowns = new AtomicInteger();
    private final Hooks hooks = new Hooks() {
        @Override
        public byte[] onDefineDomain(byte[] domainXml, byte[] vmiJson) {
            return new DomainEditor("k6t").edit(domainXml, vmiJson, DomainEditorTest.twoBound()).domainXml();
        }

        @Override
        public void shutdown() {
            shutdowns.incrementAndGet();
        }
    };
    private EventLoopGroup serverGroup;
    private EventLoopGroup clientGroup;
    private HookServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        serverGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        server = HookServer.start("k6t", dir.resolve("k6t.sock"), hooks, serverGroup);
        clientGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(dir.resolve("k6t.sock").toFile()))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(clientGroup).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        server.close();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void infoNamesThePluginBothVersionsAndTheDefineAndShutdownHookPoints() {
        InfoResult info = InfoGrpc.newBlockingStub(channel).info(InfoParams.getDefaultInstance());

        assertThat(info.getName()).isEqualTo("k6t");
        assertThat(info.getVersionsList()).containsExactly("v1alpha3", "v1alpha2");
        assertThat(info.getHookPointsList()).extracting(HookPoint::getName)
                .containsExactly("OnDefineDomain", "Shutdown");
    }

    @Test
    void bothCallbackVersionsReturnTheEditedDomain() {
        ByteString domain = ByteString.copyFrom(DomainEditorTest.resource("domain.xml"));
        ByteString vmi = ByteString.copyFrom(DomainEditorTest.resource("vmi.json"));
        byte[] expected = DomainEditorTest.resource("domain-with-k6t.xml");

        byte[] v3 = CallbacksGrpc.newBlockingStub(channel).onDefineDomain(OnDefineDomainParams.newBuilder()
                .setDomainXML(domain).setVmi(vmi).build()).getDomainXML().toByteArray();
        byte[] v2 = io.k6t.net.kubevirt.hooks.v1alpha2.CallbacksGrpc.newBlockingStub(channel).onDefineDomain(
                io.k6t.net.kubevirt.hooks.v1alpha2.OnDefineDomainParams.newBuilder()
                        .setDomainXML(domain).setVmi(vmi).build()).getDomainXML().toByteArray();

        assertThat(v3).isEqualTo(expected);
        assertThat(v2).isEqualTo(expected);
    }

    @Test
    void badVmiJsonIsInvalidArgumentWithTheProblemInTheMessage() {
        OnDefineDomainParams params = OnDefineDomainParams.newBuilder()
                .setDomainXML(ByteString.copyFrom(DomainEditorTest.resource("domain.xml")))
                .setVmi(ByteString.copyFromUtf8("not json")).build();

        assertThatThrownBy(() -> CallbacksGrpc.newBlockingStub(channel).onDefineDomain(params))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("vmi: not valid JSON");
                });
    }

    @Test
    void badDomainXmlIsInvalidArgumentNamingTheDomain() {
        OnDefineDomainParams params = OnDefineDomainParams.newBuilder()
                .setDomainXML(ByteString.copyFromUtf8("<domain><devices>"))
                .setVmi(ByteString.copyFrom(DomainEditorTest.resource("vmi.json"))).build();

        assertThatThrownBy(() -> CallbacksGrpc.newBlockingStub(channel).onDefineDomain(params))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("domainXML: ");
                });
    }

    @Test
    void preCloudInitIsoReturnsItsInputUnchanged() {
        PreCloudInitIsoParams params = PreCloudInitIsoParams.newBuilder()
                .setCloudInitData(ByteString.copyFromUtf8("{\"userData\":\"#cloud-config\"}"))
                .setCloudInitNoCloudSource(ByteString.copyFromUtf8("{\"userData\":\"#cloud-config\"}"))
                .setVmi(ByteString.copyFromUtf8("{}")).build();

        PreCloudInitIsoResult result = CallbacksGrpc.newBlockingStub(channel).preCloudInitIso(params);

        assertThat(result.getCloudInitData()).isEqualTo(params.getCloudInitData());
        assertThat(result.getCloudInitNoCloudSource()).isEqualTo(params.getCloudInitNoCloudSource());
    }

    @Test
    void shutdownAnswersThenTellsTheSidecar() {
        CallbacksGrpc.newBlockingStub(channel).shutdown(ShutdownParams.getDefaultInstance());

        assertThat(shutdowns).hasValue(1);
    }

    @Test
    void theSocketIsModeSixHundredAndRemovedOnClose() throws Exception {
        Path socket = dir.resolve("k6t.sock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");

        server.close();

        assertThat(socket).doesNotExist();
    }

    @Test
    void aSecondServerOnALiveSocketIsRefused() {
        assertThatThrownBy(() -> HookServer.start("k6t", dir.resolve("k6t.sock"), hooks, serverGroup))
                .isInstanceOf(HookServerException.class)
                .hasMessageContaining("another process serves this socket");
    }

    @Test
    void aMissingHooksDirectoryIsRefusedNamingIt() {
        Path missing = dir.resolve("nope").resolve("k6t.sock");
        assertThatThrownBy(() -> HookServer.start("k6t", missing, hooks, serverGroup))
                .isInstanceOf(HookServerException.class)
                .hasMessageContaining("the hooks directory " + missing.getParent() + " does not exist");
    }

    @Test
    void aStaleSocketIsReplaced() throws Exception {
        server.close();
        // A socket file nobody listens on any more, as a killed sidecar leaves it.
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(java.net.UnixDomainSocketAddress.of(dir.resolve("k6t.sock")));
        }
        server = HookServer.start("k6t", dir.resolve("k6t.sock"), hooks, serverGroup);

        assertThat(InfoGrpc.newBlockingStub(channel).info(InfoParams.getDefaultInstance()).getName())
                .isEqualTo("k6t");
    }
}
