package io.k6t.net.kubevirt.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.kubevirt.handoff.Handoff;
import io.k6t.net.kubevirt.handoff.HandoffCodec;
import io.k6t.net.kubevirt.handoff.HandoffException;
import io.k6t.net.kubevirt.handoff.HandoffReader;
import io.k6t.net.kubevirt.handoff.HandoffWriter;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.StepHook;
import io.k6t.net.launcher.config.LinkNames;
import io.k6t.net.launcher.config.NameScheme;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.config.PodConfigException;
import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netns.NetNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k6t-net as a binding CNI plugin: one invocation, from the runtime's environment and the
 * configuration on stdin to what goes to stdout and the exit code. Never prints, never exits.
 *
 * <p>The pod interface it binds: with {@code args.cni.logicNetworkName} (what KubeVirt passes through
 * Multus, where {@code CNI_IFNAME} is Multus' name for the binding's own attachment), KubeVirt's
 * hashed name {@code pod<hash>} of that network when the pod has such a link, else the primary
 * {@code eth0}; without it, {@code CNI_IFNAME} (the plugin chained after the network's own CNI in one
 * conflist). Links are named by {@link NameScheme#KUBEVIRT}. The binding's state (what discovery saw,
 * so DEL restores it) lives on the node in {@code <stateDir>/<network>/<containerId>-<ifname>/}.
 */
