package io.k6t.net.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.launcher.netlink.LinkName;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkNamesTest {

    @Test
    void shortNamesFollowTheDesign() {
        LinkNames eth0 = LinkNames.of("eth0", 0);
        assertThat(eth0.bridge()).isEqualTo("k6t-eth0");
        assertThat(eth0.tap()).isEqualTo("tap0");
        assertThat(eth0.nic()).isEqualTo("eth0-nic");
        assertThat(eth0.placeholderPeer()).isEqualTo("eth0-ph");
        LinkNames net1 = LinkNames.of("net1", 1);
        assertThat(net1.bridge()).isEqualTo("k6t-net1");
        assertThat(net1.tap()).isEqualTo("tap1");
    }

    @Test
    void kubevirtHashedInterfaceNamesMatchKubevirtsOwnTestVectors() {
        // pkg/network/namescheme/networknamescheme_test.go in the kubevirt repository
        assertThat(LinkNames.kubevirtHashedInterface("network1")).isEqualTo("poda7662f44d65");
        assertThat(LinkNames.kubevirtHashedInterface("network2")).isEqualTo("pod27f4a77f94e");
        assertThat(LinkNames.kubevirtHashedInterface("red")).isEqualTo("podb1f51a511f1");
        assertThat(LinkNames.kubevirtHashedInterface("blue")).isEqualTo("pod16477688c0e");
    }

    @Test
    void kubevirtSchemeNamesFollowKubevirtsLinkNames() {
        // pkg/network/link/names.go and names_test.go in the kubevirt repository
        assertThat(LinkNames.kubevirt("eth0")).isEqualTo(new LinkNames("eth0", "k6t-eth0", "tap0", "eth0-nic",
                "eth0-ph"));
        assertThat(LinkNames.kubevirt("pod16477688c0e")).isEqualTo(new LinkNames("pod16477688c0e",
                "k6t-16477688c0e", "tap16477688c0e", "16477688c0e-nic", "16477688c0e-ph"));
        assertThat(LinkNames.kubevirt("net1")).isEqualTo(new LinkNames("net1", "k6t-net1", "tap1", "net1-nic",
                "net1-ph"));
        assertThat(NameScheme.KUBEVIRT.names("pod16477688c0e", 7)).isEqualTo(LinkNames.kubevirt("pod16477688c0e"));
        assertThat(NameScheme.K6T.names("pod16477688c0e", 7)).isEqualTo(LinkNames.of("pod16477688c0e", 7));
    }

    @Test
    void kubevirtNamesThatWouldNotFitAreShortenedByTheHashRule() {
        LinkNames names = LinkNames.kubevirt("longnetwork0123");

        assertThat(names.bridge()).isEqualTo(LinkNames.derive("k6t-", "longnetwork0123", ""));
        assertThat(names.nic()).isEqualTo(LinkNames.derive("", "longnetwork0123", "-nic"));
        assertThat(names.tap()).isEqualTo("tapgnetwork0123");
        assertThat(names.all()).allSatisfy(n -> assertThat(n.length()).isLessThanOrEqualTo(15));
    }

    @Test
    void longNamesKeepAPrefixAndAStableHash() {
        // SHA-256("longnetwork0123") starts with these 5 hex digits: the rule is documented in docs/binding.md.
        LinkNames names = LinkNames.of("longnetwork0123", 3);
        assertThat(names.bridge()).hasSize(15).startsWith("k6t-longne");
        assertThat(names.nic()).hasSize(15).startsWith("longne").endsWith("-nic");
        assertThat(names.placeholderPeer()).hasSize(15).startsWith("longnet").endsWith("-ph");
        String hash = names.bridge().substring(10);
        assertThat(names.nic()).isEqualTo("longne" + hash + "-nic");
        assertThat(names.placeholderPeer()).isEqualTo("longnet" + hash + "-ph");
        assertThat(hash).isEqualTo(sha256Prefix("longnetwork0123"));
    }

    @Test
    void exactlyFittingNamesAreNotHashed() {
        assertThat(LinkNames.of("abcdefghijk", 0).bridge()).isEqualTo("k6t-abcdefghijk");
        assertThat(LinkNames.of("abcdefghijkl", 0).bridge()).isNotEqualTo("k6t-abcdefghijkl").hasSize(15);
        assertThat(LinkNames.of("abcdefghijk", 0).nic()).isEqualTo("abcdefghijk-nic");
    }

    @Test
    void everyDerivedNameFitsAndIsStable() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> seen = new HashMap<>();
        for (int n = 0; n < 5000; n++) {
            String name = randomLinkName(random);
            LinkNames names = LinkNames.of(name, random.nextInt(100));
            for (String derived : names.all()) {
                assertThat(derived.length()).as("seed %d, name %s -> %s", seed, name, derived).isLessThanOrEqualTo(15);
                assertThat(LinkName.isValid(derived)).as("seed %d: %s", seed, derived).isTrue();
            }
            assertThat(LinkNames.of(name, 0).bridge()).as("seed %d", seed).isEqualTo(names.bridge());
            String previous = seen.putIfAbsent(names.bridge(), name);
            if (previous != null && !previous.equals(name)) {
                // A collision of the shortened form must be between long names sharing the kept prefix.
                assertThat(previous.substring(0, 6)).as("seed %d", seed).isEqualTo(name.substring(0, 6));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sixteen-chars-xx", ".", "..", "a b", "a/b", "a:b", "caf\u00e9"})
    void invalidLinkNamesAreRejected(String name) {
        assertThatThrownBy(() -> LinkNames.of(name, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    private static String randomLinkName(SplittableRandom random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
        int length = 1 + random.nextInt(15);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String s = sb.toString();
        return s.equals(".") || s.equals("..") ? "x" + s : s;
    }

    private static String sha256Prefix(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).substring(0, 5);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
