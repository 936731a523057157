package io.k6t.net.cli.internal;

import picocli.CommandLine.Command;

/** {@code k6t-net dhcp}: the DHCP server alone and the tools to look at DHCP traffic. */
@Command(name = "dhcp", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The DHCP server alone, and tools to decode, replay and trace DHCP traffic.",
        subcommands = {
            DhcpServeCommand.class,
            DhcpDecodeCommand.class,
            DhcpReplayCommand.class,
            DhcpTraceCommand.class,
        })
public final class DhcpCommand {
}