public final class CniPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(CniPlugin.class);
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,62})");
    private static final String PRIMARY = "eth0";

    private final ObjectMapper json = new ObjectMapper();
    private final StepHook hook;

    /** The plugin. */
    public CniPlugin() {
        this(StepHook.NONE);
    }

    /** For tests: {@code hook} runs around every binding step of ADD (to interrupt it at a known point). */
    public CniPlugin(StepHook hook) {
        this.hook = hook;
    }

    /** What the plugin prints and how it exits. */
    public record Response(int exitCode, String stdout) {
    }

    /** Runs one command; any failure becomes the spec's error result and exit code 1. */
    public Response run(Map<String, String> env, String stdin) {
        String version = CniVersion.LATEST;
        try {
            version = safeVersion(stdin);
            CniRequest request = CniRequest.from(env);
            return switch (request.command()) {
                case VERSION -> new Response(0, versionResult(version));
                case ADD -> add(request, NetworkConfig.parse(json, stdin));
                case DEL -> del(request, NetworkConfig.parse(json, stdin));
                case CHECK -> check(request, NetworkConfig.parse(json, stdin));
                case STATUS -> status(NetworkConfig.parse(json, stdin));
                case GC -> gc(NetworkConfig.parse(json, stdin));
            };
        } catch (CniException e) {
            LOG.error("{}", e.getMessage());
            return error(version, e);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure", e);
            return error(version, new CniException(CniException.BINDING_FAILED, "k6t-net failed", e.toString(), e));
        }
    }

    private String safeVersion(String stdin) {
        try {
            return NetworkConfig.versionOf(json, stdin);
        } catch (CniException e) {
            return CniVersion.LATEST;
        }
    }

    // ------------------------------------------------------------------------------------ commands

    private Response add(CniRequest request, NetworkConfig config) {
        Attachment attachment = Attachment.of(config, request);
        try (Attachment.Lock lock = attachment.lock(); NetNamespace ns = openNamespace(request.netns().get())) {
            String podInterface = resolvePodInterface(config, request, attachment, Optional.of(ns));
            PodConfig pod = podConfig(config, attachment, podInterface);
            long start = System.nanoTime();
            Plan plan;
            try (PodNetwork network = hook == StepHook.NONE ? PodNetwork.open(pod, Optional.of(ns.path().toString()))
                    : PodNetwork.using(pod, Optional.empty(), PodKernel.in(ns), hook)) {
                plan = network.setup();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            InterfacePlan bound = plan.interfaces().get(0);
            Handoff handoff = handoff(config, attachment, bound, OptionalLong.of(millis));
            try {
                ns.run(() -> {
                    try (NetlinkHandle netlink = NetlinkHandle.open()) {
                        HandoffWriter.write(netlink, handoff);
                    }
                    return null;
                });
            } catch (HandoffException | NetlinkException e) {
                undo(pod, ns);
                int code = e instanceof HandoffException h && h.reason() == HandoffException.Reason.TOO_LARGE
                        ? CniException.HANDOFF_TOO_LARGE : CniException.BINDING_FAILED;
                throw new CniException(code, "cannot hand the lease over to the sidecar (binding rolled back)",
                        e.getMessage(), e);
            }
            LOG.info("bound {} in {} ({} ms)", podInterface, request.netns().get(), millis);
            return new Response(0, result(config, request, bound));
        } catch (BindingException e) {
            throw bindingFailure(e);
        } catch (IOException e) {
            throw new CniException(CniException.UNKNOWN_CONTAINER, "cannot enter the container's network namespace",
                    request.netns().get() + ": " + e.getMessage(), e);
        }
    }

    private Response del(CniRequest request, NetworkConfig config) {
        Attachment attachment = Attachment.of(config, request);
        if (!Files.isDirectory(attachment.dir())) {
            LOG.info("DEL {}: nothing to undo", attachment.dir());
            return new Response(0, "");
        }
        try (Attachment.Lock lock = attachment.lock()) {
            Optional<String> podInterface = attachment.boundInterface();
            Optional<NetNamespace> ns = request.netns().flatMap(CniPlugin::tryOpenNamespace);
            try {
                if (podInterface.isPresent() && ns.isPresent()) {
                    PodConfig pod = podConfig(config, attachment, podInterface.get());
                    undo(pod, ns.get());
                } else {
                    LOG.info("DEL {}: the network namespace is gone; removing the state only", attachment.dir());
                }
            } finally {
                ns.ifPresent(NetNamespace::close);
            }
            attachment.remove();
            return new Response(0, "");
        } catch (BindingException e) {
            throw bindingFailure(e);
        }
    }

    private Response check(CniRequest request, NetworkConfig config) {
        if (config.prevResult().isEmpty()) {
            throw new CniException(CniException.INVALID_CONFIG, "invalid network configuration",
                    "prevResult: missing (CHECK needs the result of ADD)");
        }
        Attachment attachment = Attachment.of(config, request);
        String podInterface = attachment.boundInterface().orElseThrow(() -> new CniException(CniException.DRIFT,
                "not bound", "no binding state in " + attachment.dir() + " (ADD did not run or did not finish)"));
        try (Attachment.Lock lock = attachment.lock(); NetNamespace ns = openNamespace(request.netns().get())) {
            PodConfig pod = podConfig(config, attachment, podInterface);
            Plan plan;
            try (PodNetwork network = PodNetwork.open(pod, Optional.of(ns.path().toString()))) {
                plan = network.plan();
            }
            if (plan.phase(podInterface) != Phase.FINISHED) {
                throw new CniException(CniException.DRIFT, "binding did not finish", podInterface + " is in phase "
                        + plan.phase(podInterface) + " (an interrupted ADD: DEL and ADD again)");
            }
            InterfacePlan bound = plan.interfaces().get(0);
            List<String> drift = ns.run(() -> drift(config, attachment, bound));
            if (!drift.isEmpty()) {
                throw new CniException(CniException.DRIFT, "the binding drifted", String.join("; ", drift));
            }
            return new Response(0, "");
        } catch (BindingException e) {
            throw bindingFailure(e);
        } catch (IOException e) {
            throw new CniException(CniException.UNKNOWN_CONTAINER, "cannot enter the container's network namespace",
                    request.netns().get() + ": " + e.getMessage(), e);
        }
    }

    private Response status(NetworkConfig config) {
        requireAtLeast(config, "1.1.0", "STATUS");
        Path dir = config.stateDir();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new CniException(CniException.NOT_AVAILABLE, "plugin not available",
                    "state directory " + dir + " cannot be created or written");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            throw new CniException(CniException.NOT_AVAILABLE, "plugin not available",
                    "/dev/net/tun is missing: the node cannot create taps");
        }
        return new Response(0, "");
    }

    private Response gc(NetworkConfig config) {
        requireAtLeast(config, "1.1.0", "GC");
        Set<String> valid = config.validAttachments().stream().map(a -> Attachment.dirName(a[0], a[1]))
                .collect(Collectors.toSet());
        List<String> failures = new ArrayList<>();
        for (Attachment stale : Attachment.all(config)) {
            if (valid.contains(stale.dir().getFileName().toString())) {
                continue;
            }
            try (Attachment.Lock lock = stale.lock()) {
                LOG.info("GC: removing the state of {} (its namespace is assumed gone)", stale.dir());
                stale.remove();
            } catch (CniException e) {
                failures.add(stale.dir() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new CniException(CniException.STATE, "garbage collection left stale state",
                    String.join("; ", failures));
        }
        return new Response(0, "");
    }

    // ------------------------------------------------------------------------------------ helpers

    /** The VERSION result; also what {@link #run} prints for VERSION. */
    public String versionResult(String cniVersion) {
        ObjectNode out = json.createObjectNode();
        out.put("cniVersion", cniVersion);
        ArrayNode versions = out.putArray("supportedVersions");
        CniVersion.SUPPORTED.forEach(versions::add);
        return write(out);
    }

    private String resolvePodInterface(NetworkConfig config, CniRequest request, Attachment attachment,
            Optional<NetNamespace> ns) {
        Optional<String> recorded = attachment.boundInterface();
        if (recorded.isPresent()) {
            return recorded.get();
        }
        Optional<String> logic = config.logicNetworkName();
        if (logic.isEmpty()) {
            return request.ifname().get();
        }
        String hashed = LinkNames.kubevirtHashedInterface(logic.get());
        if (ns.isPresent()) {
            boolean exists;
            try {
                exists = ns.get().run(() -> {
                    try (NetlinkHandle netlink = NetlinkHandle.open()) {
                        return netlink.findLink(hashed).isPresent();
                    }
                });
            } catch (NetlinkException e) {
                throw new CniException(CniException.BINDING_FAILED, "cannot list the pod's links", e.getMessage(), e);
            }
            if (exists) {
                return hashed;
            }
        }
        return PRIMARY;
    }

    private static PodConfig podConfig(NetworkConfig config, Attachment attachment, String podInterface) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("stateDir", attachment.dir().toString());
        // The node's resolv.conf is not the pod's: the sidecar adds DNS from the pod's own file.
        root.put("resolvConf", "/dev/null");
        root.put("nameScheme", NameScheme.KUBEVIRT.configName());
        ObjectNode iface = root.putArray("interfaces").addObject();
        String network = attachment.network();
        iface.put("name", INTERFACE_NAME.matcher(network).matches() ? network : podInterface);
        iface.put("podInterface", podInterface);
        iface.put("binding", "bridge");
        iface.put("keepPodAddress", config.keepPodAddress());
        iface.put("antiSpoofing", config.antiSpoofing());
        config.dhcp().ifPresent(d -> iface.set("dhcp", d.deepCopy()));
        try {
            return PodConfig.parse(json.writeValueAsString(root));
        } catch (PodConfigException e) {
            throw new CniException(CniException.INVALID_CONFIG, "invalid network configuration",
                    e.getMessage().replace("interfaces[0].", ""), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    private static Handoff handoff(NetworkConfig config, Attachment attachment, InterfacePlan bound,
            OptionalLong millis) {
        Optional<Handoff.Lease> lease = Optional.empty();
        if (bound.served()) {
            lease = Optional.of(Handoff.Lease.from(LeaseConfig.load(attachment.dir().resolve("lease-"
                    + bound.podInterface() + ".json"))));
        }
        LinkNames names = bound.names();
        return new Handoff(attachment.network(), bound.podInterface(), names.bridge(), names.tap(), names.nic(),
                bound.guestMac().toString(), bound.mtu(), bound.pinsGuest(), lease, millis);
    }

    /** Removes the hand-off, then restores the pod interface (the binding's teardown). */
    private static void undo(PodConfig pod, NetNamespace ns) {
        LinkNames names = pod.names(0);
        try {
            ns.run(() -> {
                try (NetlinkHandle netlink = NetlinkHandle.open()) {
                    HandoffWriter.clear(netlink, List.of(names.bridge(), names.tap(), names.nic()));
                }
                return null;
            });
        } catch (HandoffException | NetlinkException e) {
            LOG.warn("cannot remove the hand-off from {}: {}", names, e.getMessage());
        }
        try (PodNetwork network = PodNetwork.open(pod, Optional.of(ns.path().toString()))) {
            network.teardown();
        } catch (IOException e) {
            throw new CniException(CniException.UNKNOWN_CONTAINER, "cannot enter the container's network namespace",
                    ns.path() + ": " + e.getMessage(), e);
        }
    }

    /** What CHECK finds different from what ADD left; empty when nothing drifted. */
    private static List<String> drift(NetworkConfig config, Attachment attachment, InterfacePlan bound)
            throws NetlinkException {
        List<String> drift = new ArrayList<>();
        LinkNames names = bound.names();
        try (NetlinkHandle netlink = NetlinkHandle.open()) {
            Optional<Link> bridge = netlink.findLink(names.bridge());
            if (bridge.isEmpty()) {
                drift.add("bridge " + names.bridge() + " is missing");
            } else if (!bridge.get().attributes().up()) {
                drift.add("bridge " + names.bridge() + " is down");
            }
            for (String port : List.of(names.nic(), names.tap())) {
                Optional<Link> link = netlink.findLink(port);
                if (link.isEmpty()) {
                    drift.add(port + " is missing");
                } else if (bridge.isPresent()
                        && link.get().attributes().masterIndex().orElse(0) != bridge.get().index()) {
                    drift.add(port + " is not a port of " + names.bridge());
                }
            }
            if (!bound.keepsPodAddress() && netlink.findLink(bound.podInterface()).isPresent()) {
                drift.add("a link named " + bound.podInterface() + " exists again");
            }
            try {
                Optional<Handoff> found = HandoffReader.find(HandoffReader.read(netlink), bound.podInterface());
                Handoff expected = handoff(config, attachment, bound, OptionalLong.empty());
                if (found.isEmpty()) {
                    drift.add("the hand-off to the sidecar is missing from " + expected.carriers());
                } else if (!withoutTiming(found.get()).equals(expected)) {
                    drift.add("the hand-off says " + HandoffCodec.payload(found.get()) + ", expected "
                            + HandoffCodec.payload(expected));
                }
            } catch (HandoffException e) {
                drift.add("the hand-off does not read: " + e.getMessage());
            }
        }
        return drift;
    }

    private static Handoff withoutTiming(Handoff h) {
        return new Handoff(h.network(), h.podInterface(), h.bridge(), h.tap(), h.nic(), h.guestMac(), h.mtu(),
                h.macPinned(), h.lease(), OptionalLong.empty());
    }

    private String result(NetworkConfig config, CniRequest request, InterfacePlan bound) {
        ObjectNode result = config.prevResult().orElseGet(() -> {
            ObjectNode fresh = json.createObjectNode();
            fresh.putArray("interfaces");
            fresh.putArray("ips");
            return fresh;
        });
        result.put("cniVersion", config.cniVersion());
        JsonNode existing = result.get("interfaces");
        ArrayNode interfaces = existing instanceof ArrayNode array ? array : result.putArray("interfaces");
        String sandbox = request.netns().get();
        LinkNames names = bound.names();
        String bridgeMac = bound.bridgeMac().toString();
        interfaces.addObject().put("name", names.bridge()).put("mac", bridgeMac).put("sandbox", sandbox);
        interfaces.addObject().put("name", names.nic()).put("mac", bridgeMac).put("sandbox", sandbox);
        interfaces.addObject().put("name", names.tap()).put("sandbox", sandbox);
        return write(result);
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    /**
     * The spec's error result for a failure outside any command (a request to the daemon that does not
     * decode, a daemon too busy to run it), in the latest version's form.
     */
    public Response failure(CniException e) {
        return error(CniVersion.LATEST, e);
    }

    private Response error(String version, CniException e) {
        ObjectNode out = json.createObjectNode();
        out.put("cniVersion", version);
        out.put("code", e.code());
        out.put("msg", e.msg());
        out.put("details", e.details());
        return new Response(1, write(out));
    }

    private static void requireAtLeast(NetworkConfig config, String minimum, String command) {
        if (!CniVersion.atLeast(config.cniVersion(), minimum)) {
            throw new CniException(CniException.INCOMPATIBLE_VERSION, "incompatible CNI version",
                    command + " needs cniVersion " + minimum + " or later, the configuration says "
                    + config.cniVersion());
        }
    }

    private static CniException bindingFailure(BindingException e) {
        int code = switch (e.reason()) {
            case POD_INTERFACE_MISSING, NAME_TAKEN, POD_INTERFACE_UNUSABLE -> CniException.POD_INTERFACE;
            case STATE -> CniException.STATE;
            default -> CniException.BINDING_FAILED;
        };
        return new CniException(code, "bridge binding failed", e.getMessage(), e);
    }

    private static NetNamespace openNamespace(String path) throws IOException {
        if (!Files.exists(Path.of(path))) {
            throw new CniException(CniException.UNKNOWN_CONTAINER, "the container's network namespace does not exist",
                    path);
        }
        return NetNamespace.open(Path.of(path));
    }

    private static Optional<NetNamespace> tryOpenNamespace(String path) {
        try {
            return Files.exists(Path.of(path)) ? Optional.of(NetNamespace.open(Path.of(path))) : Optional.empty();
        } catch (IOException e) {
            LOG.info("DEL: network namespace {} cannot be entered ({}); treating it as gone", path, e.getMessage());
            return Optional.empty();
        }
    }
}
