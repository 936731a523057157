package io.k6t.net.it.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.libvirt.InterfaceVariants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every generated document validates against libvirt's own RNG schema ({@code virt-xml-validate}). */
class InterfaceSchemaIT {
    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        Prerequisites.requireTool("virt-xml-validate", "libvirt-clients");
        Prerequisites.requireTool("xmllint", "libxml2-utils");
    }

    @TestFactory
    List<DynamicTest> everyVariantValidatesInATestDomain() {
        return InterfaceVariants.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertValid(e.getKey(), InterfaceVariants.domainWith("k6t-" + e.getKey(), e.getValue()))))
                .toList();
    }

    @TestFactory
    List<DynamicTest> everyVariantValidatesInTheQemuDomainOfTheDaemonTest() {
        return InterfaceVariants.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String xml = LibvirtTestSupport.q35Domain("k6t-" + e.getKey());
            for (InterfaceSpec spec : e.getValue()) {
                xml = io.k6t.net.libvirt.DomainXml.insertInterface(xml, spec);
            }
            assertValid("q35-" + e.getKey(), xml);
        })).toList();
    }

    @Test
    void randomSpecsValidate() throws IOException {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, List<InterfaceSpec>> variants = InterfaceVariants.all();
        List<InterfaceSpec> pool = variants.values().stream().flatMap(List::stream).toList();
        for (int i = 0; i < 20; i++) {
            InterfaceSpec spec = pool.get(random.nextInt(pool.size())).toBuilder()
                    .name("r" + i).mtu(68 + random.nextInt(65468)).queues(1 + random.nextInt(256))
                    .bootOrder(1 + random.nextInt(100)).linkDown(random.nextBoolean()).build();
            String xml = InterfaceVariants.domainWith("k6t-random-" + i, List.of(spec));
            Path file = write("random-" + i, xml);
            TestNetwork.Result result = validate(file);
            assertThat(result.exitCode()).as("seed %d, %s:\n%s\n%s", seed, spec, xml, result.output()).isZero();
        }
    }

    /** The validator really checks interfaces: a broken one fails (so a pass above means something). */
    @Test
    void anInvalidInterfaceFailsValidation() throws IOException {
        String good = InterfaceVariants.domainWith("k6t-bad", InterfaceVariants.all().get("ethernet-default"));
        for (String bad : List.of(good.replace("managed=\"no\"", "managed=\"maybe\""),
                good.replace("<mtu size=\"1450\"/>", "<mtu size=\"big\"/>"),
                good.replace("type=\"ethernet\"", "type=\"wire\""))) {
            TestNetwork.Result result = validate(write("bad", bad));
            assertThat(result.exitCode()).as(bad).isNotZero();
        }
    }

    private void assertValid(String name, String xml) throws IOException {
        TestNetwork.Result result = validate(write(name, xml));
        assertThat(result.exitCode()).as("virt-xml-validate of %s:\n%s\n%s", name, xml, result.output()).isZero();
        assertThat(result.output()).contains("validates");
    }

    private Path write(String name, String xml) throws IOException {
        Path file = tmp.resolve(name + ".xml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file;
    }

    private static TestNetwork.Result validate(Path file) {
        return TestNetwork.runForResult(List.of("virt-xml-validate", file.toString(), "domain"));
    }
}
