package io.k6t.net.kubevirt.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's socket life cycle and its answers to requests that need no namespace (no root). */
class CniDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRequestOnTheSocketGetsWhatThePluginAnswersInProcess() throws IOException {
        Path socket = dir.resolve("run/cni.sock");
        CniWire.Request version = new CniWire.Request(Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"0.4.0\"}");
        CniWire.Request bad = new CniWire.Request(Map.of("CNI_COMMAND", "ADD"), "{\"cniVersion\":\"1.0.0\"}");

        try (CniDaemon daemon = CniDaemon.start(socket, new CniPlugin())) {
            assertThat(daemon.socket()).isEqualTo(socket);
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(exchange(socket, CniWire.encode(version)))
                    .isEqualTo(new CniPlugin().run(version.env(), version.stdin()));
            assertThat(exchange(socket, CniWire.encode(bad))).isEqualTo(new CniPlugin().run(bad.env(), bad.stdin()));
        }
        assertThat(socket).doesNotExist();
        assertThat(dir.resolve("run")).isEmptyDirectory();
    }

    @Test
    void aRequestThatDoesNotDecodeGetsTheSpecsError6NamingTheProblem() throws IOException {
        Path socket = dir.resolve("cni.sock");
        byte[] tooLong = ByteBuffer.allocate(8).put("K6C1".getBytes(StandardCharsets.US_ASCII)).putInt(1 << 20)
                .array();
        byte[] otherVersion = "K6C2\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);

        try (CniDaemon daemon = CniDaemon.start(socket, new CniPlugin())) {
            CniPlugin.Response oversize = exchange(socket, tooLong);
            CniPlugin.Response version = exchange(socket, otherVersion);

            assertThat(oversize.exitCode()).isEqualTo(1);
            JsonNode error = JSON.readTree(oversize.stdout());
            assertThat(error.get("code").asInt()).isEqualTo(CniException.DECODING_FAILED);
            assertThat(error.get("details").asText()).isEqualTo("environment of 1048576 bytes (at most 65536)");
            assertThat(JSON.readTree(version.stdout()).get("details").asText()).contains("0x4b364332");
            // The daemon still serves after refusing.
            assertThat(exchange(socket, CniWire.encode(new CniWire.Request(Map.of("CNI_COMMAND", "VERSION"), "")))
                    .exitCode()).isZero();
        }
    }

    @Test
    void aStaleSocketIsReplacedAndALiveOneIsAnError() throws IOException {
        Path socket = dir.resolve("cni.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();

        try (CniDaemon daemon = CniDaemon.start(socket, new CniPlugin())) {
            assertThatThrownBy(() -> CniDaemon.start(socket, new CniPlugin()))
                    .isInstanceOf(CniDaemonException.class).hasMessage("another daemon serves " + socket);
            assertThat(exchange(socket, CniWire.encode(new CniWire.Request(Map.of("CNI_COMMAND", "VERSION"), "")))
                    .exitCode()).isZero();
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void closingLeavesASocketThatAnotherDaemonBoundSinceInPlace() throws IOException {
        Path socket = dir.resolve("cni.sock");
        CniDaemon first = CniDaemon.start(socket, new CniPlugin());
        Files.delete(socket);
        try (CniDaemon second = CniDaemon.start(socket, new CniPlugin())) {
            first.close();
            assertThat(socket).exists();
            assertThat(CniDaemon.answers(socket)).isTrue();
        }
    }

    @Test
    void aClientThatSendsNothingIsDroppedAtTheDeadlineAndOthersAreServedMeanwhile() throws IOException {
        Path socket = dir.resolve("cni.sock");
        try (CniDaemon daemon = CniDaemon.start(socket, new CniPlugin(), Duration.ofMillis(300));
                SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(exchange(socket, CniWire.encode(new CniWire.Request(Map.of("CNI_COMMAND", "VERSION"), "")))
                    .exitCode()).isZero();

            // Blocks until the daemon closes the connection: end of stream, no answer.
            assertThat(silent.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        }
    }

    private static CniPlugin.Response exchange(Path socket, byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap(request));
            channel.shutdownOutput();
            return CniWire.readResponse(Channels.newInputStream(channel));
        }
    }
}
