package io.k6t.net.it.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.libvirt.Affect;
import io.k6t.net.libvirt.DomainInterface;
import io.k6t.net.libvirt.DomainXmlException;
import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.libvirt.InterfaceVariants;
import io.k6t.net.libvirt.InvalidInterfaceSpecException;
import io.k6t.net.libvirt.LibvirtConnector;
import io.k6t.net.libvirt.LibvirtException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** libvirt's {@code test:///default} driver (libvirt0 only, no daemon): define and read back every variant. */
class LibvirtTestDriverIT {
    private static final String BAD_INTERFACE_DOMAIN = "<domain type='test'><name>k6t-bad</name><memory>65536</memory>"
            + "<os><type arch='x86_64'>hvm</type></os><devices><interface type='%s'>%s</interface></devices></domain>";

    private LibvirtConnector libvirt;

    @BeforeEach
    void open() throws LibvirtException {
        libvirt = LibvirtConnector.open("test:///default");
    }

    @AfterEach
    void close() throws LibvirtException {
        libvirt.close();
    }

    @TestFactory
    List<DynamicTest> everyVariantDefinesStartsAndReadsBack() {
        return InterfaceVariants.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String name = "k6t-" + e.getKey();
            String defined = libvirt.define(InterfaceVariants.resource(InterfaceVariants.BASE_DOMAIN)
                    .replace("k6t-base", name), e.getValue());
            assertThat(defined).isEqualTo(name);
            assertThat(specs(libvirt.persistentInterfaces(name), e.getValue())).isEqualTo(e.getValue());
            libvirt.start(name);
            assertThat(libvirt.isActive(name)).isTrue();
            assertThat(specs(libvirt.interfaces(name), e.getValue())).isEqualTo(e.getValue());
            libvirt.destroy(name);
            assertThat(libvirt.isActive(name)).isFalse();
            libvirt.undefine(name);
            assertThatThrownBy(() -> libvirt.isActive(name)).isInstanceOfSatisfying(LibvirtException.class,
                    ex -> assertThat(ex.code()).isEqualTo(LibvirtException.NO_DOMAIN));
        })).toList();
    }

    @Test
    void libvirtRefusesABadMacWithAnXmlError() {
        assertXmlError("ethernet", "<mac address='02:00:00:00:zz:01'/><target dev='tap0' managed='no'/>",
                "02:00:00:00:zz:01");
    }

    @Test
    void libvirtRefusesAMulticastMacWithAnXmlError() {
        assertXmlError("ethernet", "<mac address='01:00:5e:00:00:01'/><target dev='tap0' managed='no'/>",
                "multicast");
    }

    @Test
    void libvirtRefusesABridgeWithoutSourceWithAnXmlError() {
        assertXmlError("bridge", "<mac address='02:00:00:00:00:01'/>", "source");
    }

    @Test
    void theSpecRefusesTheSameInputBeforeLibvirtSeesIt() {
        assertThatThrownBy(() -> InterfaceSpec.builder().mac("02:00:00:00:zz:01"))
                .isInstanceOfSatisfying(InvalidInterfaceSpecException.class,
                        e -> assertThat(e.field()).isEqualTo("mac"));
        assertThatThrownBy(() -> InterfaceSpec.builder().mac("01:00:5e:00:00:01"))
                .isInstanceOfSatisfying(InvalidInterfaceSpecException.class,
                        e -> assertThat(e.value()).isEqualTo("01:00:5e:00:00:01"));
        assertThatThrownBy(() -> InterfaceSpec.builder().name("default").mac("02:00:00:00:00:01").build())
                .isInstanceOfSatisfying(InvalidInterfaceSpecException.class,
                        e -> assertThat(e.field()).isEqualTo("source"));
    }

    @Test
    void theTestDriverCannotAttachAndSaysSoWithItsCode() throws LibvirtException {
        String name = libvirt.define(InterfaceVariants.resource(InterfaceVariants.BASE_DOMAIN)
                .replace("k6t-base", "k6t-attach"), List.of());
        libvirt.start(name);
        InterfaceSpec spec = InterfaceSpec.builder().name("hot").ethernet("tap1").build();
        assertThatThrownBy(() -> libvirt.attachInterface(name, spec, Affect.LIVE))
                .isInstanceOfSatisfying(LibvirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(LibvirtException.NO_SUPPORT);
                    assertThat(e.codeName()).isEqualTo("VIR_ERR_NO_SUPPORT");
                    assertThat(e.operation()).isEqualTo("attach interface ua-hot to domain k6t-attach");
                });
        assertThatThrownBy(() -> libvirt.detachInterface(name, "ua-hot", Affect.LIVE))
                .isInstanceOfSatisfying(DomainXmlException.class,
                        e -> assertThat(e.reason()).isEqualTo(DomainXmlException.Reason.UNKNOWN_ALIAS));
        libvirt.destroy(name);
        libvirt.undefine(name);
    }

    @Test
    void aDomainWithoutDevicesIsRefusedBeforeLibvirtAndNothingIsDefined() throws LibvirtException {
        String noDevices = "<domain type='test'><name>k6t-nodev</name><memory>65536</memory>"
                + "<os><type arch='x86_64'>hvm</type></os></domain>";
        InterfaceSpec spec = InterfaceSpec.builder().name("default").ethernet("tap0").build();
        assertThatThrownBy(() -> libvirt.define(noDevices, List.of(spec)))
                .isInstanceOfSatisfying(DomainXmlException.class,
                        e -> assertThat(e.reason()).isEqualTo(DomainXmlException.Reason.MISSING_DEVICES));
        assertThatThrownBy(() -> libvirt.isActive("k6t-nodev")).isInstanceOfSatisfying(LibvirtException.class,
                e -> assertThat(e.code()).isEqualTo(LibvirtException.NO_DOMAIN));
    }

    @Test
    void unknownDomainIsNoDomain() {
        assertThatThrownBy(() -> libvirt.start("k6t-none")).isInstanceOfSatisfying(LibvirtException.class, e -> {
            assertThat(e.code()).isEqualTo(LibvirtException.NO_DOMAIN);
            assertThat(e.codeName()).isEqualTo("VIR_ERR_NO_DOMAIN");
        });
    }

    @Test
    void aClosedConnectorRefusesWork() throws LibvirtException {
        LibvirtConnector other = LibvirtConnector.open("test:///default");
        other.close();
        other.close();
        assertThatThrownBy(() -> other.isActive("test")).isInstanceOf(IllegalStateException.class);
    }

    /** The read-back specs; where the spec left the MAC to libvirt, the one it generated is checked and dropped. */
    private static List<InterfaceSpec> specs(List<DomainInterface> read, List<InterfaceSpec> expected) {
        assertThat(read).hasSameSizeAs(expected);
        return IntStream.range(0, read.size()).mapToObj(i -> {
            InterfaceSpec spec = read.get(i).toSpec();
            if (expected.get(i).mac().isPresent()) {
                return spec;
            }
            assertThat(spec.mac().orElseThrow()).startsWith("52:54:00:");
            return spec.toBuilder().anyMac().build();
        }).toList();
    }

    private void assertXmlError(String type, String body, String messagePart) {
        String xml = String.format(BAD_INTERFACE_DOMAIN, type, body);
        assertThatThrownBy(() -> libvirt.define(xml)).isInstanceOfSatisfying(LibvirtException.class, e -> {
            assertThat(e.code()).isEqualTo(LibvirtException.XML_ERROR);
            assertThat(e.codeName()).isEqualTo("VIR_ERR_XML_ERROR");
            assertThat(e.errorDomainName()).isEqualTo("VIR_FROM_DOMAIN");
            assertThat(e.errorDomain()).isEqualTo(20);
            assertThat(e.libvirtMessage()).contains(messagePart);
        });
    }
}
