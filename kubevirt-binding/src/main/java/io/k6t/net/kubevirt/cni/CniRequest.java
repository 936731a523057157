package io.k6t.net.kubevirt.cni;

import io.k6t.net.launcher.netlink.LinkName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The runtime's parameters of one invocation (spec section 2, "Parameters"), from the environment.
 *
 * @param command     {@code CNI_COMMAND}
 * @param containerId {@code CNI_CONTAINERID}
 * @param netns       {@code CNI_NETNS}: the path of the container's network namespace
 * @param ifname      {@code CNI_IFNAME}
 */
public record CniRequest(Command command, Optional<String> containerId, Optional<String> netns,
        Optional<String> ifname) {

    /** The spec's commands. */
    public enum Command { ADD, DEL, CHECK, STATUS, VERSION, GC }

    // The spec's rule for CNI_CONTAINERID.
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

    /**
     * Reads and checks the variables {@code command} requires ({@link CniException#INVALID_ENVIRONMENT}
     * naming every missing or invalid one).
     */
    public static CniRequest from(Map<String, String> env) {
        String commandName = env.getOrDefault("CNI_COMMAND", "");
        Command command;
        try {
            command = Command.valueOf(commandName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CniException(CniException.INVALID_ENVIRONMENT, "invalid CNI_COMMAND",
                    "CNI_COMMAND=\"" + commandName + "\" (expected: one of ADD, DEL, CHECK, STATUS, VERSION, GC)");
        }
        Optional<String> containerId = value(env, "CNI_CONTAINERID");
        Optional<String> netns = value(env, "CNI_NETNS");
        Optional<String> ifname = value(env, "CNI_IFNAME");
        List<String> wrong = new ArrayList<>();
        boolean attachment = command == Command.ADD || command == Command.DEL || command == Command.CHECK;
        if (attachment) {
            if (containerId.isEmpty()) {
                wrong.add("CNI_CONTAINERID (missing)");
            } else if (!CONTAINER_ID.matcher(containerId.get()).matches()) {
                wrong.add("CNI_CONTAINERID=\"" + containerId.get()
                        + "\" (expected: alphanumeric, then [A-Za-z0-9_.-])");
            }
            if (ifname.isEmpty()) {
                wrong.add("CNI_IFNAME (missing)");
            } else if (!LinkName.isValid(ifname.get())) {
                wrong.add("CNI_IFNAME=\"" + ifname.get() + "\" (expected: a Linux interface name)");
            }
            if (command != Command.DEL && netns.isEmpty()) {
                wrong.add("CNI_NETNS (missing)");
            }
        }
        if (!wrong.isEmpty()) {
            throw new CniException(CniException.INVALID_ENVIRONMENT, "invalid environment variables",
                    String.join(", ", wrong));
        }
        return new CniRequest(command, containerId, netns, ifname);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    }
}
