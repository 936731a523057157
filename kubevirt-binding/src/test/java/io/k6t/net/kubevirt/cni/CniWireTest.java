package io.k6t.net.kubevirt.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client-daemon protocol: golden bytes, round trips, and every malformed message refused by name. */
class CniWireTest {

    @Test
    void aRequestIsMagicThenNulSeparatedCniVariablesThenTheConfigurationEachWithItsLength() throws IOException {
        byte[] bytes = CniWire.encode(new CniWire.Request(Map.of("CNI_IFNAME", "eth0", "CNI_COMMAND", "ADD"), "{}"));

        byte[] expected = concat(ascii("K6C1"), new byte[] {0, 0, 0, 32}, ascii("CNI_COMMAND=ADD\0CNI_IFNAME=eth0\0"),
                new byte[] {0, 0, 0, 2}, ascii("{}"));
        assertThat(bytes).isEqualTo(expected);
        assertThat(CniWire.readRequest(new ByteArrayInputStream(bytes)))
                .isEqualTo(new CniWire.Request(Map.of("CNI_COMMAND", "ADD", "CNI_IFNAME", "eth0"), "{}"));
    }

    @Test
    void aResponseIsMagicExitCodeAndTheResultWithItsLength() throws IOException {
        byte[] bytes = CniWire.encode(new CniPlugin.Response(1, "{\"code\":11}\n"));

        assertThat(bytes).isEqualTo(concat(ascii("K6R1"), new byte[] {0, 0, 0, 1, 0, 0, 0, 12},
                ascii("{\"code\":11}\n")));
        assertThat(CniWire.readResponse(new ByteArrayInputStream(bytes)))
                .isEqualTo(new CniPlugin.Response(1, "{\"code\":11}\n"));
    }

    @Test
    void valuesKeepEqualsSignsAndUtf8AndAnEmptyRequestRoundTrips() throws IOException {
        CniWire.Request request = new CniWire.Request(Map.of("CNI_ARGS", "K8S_POD_NAME=vm-é;IgnoreUnknown=1"),
                "{\"name\": \"ü\"}");
        CniWire.Request empty = new CniWire.Request(Map.of(), "");

        assertThat(CniWire.readRequest(new ByteArrayInputStream(CniWire.encode(request)))).isEqualTo(request);
        assertThat(CniWire.readRequest(new ByteArrayInputStream(CniWire.encode(empty)))).isEqualTo(empty);
    }

    @Test
    void anotherMagicNumberIsRefusedNamingBothVersions() {
        byte[] v2 = CniWire.encode(new CniWire.Request(Map.of(), "{}"));
        v2[3] = '2';

        assertThatThrownBy(() -> CniWire.readRequest(new ByteArrayInputStream(v2)))
                .isInstanceOf(CniWireException.class).hasMessageContaining("0x4b364332")
                .hasMessageContaining("K6C1");
        assertThatThrownBy(() -> CniWire.readResponse(new ByteArrayInputStream(
                CniWire.encode(new CniWire.Request(Map.of(), "{}")))))
                .isInstanceOf(CniWireException.class).hasMessageContaining("response magic number 0x4b364331");
    }

    @Test
    void lengthsOverTheLimitsAreRefusedBeforeAnythingIsRead() throws IOException {
        byte[] env = header("K6C1", CniWire.MAX_ENVIRONMENT + 1);
        byte[] config = concat(header("K6C1", 0), int32(0xFFFFFFFFL));
        byte[] result = concat(header("K6R1", 0), int32(CniWire.MAX_RESULT + 1L));

        assertThatThrownBy(() -> CniWire.readRequest(new ByteArrayInputStream(env)))
                .isInstanceOf(CniWireException.class).hasMessage("environment of 65537 bytes (at most 65536)");
        assertThatThrownBy(() -> CniWire.readRequest(new ByteArrayInputStream(config)))
                .isInstanceOf(CniWireException.class)
                .hasMessage("network configuration of 4294967295 bytes (at most 4194304)");
        assertThatThrownBy(() -> CniWire.readResponse(new ByteArrayInputStream(result)))
                .isInstanceOf(CniWireException.class).hasMessage("result of 16777217 bytes (at most 16777216)");
    }

    @Test
    void aMessageCutShortAnywhereIsRefusedSayingWhere() {
        byte[] whole = CniWire.encode(new CniWire.Request(Map.of("CNI_COMMAND", "DEL"), "{\"cniVersion\":\"1.0.0\"}"));
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> CniWire.readRequest(new ByteArrayInputStream(cut))).as("cut at %d", length)
                    .isInstanceOf(CniWireException.class).hasMessageContaining("truncated");
        }
        byte[] answer = CniWire.encode(new CniPlugin.Response(0, "{}"));
        assertThatThrownBy(() -> CniWire.readResponse(new ByteArrayInputStream(Arrays.copyOf(answer, 13))))
                .isInstanceOf(CniWireException.class).hasMessage("result truncated (expected 2 bytes)");
    }

    @Test
    void malformedEnvironmentEntriesAreRefusedNamingTheEntry() throws IOException {
        assertThatThrownBy(() -> CniWire.readRequest(request("PATH=/bin\0")))
                .isInstanceOf(CniWireException.class).hasMessageContaining("\"PATH=/bin\"");
        assertThatThrownBy(() -> CniWire.readRequest(request("CNI_COMMAND\0")))
                .isInstanceOf(CniWireException.class).hasMessageContaining("\"CNI_COMMAND\"");
        assertThatThrownBy(() -> CniWire.readRequest(request("CNI_COMMAND=ADD\0CNI_COMMAND=DEL\0")))
                .isInstanceOf(CniWireException.class).hasMessage("environment variable CNI_COMMAND given twice");
        assertThatThrownBy(() -> CniWire.readRequest(request("CNI_COMMAND=ADD")))
                .isInstanceOf(CniWireException.class).hasMessageContaining("no terminating NUL");
        assertThatThrownBy(() -> new CniWire.Request(Map.of("HOME", "/root"), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOME");
    }

    private static ByteArrayInputStream request(String env) throws IOException {
        byte[] bytes = ascii(env);
        return new ByteArrayInputStream(concat(header("K6C1", bytes.length), bytes, int32(0)));
    }

    private static byte[] header(String magic, long length) throws IOException {
        return concat(ascii(magic), int32(length));
    }

    private static byte[] int32(long value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataOutputStream(out).writeInt((int) value);
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
