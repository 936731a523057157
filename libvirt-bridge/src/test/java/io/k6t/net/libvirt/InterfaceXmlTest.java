package io.k6t.net.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class InterfaceXmlTest {

    /** Set {@code -Dk6t.writeGolden=DIR} to (re)write the golden files into DIR for review. */
    @TestFactory
    List<DynamicTest> everyVariantMatchesItsGoldenFile() {
        String writeTo = System.getProperty("k6t.writeGolden");
        return InterfaceVariants.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String xml = InterfaceXml.toXml(e.getValue()) + "\n";
            if (writeTo != null) {
                Files.writeString(Path.of(writeTo, e.getKey() + ".xml"), xml, StandardCharsets.UTF_8);
            }
            assertThat(xml).isEqualTo(InterfaceVariants.resource(e.getKey()));
        })).toList();
    }

    @TestFactory
    List<DynamicTest> everyVariantReadsBackAsTheSameSpec() {
        return InterfaceVariants.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String domain = InterfaceVariants.domainWith("k6t-" + e.getKey(), e.getValue());
            List<InterfaceSpec> read = DomainXml.interfaces(domain).stream().map(DomainInterface::toSpec).toList();
            assertThat(read).isEqualTo(e.getValue());
        })).toList();
    }

    @Test
    void theDesignDefaultHasUnmanagedTapModelMacMtuAliasAndNoRom() {
        DomainInterface read = DomainXml.interfaces(InterfaceVariants.domainWith("d",
                InterfaceVariants.all().get("ethernet-default"))).get(0);
        assertThat(read.type()).isEqualTo("ethernet");
        assertThat(read.targetDevice()).contains("tap0");
        assertThat(read.unmanagedTap()).isTrue();
        assertThat(read.model()).contains("virtio-non-transitional");
        assertThat(read.mac()).contains("02:00:00:74:17:75");
        assertThat(read.mtu()).hasValue(1450);
        assertThat(read.alias()).contains("ua-default");
        assertThat(read.romDisabled()).isTrue();
        assertThat(read.bootOrder()).isEmpty();
        assertThat(read.queues()).isEmpty();
        assertThat(read.linkDown()).isFalse();
    }

    @Test
    void randomSpecsSurviveWriteThenRead() throws IOException {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 300; i++) {
            InterfaceSpec spec = RandomSpecs.spec(random, "n" + i);
            String domain = DomainXml.insertInterface(InterfaceVariants.resource(InterfaceVariants.BASE_DOMAIN), spec);
            assertThat(DomainXml.interfaces(domain)).as("seed %d, %s", seed, spec).hasSize(1);
            assertThat(DomainXml.interfaces(domain).get(0).toSpec()).as("seed %d", seed).isEqualTo(spec);
        }
    }

    @Test
    void specsOfTheVariantsAreDistinct() {
        Map<String, List<InterfaceSpec>> all = InterfaceVariants.all();
        assertThat(all.values().stream().distinct().count()).isEqualTo(all.size());
    }
}
