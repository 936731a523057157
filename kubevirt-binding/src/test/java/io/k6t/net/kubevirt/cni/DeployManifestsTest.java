package io.k6t.net.kubevirt.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example manifests in {@code deploy/} use only fields that the API types define, and agree with
 * each other and with the plugin. Every allowed path below names the Go type (and file, in the
 * kubevirt repository unless said otherwise) whose JSON tag defines it; {@code *} is a map key,
 * {@code []} an array element.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
            .resolve("../deploy").normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    // k8s.io/apimachinery pkg/apis/meta/v1 types.go: TypeMeta, ObjectMeta.
    private static final List<String> OBJECT = List.of("apiVersion", "kind", "metadata.name", "metadata.namespace",
            "metadata.labels.*");

    // staging/src/kubevirt.io/api/core/v1/types.go
    private static final List<String> KUBEVIRT = List.of(
            // KubeVirtSpec.Configuration
            "spec.configuration",
            // KubeVirtConfiguration, DeveloperConfiguration.FeatureGates
            "spec.configuration.developerConfiguration.featureGates[]",
            // NetworkConfiguration.Binding, InterfaceBindingPlugin.SidecarImage
            "spec.configuration.network.binding.*.sidecarImage",
            // InterfaceBindingPlugin.NetworkAttachmentDefinition
            "spec.configuration.network.binding.*.networkAttachmentDefinition",
            // ResourceRequirementsWithoutClaims.Requests
            "spec.configuration.network.binding.*.computeResourceOverhead.requests.*");

    // staging/src/kubevirt.io/api/core/v1/types.go (VirtualMachineSpec, VirtualMachineInstanceTemplateSpec,
    // VirtualMachineInstanceSpec) and schema.go (DomainSpec, Devices, Disk, DiskTarget, Interface,
    // PluginBinding, ResourceRequirements, Network, NetworkSource, Volume, VolumeSource, ContainerDiskSource).
    private static final List<String> VIRTUAL_MACHINE = List.of(
            // VirtualMachineSpec.RunStrategy
            "spec.runStrategy",
            // VirtualMachineInstanceTemplateSpec.ObjectMeta
            "spec.template.metadata.labels.*",
            // Devices.Disks, Disk.Name
            "spec.template.spec.domain.devices.disks[].name",
            // DiskDevice.Disk, DiskTarget.Bus
            "spec.template.spec.domain.devices.disks[].disk.bus",
            // Devices.Interfaces, Interface.Name
            "spec.template.spec.domain.devices.interfaces[].name",
            // Interface.Binding, PluginBinding.Name
            "spec.template.spec.domain.devices.interfaces[].binding.name",
            // DomainSpec.Resources, ResourceRequirements.Requests
            "spec.template.spec.domain.resources.requests.*",
            // VirtualMachineInstanceSpec.Networks, Network.Name
            "spec.template.spec.networks[].name",
            // NetworkSource.Pod (PodNetwork)
            "spec.template.spec.networks[].pod",
            // VirtualMachineInstanceSpec.Volumes, Volume.Name
            "spec.template.spec.volumes[].name",
            // VolumeSource.ContainerDisk, ContainerDiskSource.Image
            "spec.template.spec.volumes[].containerDisk.image");

    // k8snetworkplumbingwg/network-attachment-definition-client pkg/apis/k8s.cni.cncf.io/v1/types.go:
    // NetworkAttachmentDefinition.Spec, NetworkAttachmentDefinitionSpec.Config.
    private static final List<String> NAD = List.of("spec.config");

    // k8s.io/api apps/v1 types.go (DaemonSetSpec) and core/v1 types.go (PodTemplateSpec; PodSpec: HostNetwork,
    // HostPID, TerminationGracePeriodSeconds, InitContainers, Containers; Container, Toleration,
    // ResourceRequirements, SecurityContext with RunAsUser, VolumeMount with MountPropagation, Volume,
    // HostPathVolumeSource with Type).
    private static final List<String> DAEMON_SET = List.of("spec.selector.matchLabels.*",
            "spec.template.metadata.labels.*", "spec.template.spec.priorityClassName",
            "spec.template.spec.hostNetwork", "spec.template.spec.hostPID",
            "spec.template.spec.terminationGracePeriodSeconds",
            "spec.template.spec.tolerations[].operator",
            "spec.template.spec.initContainers[].name", "spec.template.spec.initContainers[].image",
            "spec.template.spec.initContainers[].command[]", "spec.template.spec.initContainers[].args[]",
            "spec.template.spec.initContainers[].securityContext.privileged",
            "spec.template.spec.initContainers[].volumeMounts[].name",
            "spec.template.spec.initContainers[].volumeMounts[].mountPath",
            "spec.template.spec.containers[].name",
            "spec.template.spec.containers[].image", "spec.template.spec.containers[].command[]",
            "spec.template.spec.containers[].args[]", "spec.template.spec.containers[].resources.requests.*",
            "spec.template.spec.containers[].securityContext.privileged",
            "spec.template.spec.containers[].securityContext.runAsUser",
            "spec.template.spec.containers[].volumeMounts[].name",
            "spec.template.spec.containers[].volumeMounts[].mountPath",
            "spec.template.spec.containers[].volumeMounts[].mountPropagation",
            "spec.template.spec.volumes[].name", "spec.template.spec.volumes[].hostPath.path",
            "spec.template.spec.volumes[].hostPath.type");
    // core/v1 types.go: the MountPropagationMode and HostPathType constants.
    private static final List<String> MOUNT_PROPAGATION = List.of("None", "HostToContainer", "Bidirectional");
    private static final List<String> HOST_PATH_TYPES = List.of("", "DirectoryOrCreate", "Directory",
            "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice");
    /** Where bin/k6t-net-cni looks for the node daemon unless told otherwise. */
    private static final String DAEMON_SOCKET = "/run/k6t-net/cni.sock";

    @Test
    void theKubevirtCrUsesOnlyKubevirtsFieldsAndRegistersTheBindingWithItsNad() throws IOException {
        JsonNode cr = read("kubevirt-cr.yaml");

        assertOnly(cr, KUBEVIRT);
        assertThat(cr.path("apiVersion").asText()).isEqualTo("kubevirt.io/v1");
        assertThat(cr.path("kind").asText()).isEqualTo("KubeVirt");
        JsonNode k6t = cr.at("/spec/configuration/network/binding/k6t");
        JsonNode nad = read("network-attachment-definition.yaml");
        assertThat(k6t.path("networkAttachmentDefinition").asText())
                .isEqualTo(nad.at("/metadata/namespace").asText() + "/" + nad.at("/metadata/name").asText());
        assertThat(k6t.path("sidecarImage").asText()).isNotBlank();
        assertThat(cr.at("/spec/configuration/developerConfiguration/featureGates").toString())
                .contains("NetworkBindingPlugins");
    }

    @Test
    void theVmUsesOnlyKubevirtsFieldsAndSelectsTheRegisteredBinding() throws IOException {
        JsonNode vm = read("vm.yaml");
        JsonNode cr = read("kubevirt-cr.yaml");

        assertOnly(vm, VIRTUAL_MACHINE);
        assertThat(vm.path("kind").asText()).isEqualTo("VirtualMachine");
        // VirtualMachineRunStrategy constants, types.go
        assertThat(vm.at("/spec/runStrategy").asText()).isIn("Always", "RerunOnFailure", "Manual", "Halted", "Once");
        JsonNode iface = vm.at("/spec/template/spec/domain/devices/interfaces/0");
        assertThat(cr.at("/spec/configuration/network/binding").has(iface.at("/binding/name").asText())).isTrue();
        assertThat(vm.at("/spec/template/spec/networks/0/name").asText()).isEqualTo(iface.path("name").asText());
    }

    @Test
    void theNadUsesOnlyItsFieldsAndItsConfigIsOneThePluginAccepts() throws IOException {
        JsonNode nad = read("network-attachment-definition.yaml");

        assertOnly(nad, NAD);
        assertThat(nad.path("apiVersion").asText()).isEqualTo("k8s.cni.cncf.io/v1");
        NetworkConfig config = NetworkConfig.parse(new ObjectMapper(), nad.at("/spec/config").asText());
        assertThat(config.name()).isEqualTo(nad.at("/metadata/name").asText());
        assertThat(new ObjectMapper().readTree(nad.at("/spec/config").asText()).path("type").asText())
                .isEqualTo("k6t-net");
    }

    @Test
    void theDaemonSetInstallsThePluginUnderTheNadsTypeNameAndRunsTheDaemonWhereThePluginLooks()
            throws IOException {
        JsonNode ds = read("k6t-net-cni-daemonset.yaml");
        JsonNode pod = ds.at("/spec/template/spec");

        assertOnly(ds, DAEMON_SET);
        assertThat(ds.path("kind").asText()).isEqualTo("DaemonSet");
        String script = pod.at("/initContainers/0/args/0").asText();
        assertThat(script).contains("/host/opt/cni/bin/k6t-net.d").contains("mv -f /host/opt/cni/bin/k6t-net.new"
                + " /host/opt/cni/bin/k6t-net");
        assertThat(hostPath(pod, pod.at("/initContainers/0"), "/host/opt/cni/bin")).isEqualTo("/opt/cni/bin");

        JsonNode daemon = pod.at("/containers/0");
        List<String> command = new ArrayList<>();
        daemon.path("command").forEach(c -> command.add(c.asText()));
        assertThat(command).containsSubsequence("cni-daemon", "--socket", DAEMON_SOCKET);
        // The socket and the default state directory on the node are where the daemon sees them.
        Path socketDir = Path.of(DAEMON_SOCKET).getParent();
        assertThat(hostPath(pod, daemon, socketDir.toString())).isEqualTo(socketDir.toString());
        NetworkConfig config = NetworkConfig.parse(new ObjectMapper(),
                read("network-attachment-definition.yaml").at("/spec/config").asText());
        assertThat(config.stateDir()).startsWithRaw(socketDir);
        // Namespaces bound after the daemon started reach it; /proc/PID/ns/net paths need the node's PIDs.
        assertThat(hostPath(pod, daemon, "/run/netns")).isEqualTo("/run/netns");
        assertThat(mount(daemon, "/run/netns").path("mountPropagation").asText()).isEqualTo("HostToContainer");
        assertThat(pod.path("hostPID").asBoolean()).isTrue();
        assertThat(daemon.at("/securityContext/runAsUser").asInt(-1)).as("the daemon runs as root").isZero();
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(30);
        for (JsonNode m : (Iterable<JsonNode>) () -> daemon.path("volumeMounts").elements()) {
            assertThat(MOUNT_PROPAGATION).contains(m.path("mountPropagation").asText("None"));
        }
        for (JsonNode v : (Iterable<JsonNode>) () -> pod.path("volumes").elements()) {
            assertThat(HOST_PATH_TYPES).contains(v.at("/hostPath/type").asText(""));
        }
    }

    /** The node path of the host-path volume that {@code container} mounts at {@code mountPath}. */
    private static String hostPath(JsonNode pod, JsonNode container, String mountPath) {
        String volume = mount(container, mountPath).path("name").asText();
        for (JsonNode v : (Iterable<JsonNode>) () -> pod.path("volumes").elements()) {
            if (v.path("name").asText().equals(volume)) {
                return v.at("/hostPath/path").asText();
            }
        }
        throw new AssertionError("no volume " + volume);
    }

    private static JsonNode mount(JsonNode container, String mountPath) {
        for (JsonNode m : (Iterable<JsonNode>) () -> container.path("volumeMounts").elements()) {
            if (m.path("mountPath").asText().equals(mountPath)) {
                return m;
            }
        }
        throw new AssertionError(container.path("name").asText() + " mounts nothing at " + mountPath);
    }

    private static JsonNode read(String file) throws IOException {
        return YAML.readTree(DEPLOY.resolve(file).toFile());
    }

    /** Fails naming every leaf path of {@code doc} that neither {@link #OBJECT} nor {@code allowed} defines. */
    private static void assertOnly(JsonNode doc, List<String> allowed) {
        List<Pattern> patterns = new ArrayList<>();
        for (String path : concat(OBJECT, allowed)) {
            StringBuilder regex = new StringBuilder();
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length; i++) {
                // A map key (label keys hold dots) is one component, or the whole rest at the end.
                String key = i == parts.length - 1 ? ".+" : "[^.]+";
                regex.append(i == 0 ? "" : "\\.")
                        .append(parts[i].equals("*") ? key : Pattern.quote(parts[i]).replace("[]", "\\E\\[\\]\\Q"));
            }
            patterns.add(Pattern.compile(regex.toString()));
        }
        List<String> unknown = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        collect("", doc, leaves);
        for (String leaf : leaves) {
            if (patterns.stream().noneMatch(p -> p.matcher(leaf).matches())) {
                unknown.add(leaf);
            }
        }
        assertThat(leaves).isNotEmpty();
        assertThat(unknown).as("fields no API type defines").isEmpty();
    }

    private static void collect(String prefix, JsonNode node, List<String> leaves) {
        if (node.isObject() && node.size() > 0) {
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                collect(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), leaves);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(prefix + "[]", element, leaves);
            }
        } else {
            leaves.add(prefix);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
