package io.k6t.net.dhcp.v6;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the DHCPv6 decoder. Without {@code JAZZER_FUZZ} it runs once per file of
 * {@code src/test/resources/io/k6t/net/dhcp/v6/Dhcp6FuzzTestInputs/decode/} (every DHCPv6 payload of the
 * golden captures); with {@code JAZZER_FUZZ=1 -Dtest=Dhcp6FuzzTest} Jazzer mutates from there
 * (docs/reliability.md). Contract: {@link Dhcp6Fuzz#decodeReadAndRoundTrip}.
 */
class Dhcp6FuzzTest {
    @FuzzTest(maxDuration = "5m")
    void decode(byte[] input) {
        Dhcp6Fuzz.decodeReadAndRoundTrip(input, "fuzz input");
    }
}
