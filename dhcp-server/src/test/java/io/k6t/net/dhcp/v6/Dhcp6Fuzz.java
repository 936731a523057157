package io.k6t.net.dhcp.v6;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract the property test and the Jazzer target both check on one input. */
final class Dhcp6Fuzz {
    private Dhcp6Fuzz() {
    }

    /**
     * Decodes; a decode exception is fine, any other exception fails. What decodes must read through every
     * typed view (also in nested IAs and relayed messages) and re-encode to the same bytes.
     *
     * @return whether the input decoded
     */
    static boolean decodeReadAndRoundTrip(byte[] input, String what) {
        Dhcp6Packet packet;
        try {
            packet = Dhcp6Codec.decode(input);
        } catch (Dhcp6DecodeException e) {
            assertThat(e.offset()).as(what).isBetween(0, input.length);
            return false;
        }
        readEverything(packet);
        assertThat(Dhcp6Codec.encode(packet)).as(what).isEqualTo(input);
        return true;
    }

    private static void readEverything(Dhcp6Packet packet) {
        Dhcp6Options o = packet.options();
        o.clientId().ifPresent(d -> d.macAddress());
        o.serverId();
        for (IaNa ia : o.iaNas()) {
            ia.statusCode();
            ia.addresses().forEach(IaAddress::statusCode);
            ia.toOption();
        }
        o.requestedOptions();
        o.preference();
        o.elapsedTime();
        o.unicast();
        o.statusCode();
        o.dnsServers();
        o.domainList();
        o.informationRefreshTime();
        o.clientLinkLayerAddress().ifPresent(LinkLayerAddress::macAddress);
        if (packet instanceof Dhcp6RelayMessage relay) {
            relay.relayedMessage().ifPresent(Dhcp6Fuzz::readEverything);
        }
    }
}
