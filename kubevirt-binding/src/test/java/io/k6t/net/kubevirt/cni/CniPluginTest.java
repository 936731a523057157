package io.k6t.net.kubevirt.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands and errors that need no namespace: what a runtime sees on stdout and as exit code. */
class CniPluginTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    private final CniPlugin plugin = new CniPlugin();

    @Test
    void versionEchoesTheRequestedVersionAndListsTheSupportedOnes() throws Exception {
        CniPlugin.Response response = plugin.run(Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"1.0.0\"}");

        assertThat(response.exitCode()).isZero();
        JsonNode out = JSON.readTree(response.stdout());
        assertThat(out.get("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(out.get("supportedVersions")).extracting(JsonNode::asText)
                .containsExactly("0.4.0", "1.0.0", "1.1.0");
        assertThat(JSON.readTree(plugin.run(Map.of("CNI_COMMAND", "VERSION"), "").stdout()).get("cniVersion")
                .asText()).isEqualTo("1.1.0");
    }

    @Test
    void missingAndInvalidEnvironmentVariablesAreCode4NamingEveryOne() throws Exception {
        JsonNode missing = error(plugin.run(Map.of("CNI_COMMAND", "ADD"), config("1.0.0")), 4);
        JsonNode badCommand = error(plugin.run(Map.of("CNI_COMMAND", "ATTACH"), config("1.0.0")), 4);
        JsonNode badId = error(plugin.run(env("ADD", "-bad/id", "eth0"), config("1.0.0")), 4);

        assertThat(missing.get("details").asText()).contains("CNI_CONTAINERID", "CNI_IFNAME", "CNI_NETNS");
        assertThat(badCommand.get("details").asText()).contains("CNI_COMMAND=\"ATTACH\"");
        assertThat(badId.get("details").asText()).contains("CNI_CONTAINERID=\"-bad/id\"");
        assertThat(missing.get("cniVersion").asText()).isEqualTo("1.0.0");
    }

    @Test
    void undecodableConfigurationIsCode6() throws Exception {
        error(plugin.run(withNetns(env("ADD", "c1", "eth0")), "{not json"), 6);
        error(plugin.run(withNetns(env("ADD", "c1", "eth0")), "[1, 2]"), 6);
        JsonNode wrongType = error(plugin.run(withNetns(env("ADD", "c1", "eth0")),
                config("1.0.0").replace("}", ", \"keepPodAddress\": \"yes\"}")), 6);
        assertThat(wrongType.get("details").asText()).contains("keepPodAddress");
        JsonNode wrongFlag = error(plugin.run(withNetns(env("ADD", "c1", "eth0")),
                config("1.0.0").replace("}", ", \"antiSpoofing\": 0}")), 6);
        assertThat(wrongFlag.get("details").asText()).contains("antiSpoofing");
    }

    @Test
    void anUnsupportedVersionIsCode1() throws Exception {
        JsonNode out = error(plugin.run(withNetns(env("ADD", "c1", "eth0")), config("0.3.1")), 1);

        assertThat(out.get("details").asText()).contains("0.3.1").contains("1.1.0");
    }

    @Test
    void anUnknownKeyIsCode2NamingKeyAndValue() throws Exception {
        JsonNode out = error(plugin.run(withNetns(env("ADD", "c1", "eth0")),
                config("1.0.0").replace("}", ", \"bridge\": \"br0\"}")), 2);
        JsonNode dhcp = error(plugin.run(withNetns(env("ADD", "c1", "eth0")),
                config("1.0.0").replace("}", ", \"dhcp\": {\"acceptRelayed\": true}}")), 2);

        assertThat(out.get("details").asText()).contains("bridge=\"br0\"");
        assertThat(dhcp.get("details").asText()).contains("dhcp.acceptRelayed=true");
    }

    @Test
    void theSpecsOwnKeysAreAccepted() {
        String config = config("1.1.0").replace("}", ", \"runtimeConfig\": {}, \"capabilities\": {},"
                + " \"disableCheck\": false, \"disableGC\": false, \"args\": {\"cni\": {\"logicNetworkName\": \"a\"},"
                + " \"other\": 1}}");

        assertThat(plugin.run(env("DEL", "c1", "eth0"), config).exitCode()).isZero();
    }

    @Test
    void invalidValuesAreCode7() throws Exception {
        error(plugin.run(withNetns(env("ADD", "c1", "eth0")), "{\"cniVersion\":\"1.0.0\",\"type\":\"k6t-net\"}"), 7);
        error(plugin.run(withNetns(env("ADD", "c1", "eth0")), config("1.0.0").replace("\"name\":\"podnet\"",
                "\"name\":\"../etc\"")), 7);
        error(plugin.run(withNetns(env("ADD", "c1", "eth0")),
                config("1.0.0").replace("}", ", \"stateDir\": \"relative\"}")), 7);
        JsonNode check = error(plugin.run(withNetns(env("CHECK", "c1", "eth0")), config("1.0.0")), 7);
        assertThat(check.get("details").asText()).contains("prevResult");
    }

    @Test
    void addIntoAMissingNamespaceIsCode3() throws Exception {
        Map<String, String> env = env("ADD", "c1", "eth0");
        env.put("CNI_NETNS", state.resolve("no-such-netns").toString());

        JsonNode out = error(plugin.run(env, config("1.0.0")), 3);

        assertThat(out.get("details").asText()).contains("no-such-netns");
        assertThat(state.resolve("podnet/c1-eth0")).doesNotExist();
    }

    @Test
    void delWithoutStateOrNamespaceSucceedsSilentlyAndRemovesTheState() throws Exception {
        Path attachment = Files.createDirectories(state.resolve("podnet/c1-eth0"));
        Files.writeString(attachment.resolve("state-eth0.json"), "{}");
        Map<String, String> env = env("DEL", "c1", "eth0");
        env.put("CNI_NETNS", state.resolve("gone").toString());

        CniPlugin.Response first = plugin.run(env, config("1.0.0"));
        CniPlugin.Response second = plugin.run(env, config("1.0.0"));

        assertThat(first).isEqualTo(new CniPlugin.Response(0, ""));
        assertThat(second).isEqualTo(new CniPlugin.Response(0, ""));
        assertThat(attachment).doesNotExist();
        assertThat(state.resolve("podnet/c1-eth0.lock")).doesNotExist();
    }

    @Test
    void statusAndGcNeedVersion110() throws Exception {
        error(plugin.run(Map.of("CNI_COMMAND", "STATUS"), config("1.0.0")), 1);
        error(plugin.run(Map.of("CNI_COMMAND", "GC"), config("1.0.0")), 1);
        assertThat(plugin.run(Map.of("CNI_COMMAND", "STATUS"), config("1.1.0")))
                .isEqualTo(new CniPlugin.Response(0, ""));
    }

    @Test
    void statusIsCode50WhenTheStateDirectoryCannotBeCreated() throws Exception {
        Path file = Files.writeString(state.resolve("file"), "x");
        String config = config("1.1.0").replace("\"stateDir\":\"" + state + "\"", "\"stateDir\":\"" + file + "/sub\"");

        error(plugin.run(Map.of("CNI_COMMAND", "STATUS"), config), 50);
    }

    @Test
    void gcRemovesTheStateOfEveryAttachmentNotListedAsValid() throws Exception {
        Files.createDirectories(state.resolve("podnet/keep-eth0"));
        Files.createDirectories(state.resolve("podnet/stale-eth0"));
        Files.createDirectories(state.resolve("othernet/stale-eth0"));
        String config = config("1.1.0").replace("}", ", \"cni.dev/valid-attachments\": "
                + "[{\"containerID\": \"keep\", \"ifname\": \"eth0\"}]}");

        CniPlugin.Response response = plugin.run(Map.of("CNI_COMMAND", "GC"), config);

        assertThat(response).isEqualTo(new CniPlugin.Response(0, ""));
        assertThat(state.resolve("podnet/keep-eth0")).isDirectory();
        assertThat(state.resolve("podnet/stale-eth0")).doesNotExist();
        assertThat(state.resolve("othernet/stale-eth0")).isDirectory();
    }

    private JsonNode error(CniPlugin.Response response, int code) throws Exception {
        assertThat(response.exitCode()).as(response.stdout()).isEqualTo(1);
        assertThat(response.stdout()).endsWith("\n").doesNotContain("\n{");
        JsonNode out = JSON.readTree(response.stdout());
        assertThat(out.get("code").asInt()).as(response.stdout()).isEqualTo(code);
        assertThat(out.get("msg").asText()).isNotEmpty();
        assertThat(out.has("details")).isTrue();
        return out;
    }

    private String config(String version) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"podnet\",\"type\":\"k6t-net\",\"stateDir\":\""
                + state + "\"}";
    }

    private static Map<String, String> env(String command, String containerId, String ifname) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_IFNAME", ifname);
        env.put("CNI_PATH", "/usr/lib/cni");
        return env;
    }

    private static Map<String, String> withNetns(Map<String, String> env) {
        env.put("CNI_NETNS", "/var/run/netns/none");
        return env;
    }
}
